import type { Db } from '../../db/database.js';
import { newId } from '../../shared/ids.js';
import * as repo from './audit.repository.js';

/**
 * What the audit log records (docs/decisions/0021). Admin actions name what the admin did; security events
 * name what happened to the account. One list, so the log's readers can describe every line.
 */
export type AuditAction =
  // admin reads and actions
  'engagement.messages.read' | 'email.outbox.read' | (string & {});

export interface AuditEvent {
  /** Whom the event concerns: they see it in their own log. NULL for instance-wide admin actions. */
  memberId: string | null;
  /** Who did it; NULL when the instance did (a job). */
  actorId: string | null;
  action: AuditAction;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, unknown>;
  /** The request's address and browser, for security events (never a secret). */
  ip?: string | null;
  userAgent?: string | null;
}

/** Writes one audit line; call it inside the transaction of the change it records. */
export async function recordAudit(db: Db, event: AuditEvent, now: Date): Promise<void> {
  await repo.insertAudit(db, {
    id: newId(now),
    member_id: event.memberId,
    actor_id: event.actorId,
    action: event.action,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    detail: JSON.stringify(event.detail ?? {}),
    ip: event.ip ?? null,
    user_agent: event.userAgent ? event.userAgent.slice(0, 300) : null,
    created_at: now.toISOString(),
  });
}
