import type { Actor, AppContext } from '../../context.js';
import { addMs, DAY, iso } from '../../shared/clock.js';
import { hashSecret, newSecret } from '../../shared/ids.js';
import { badRequest, notFound } from '../../shared/errors.js';
import { decodeCursor, toPage, type Page } from '../../shared/pagination.js';
import { requireAdmin } from './admin.policy.js';
import * as repo from './admin.repository.js';
import { recordAudit } from '../audit/audit.service.js';
import * as merit from '../merit/merit.service.js';

export type SignupMode = 'open' | 'invite' | 'domains';

export interface InstanceView {
  name: string;
  signupMode: SignupMode;
  allowedDomains: string[];
  /** Days after a delivery before an unreviewed engagement completes by itself (anti-ghosting). */
  autoCompleteDays: number;
  /** The community insights page is public (signed out included). */
  insightsPublic: boolean;
}

function toView(row: Awaited<ReturnType<typeof repo.getInstanceSettings>>): InstanceView {
  return {
    name: row.name,
    signupMode: row.signup_mode,
    allowedDomains: JSON.parse(row.allowed_domains) as string[],
    autoCompleteDays: row.auto_complete_days,
    insightsPublic: row.insights_public === 1,
  };
}

export async function getInstance(ctx: AppContext): Promise<InstanceView> {
  return toView(await repo.getInstanceSettings(ctx.db));
}

export async function updateInstance(
  ctx: AppContext,
  actor: Actor | null,
  patch: Partial<InstanceView>,
): Promise<InstanceView> {
  requireAdmin(actor);
  const current = await getInstance(ctx);
  const mode = patch.signupMode ?? current.signupMode;
  const domains = patch.allowedDomains ?? current.allowedDomains;
  if (mode === 'domains' && domains.length === 0) {
    // An empty list would silently close sign-up to everyone.
    throw badRequest(
      'DOMAINS_REQUIRED',
      'List at least one email domain when sign-up is limited to domains.',
    );
  }
  const now = iso(ctx.clock.now());
  await repo.updateInstanceSettings(ctx.db, {
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.signupMode !== undefined && { signup_mode: patch.signupMode }),
    ...(patch.allowedDomains !== undefined && { allowed_domains: JSON.stringify(patch.allowedDomains) }),
    ...(patch.autoCompleteDays !== undefined && { auto_complete_days: patch.autoCompleteDays }),
    ...(patch.insightsPublic !== undefined && { insights_public: patch.insightsPublic ? 1 : 0 }),
    updated_at: now,
  });
  return getInstance(ctx);
}

/** An invite code for invite-only sign-up: shown once, stored hashed, single use, 14 days. */
export async function createInvite(
  ctx: AppContext,
  actor: Actor | null,
): Promise<{ code: string; expiresAt: string }> {
  const admin = requireAdmin(actor);
  const now = ctx.clock.now();
  const code = newSecret().slice(0, 22);
  const expiresAt = iso(addMs(now, 14 * DAY));
  await repo.insertInvite(ctx.db, {
    codeHash: hashSecret(code),
    createdBy: admin.memberId,
    now: iso(now),
    expiresAt,
  });
  return { code, expiresAt };
}

/** A member's trust as a seed of merit, for the admin page's lookup. */
export async function getMemberTrust(ctx: AppContext, actor: Actor | null, handle: string) {
  requireAdmin(actor);
  return merit.getMemberTrust(ctx, handle);
}

/** Marks a member trusted (a seed of merit) or not; logged with the admin who did it. */
export async function setMemberTrusted(
  ctx: AppContext,
  actor: Actor | null,
  handle: string,
  trusted: boolean,
) {
  const admin = requireAdmin(actor);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const view = await merit.setMemberTrust({ ...ctx, db: trx }, handle, trusted);
    await recordAudit(
      trx,
      {
        memberId: view.id,
        actorId: admin.memberId,
        action: 'admin.trust_changed',
        subjectType: 'member',
        subjectId: view.id,
        detail: { handle: view.handle, trusted },
      },
      now,
    );
    return view;
  });
}

export interface OutboxItemView {
  id: string;
  to: string;
  subject: string;
  kind: string;
  status: repo.OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  failedAt: string | null;
  /** When the drain tries it next; null once it is sent or has failed for good. */
  nextAttemptAt: string | null;
  messageId: string | null;
}

export interface OutboxMessageView extends OutboxItemView {
  headers: Record<string, string>;
  text: string;
  html: string;
}

function toOutboxItem(r: repo.OutboxListRow): OutboxItemView {
  const status: repo.OutboxStatus = r.sent_at ? 'sent' : r.failed_at ? 'failed' : 'pending';
  return {
    id: r.id,
    to: r.to_address,
    subject: r.subject,
    kind: r.kind,
    status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    failedAt: r.failed_at,
    nextAttemptAt: status === 'pending' ? r.next_attempt_at : null,
    messageId: r.message_id,
  };
}

/** Recent outbox rows, newest first (admin): what went out, what waits, what failed and why. */
export async function listOutbox(
  ctx: AppContext,
  actor: Actor | null,
  q: { status?: repo.OutboxStatus | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<OutboxItemView>> {
  requireAdmin(actor);
  const cursor = decodeCursor(q.cursor);
  const rows = await repo.listOutboxPage(ctx.db, { status: q.status, limit: q.limit, cursor });
  const page = toPage(rows, q.limit, (r) => ({ key: r.created_at, id: r.id }));
  return { items: page.items.map(toOutboxItem), nextCursor: page.nextCursor };
}

/**
 * One message with its content (admin). Reading it is reading a member's email, so every read is on record
 * in the admin audit ('email.outbox.read'), as reading an engagement's conversation is.
 */
export async function getOutboxMessage(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
): Promise<OutboxMessageView> {
  const admin = requireAdmin(actor);
  const row = await repo.findOutboxMessage(ctx.db, id);
  if (!row) throw notFound('Email');
  const now = ctx.clock.now();
  await recordAudit(
    ctx.db,
    {
      memberId: row.member_id,
      actorId: admin.memberId,
      action: 'email.outbox.read',
      subjectType: 'email_outbox',
      subjectId: row.id,
      detail: { kind: row.kind, memberId: row.member_id },
    },
    now,
  );
  return {
    ...toOutboxItem(row),
    headers: JSON.parse(row.headers) as Record<string, string>,
    text: row.text_body,
    html: row.html_body,
  };
}
