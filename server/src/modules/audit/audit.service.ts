import type { Actor, AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { decodeCursor, toPage, type Page } from '../../shared/pagination.js';
import { describeAudit } from './audit.describe.js';
import { requireAuditReader } from './audit.policy.js';
import * as repo from './audit.repository.js';

/**
 * What the audit log records (docs/decisions/0024-account-security.md). Admin actions name what the admin did; security events
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

export interface AuditPerson {
  handle: string | null;
  name: string;
}

export interface AuditLine {
  id: string;
  action: string;
  description: string;
  createdAt: string;
  actor: AuditPerson | null;
  member: AuditPerson | null;
  subjectType: string;
  subjectId: string;
  ip: string | null;
  userAgent: string | null;
}

const person = (handle: string | null, name: string | null, deletedAt: string | null): AuditPerson | null =>
  handle === null && name === null
    ? null
    : deletedAt
      ? { handle: null, name: 'A former member' }
      : { handle, name: name ?? '' };

function parseDetail(raw: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * The audit log, newest first: a member's own events (`mine`), or, for administrators, everyone's (`all`,
 * optionally one member's). Each line carries its sentence (describeAudit).
 */
export async function listAuditLog(
  ctx: AppContext,
  actor: Actor | null,
  q: { scope: 'mine' | 'all'; member?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<AuditLine>> {
  // Asking for one member's lines is reading everyone's log, narrowed: administrators only.
  const scope = q.member !== undefined ? 'all' : q.scope;
  const a = requireAuditReader(actor, scope);
  const cursor = decodeCursor(q.cursor);
  let memberId: string | undefined = scope === 'mine' ? a.memberId : undefined;
  if (scope === 'all' && q.member !== undefined) {
    memberId = await repo.findMemberIdByHandle(ctx.db, q.member);
    if (!memberId) throw notFound(`@${q.member}`, 'MEMBER_NOT_FOUND');
  }
  const rows = await repo.listAuditPage(ctx.db, { memberId, cursor, limit: q.limit });
  const page = toPage(rows, q.limit, (r) => ({ key: r.created_at, id: r.id }));
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id,
      action: r.action,
      description: describeAudit(r.action, parseDetail(r.detail)),
      createdAt: r.created_at,
      actor: person(r.actor_handle, r.actor_name, r.actor_deleted_at),
      member: person(r.member_handle, r.member_name, r.member_deleted_at),
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      ip: r.ip,
      userAgent: r.user_agent,
    })),
  };
}
