import type { Actor, AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { ReportStatus, ReportSubjectType } from '../../db/schema.js';
import { enqueueEmail } from '../../email/outbox.js';
import { reinstatementEmail, suspensionEmail } from '../../email/templates.js';
import { addMs, HOUR, iso, localDate } from '../../shared/clock.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { decodeCursor, toPage, type Page } from '../../shared/pagination.js';
import { requireMember } from '../auth/auth.policy.js';
import * as authRepo from '../auth/auth.repository.js';
import * as adminRepo from '../admin/admin.repository.js';
import { recordAudit } from '../audit/audit.service.js';
import * as profileRepo from '../members/profile.repository.js';
import { notify } from '../notifications/notifications.service.js';
import * as overflowRepo from '../overflow/overflow.repository.js';
import { canViewOverflow } from '../overflow/overflow.policy.js';
import { closePendingOffers } from '../overflow/overflow.service.js';
import { requireModerator } from './moderation.policy.js';
import * as repo from './moderation.repository.js';
import type { REPORT_REASONS } from './moderation.schemas.js';

// ---- members --------------------------------------------------------------------------------------------

export interface AdminMemberView {
  id: string;
  handle: string;
  name: string;
  email: string;
  emailVerified: boolean;
  role: 'member' | 'admin';
  trusted: boolean;
  suspendedAt: string | null;
  deleted: boolean;
  createdAt: string;
}

const memberView = (r: repo.AdminMemberRow): AdminMemberView => ({
  id: r.id,
  handle: r.handle,
  name: r.name,
  email: r.email,
  emailVerified: r.email_verified_at !== null,
  role: r.role,
  trusted: r.trusted === 1,
  suspendedAt: r.suspended_at,
  deleted: r.deleted_at !== null,
  createdAt: r.created_at,
});

/** The instance's members in handle order, searchable by handle, name or email prefix (admin). */
export async function listMembers(
  ctx: AppContext,
  actor: Actor | null,
  q: {
    q?: string | undefined;
    role?: 'member' | 'admin' | undefined;
    suspended?: boolean | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<AdminMemberView>> {
  requireModerator(actor);
  const cursor = decodeCursor(q.cursor);
  const prefix = q.q?.trim().replace(/^@/, '').toLowerCase() || undefined;
  const rows = await repo.listMembersPage(ctx.db, {
    prefix,
    role: q.role,
    suspended: q.suspended,
    after: cursor?.key,
    limit: q.limit,
  });
  const page = toPage(rows, q.limit, (r) => ({ key: r.handle, id: r.id }));
  return { items: page.items.map(memberView), nextCursor: page.nextCursor };
}

async function memberByHandle(db: Db, handle: string): Promise<repo.AdminMemberRow> {
  const m = await repo.findMemberByHandle(db, handle.replace(/^@/, '').toLowerCase());
  if (!m || m.deleted_at) throw notFound(`Member @${handle}`, 'MEMBER_NOT_FOUND');
  return m;
}

/**
 * Changes a member's role (member or admin) and whether they are trusted for merit (admin). The last admin
 * cannot stop being one: the instance would have nobody to run it. Takes the instance settings lock, so two
 * admins demoting each other at once cannot leave none.
 */
export async function setRole(
  ctx: AppContext,
  actor: Actor | null,
  handle: string,
  body: { role?: 'member' | 'admin' | undefined; trusted?: boolean | undefined },
): Promise<AdminMemberView> {
  const admin = requireModerator(actor);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await adminRepo.lockInstanceSettings(trx);
    const m = await memberByHandle(trx, handle);
    if (body.role === 'member' && m.role === 'admin' && (await repo.countAdmins(trx)) <= 1) {
      throw conflict(
        'LAST_ADMIN',
        m.id === admin.memberId
          ? 'You are the only administrator: make someone else an administrator before you step down.'
          : `@${m.handle} is the only administrator: make someone else an administrator first.`,
      );
    }
    await repo.setRoleAndTrust(trx, m.id, body, iso(now));
    if (body.role !== undefined && body.role !== m.role) {
      await recordAudit(
        trx,
        {
          memberId: m.id,
          actorId: admin.memberId,
          action: 'admin.role_changed',
          subjectType: 'member',
          subjectId: m.id,
          detail: { handle: m.handle, from: m.role, to: body.role },
        },
        now,
      );
    }
    if (body.trusted !== undefined && body.trusted !== (m.trusted === 1)) {
      await recordAudit(
        trx,
        {
          memberId: m.id,
          actorId: admin.memberId,
          action: 'admin.trust_changed',
          subjectType: 'member',
          subjectId: m.id,
          detail: { handle: m.handle, trusted: body.trusted },
        },
        now,
      );
    }
    return memberView((await repo.findMemberByHandle(trx, m.handle))!);
  });
}

/**
 * Suspends a member in the caller's transaction: marks them (authenticate refuses them from now on), signs
 * them out (sessions deleted, tokens revoked), moves their open overflow out of every list, writes the audit
 * line and emails them. Their history stays; pending offers they made stay, and cannot be accepted.
 */
async function applySuspension(
  ctx: AppContext,
  trx: Db,
  adminId: string,
  m: repo.AdminMemberRow,
  reason: string,
  now: Date,
  via: { reportId?: string } = {},
): Promise<boolean> {
  if (m.id === adminId) throw conflict('CANNOT_SUSPEND_SELF', 'You cannot suspend your own account.');
  if (!(await repo.markSuspended(trx, m.id, iso(now)))) return false;
  await authRepo.deleteMemberSessions(trx, m.id);
  await authRepo.revokeMemberAccessTokens(trx, m.id, iso(now));
  const hidden = await repo.suspendOpenOverflow(trx, m.id, iso(now));
  await recordAudit(
    trx,
    {
      memberId: m.id,
      actorId: adminId,
      action: 'admin.member_suspended',
      subjectType: 'member',
      subjectId: m.id,
      detail: { handle: m.handle, reason, overflowHidden: hidden.length, ...via },
    },
    now,
  );
  const instance = await adminRepo.getInstanceSettings(trx);
  await enqueueEmail(
    ctx,
    trx,
    {
      ...suspensionEmail({
        instanceName: instance.name,
        to: m.email,
        name: m.name,
        reason,
        url: ctx.config.publicUrl,
      }),
      memberId: m.id,
      kind: 'account',
    },
    now,
  );
  return true;
}

export async function suspendMember(
  ctx: AppContext,
  actor: Actor | null,
  handle: string,
  reason: string,
): Promise<AdminMemberView> {
  const admin = requireModerator(actor);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const m = await memberByHandle(trx, handle);
    if (m.id === admin.memberId)
      throw conflict('CANNOT_SUSPEND_SELF', 'You cannot suspend your own account.');
    if (!(await applySuspension(ctx, trx, admin.memberId, m, reason, now)))
      throw conflict('ALREADY_SUSPENDED', `@${m.handle} is already suspended.`);
    return memberView((await repo.findMemberByHandle(trx, m.handle))!);
  });
}

/**
 * Lifts a suspension: the member can sign in again; their suspended overflow opens again if it is not yet
 * due, and expires (closing its pending offers) if it fell due meanwhile.
 */
export async function reinstateMember(
  ctx: AppContext,
  actor: Actor | null,
  handle: string,
): Promise<AdminMemberView> {
  const admin = requireModerator(actor);
  const now = ctx.clock.now();
  const today = localDate(now, 'UTC');
  return ctx.db.transaction().execute(async (trx) => {
    const m = await memberByHandle(trx, handle);
    if (!(await repo.clearSuspended(trx, m.id, iso(now))))
      throw conflict('NOT_SUSPENDED', `@${m.handle} is not suspended.`);
    const held = await repo.listSuspendedOverflow(trx, m.id);
    const due = held.filter((o) => o.due_key < today);
    await repo.restoreOverflow(
      trx,
      held.filter((o) => o.due_key >= today).map((o) => o.id),
      'open',
      iso(now),
    );
    await repo.restoreOverflow(
      trx,
      due.map((o) => o.id),
      'expired',
      iso(now),
    );
    for (const o of due) await closePendingOffers(ctx, trx, now, o, 'expired');
    await recordAudit(
      trx,
      {
        memberId: m.id,
        actorId: admin.memberId,
        action: 'admin.member_reinstated',
        subjectType: 'member',
        subjectId: m.id,
        detail: { handle: m.handle, overflowReopened: held.length - due.length, overflowExpired: due.length },
      },
      now,
    );
    const instance = await adminRepo.getInstanceSettings(trx);
    await enqueueEmail(
      ctx,
      trx,
      {
        ...reinstatementEmail({
          instanceName: instance.name,
          to: m.email,
          name: m.name,
          url: ctx.config.publicUrl,
        }),
        memberId: m.id,
        kind: 'account',
      },
      now,
    );
    return memberView((await repo.findMemberByHandle(trx, m.handle))!);
  });
}

// ---- reports --------------------------------------------------------------------------------------------

type ReportReason = (typeof REPORT_REASONS)[number];

/** Reports a member may file in a day: enough for a bad day, not enough to flood the queue. */
export const REPORTS_PER_DAY = 20;

/** Who may read the reported content: its author, the members it is addressed to, or by the content's rule. */
async function canSee(ctx: AppContext, actor: Actor, s: repo.SubjectRow): Promise<boolean> {
  const mine = s.authorId === actor.memberId;
  if (s.deletedAt) return false;
  if (s.hiddenAt && !mine && actor.role !== 'admin') return false;
  if (s.readers && !mine && !s.readers.includes(actor.memberId) && actor.role !== 'admin') return false;
  if (s.overflowId) {
    const o = await overflowRepo.findOverflowById(ctx.db, s.overflowId);
    if (!o || !canViewOverflow(actor, o)) return false;
  }
  return true;
}

export interface ReportReceipt {
  id: string;
  status: ReportStatus;
  createdAt: string;
}

/**
 * A signed-in member with a confirmed email reports content they can see, with a reason from the list. Content
 * they cannot see is "not found", whether or not it exists. A second report while theirs is open is the same
 * report (`created: false`). At most REPORTS_PER_DAY a day.
 */
export async function reportContent(
  ctx: AppContext,
  actor: Actor | null,
  input: { subjectType: ReportSubjectType; subjectId: string; reason: ReportReason; note: string },
): Promise<{ report: ReportReceipt; created: boolean }> {
  const a = requireMember(actor);
  if (!a.emailVerified)
    throw forbidden('Confirm your email address first, then you can report content.', 'EMAIL_NOT_VERIFIED');
  const [subject] = await repo.findSubjects(ctx.db, input.subjectType, [input.subjectId]);
  if (!subject || !(await canSee(ctx, a, subject)))
    throw notFound('The content you reported', 'REPORT_SUBJECT_NOT_FOUND');
  if (subject.authorId === a.memberId)
    throw badRequest('BAD_REQUEST', 'This is your own; you cannot report it.');
  const now = ctx.clock.now();
  const existing = await repo.findOpenReport(ctx.db, a.memberId, input.subjectType, input.subjectId);
  if (existing) return { report: receipt(existing), created: false };
  const recent = await repo.countReportsSince(
    ctx.db,
    a.memberId,
    iso(addMs(now, -24 * HOUR)),
    REPORTS_PER_DAY,
  );
  if (recent >= REPORTS_PER_DAY)
    throw new AppError(
      429,
      'RATE_LIMITED',
      `You have sent ${REPORTS_PER_DAY} reports in the last day. Thank you; the moderators will get to them. Try again tomorrow.`,
      undefined,
      3600,
    );
  const row = {
    id: newId(now),
    reporter_id: a.memberId,
    subject_type: input.subjectType,
    subject_id: input.subjectId,
    subject_member_id: subject.authorId,
    reason: input.reason,
    note: input.note,
    status: 'open' as const,
    resolved_by: null,
    resolved_at: null,
    resolution_note: null,
    created_at: iso(now),
  };
  if (!(await repo.insertReport(ctx.db, row))) {
    // A second report at the same moment as the first: the first stands.
    const first = await repo.findOpenReport(ctx.db, a.memberId, input.subjectType, input.subjectId);
    if (first) return { report: receipt(first), created: false };
    throw conflict('ALREADY_REPORTED', 'You have already reported this.');
  }
  return { report: receipt(row), created: true };
}

const receipt = (r: { id: string; status: ReportStatus; created_at: string }): ReportReceipt => ({
  id: r.id,
  status: r.status,
  createdAt: r.created_at,
});

const EXCERPT = 280;
const excerptOf = (s: string) => (s.length > EXCERPT ? `${s.slice(0, EXCERPT - 1)}…` : s);

function pathOf(s: repo.SubjectRow, handle: string | undefined): string | null {
  switch (s.type) {
    case 'member':
      return handle ? `/@${handle}` : null;
    case 'overflow':
    case 'question':
      return s.overflowId ? `/overflow/${s.overflowId}` : null;
    case 'thanks':
      return null;
    default:
      return null;
  }
}

/** The report queue (admin): one status, newest first (open by default), each with the content and its author. */
export async function listReports(
  ctx: AppContext,
  actor: Actor | null,
  q: { status: ReportStatus | 'all'; cursor?: string | undefined; limit: number },
) {
  requireModerator(actor);
  const rows = await repo.listReportsPage(ctx.db, {
    status: q.status === 'all' ? undefined : q.status,
    limit: q.limit,
    cursor: decodeCursor(q.cursor),
  });
  const page = toPage(rows, q.limit, (r) => ({ key: r.created_at, id: r.id }));
  const subjects = new Map<string, repo.SubjectRow>();
  const byType = new Map<ReportSubjectType, string[]>();
  for (const r of page.items)
    byType.set(r.subject_type, [...(byType.get(r.subject_type) ?? []), r.subject_id]);
  for (const [type, ids] of byType)
    for (const s of await repo.findSubjects(ctx.db, type, [...new Set(ids)]))
      subjects.set(`${type}:${s.id}`, s);
  const people = await profileRepo.listMemberSummaries(ctx.db, [
    ...page.items.map((r) => r.reporter_id),
    ...[...subjects.values()].map((s) => s.authorId),
  ]);
  const suspended = new Set(
    (
      await repo.suspendedAmong(
        ctx.db,
        [...subjects.values()].map((s) => s.authorId),
      )
    ).map((r) => r.id),
  );
  const open = await repo.countOpenBySubject(
    ctx.db,
    [...subjects.values()].map((s) => ({ type: s.type, id: s.id })),
  );
  const summary = (id: string | null | undefined) => {
    const p = id ? people.get(id) : undefined;
    return p ? { id: p.id, handle: p.handle, name: p.name } : null;
  };
  return {
    items: page.items.map((r) => {
      const s = subjects.get(`${r.subject_type}:${r.subject_id}`);
      const author = summary(s?.authorId ?? r.subject_member_id);
      return {
        id: r.id,
        status: r.status,
        reason: r.reason as ReportReason,
        note: r.note,
        createdAt: r.created_at,
        reporter: summary(r.reporter_id),
        subject: {
          type: r.subject_type,
          id: r.subject_id,
          title: s?.title ?? null,
          excerpt: s ? excerptOf(s.text) : '(no longer there)',
          hidden: s?.hiddenAt != null,
          path: s ? pathOf(s, author?.handle) : null,
          author: author && { ...author, suspended: suspended.has(author.id) },
          openReports: open.get(`${r.subject_type}:${r.subject_id}`) ?? 0,
        },
        resolvedAt: r.resolved_at,
        resolutionNote: r.resolution_note,
      };
    }),
    nextCursor: page.nextCursor,
  };
}

const OUTCOME = { hide: 'hidden', suspend: 'suspended', dismiss: 'dismissed' } as const;

/**
 * Acts on a report (admin): hide the content (it leaves every view but its author's history), suspend its
 * author, or dismiss. Every open report on the same content resolves with it, and each reporter is told the
 * outcome. Audited.
 */
export async function resolveReport(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: { action: 'hide' | 'suspend' | 'dismiss'; note: string },
): Promise<{ status: ReportStatus; resolved: number }> {
  const admin = requireModerator(actor);
  const report = await repo.findReport(ctx.db, id);
  if (!report) throw notFound('Report', 'REPORT_NOT_FOUND');
  if (report.status !== 'open')
    throw conflict('REPORT_RESOLVED', `This report was already resolved (${report.status}).`);
  if (input.action === 'hide' && report.subject_type === 'member')
    throw badRequest(
      'CANNOT_HIDE_PROFILE',
      'A profile cannot be hidden: suspend the member or dismiss the report.',
    );
  const now = ctx.clock.now();
  const status = OUTCOME[input.action];
  return ctx.db.transaction().execute(async (trx) => {
    const [subject] = await repo.findSubjects(trx, report.subject_type, [report.subject_id]);
    const resolved = await repo.resolveOpenReports(trx, report.subject_type, report.subject_id, {
      status,
      resolvedBy: admin.memberId,
      note: input.note,
      now: iso(now),
    });
    if (!resolved.some((r) => r.id === report.id))
      throw conflict('REPORT_RESOLVED', 'This report was resolved meanwhile.');
    const authorId = subject?.authorId ?? report.subject_member_id;
    if (input.action === 'hide' && subject && report.subject_type !== 'member') {
      await repo.hideSubject(trx, report.subject_type, report.subject_id, iso(now));
      await recordAudit(
        trx,
        {
          memberId: authorId,
          actorId: admin.memberId,
          action: 'admin.content_hidden',
          subjectType: report.subject_type,
          subjectId: report.subject_id,
          detail: { reportId: report.id },
        },
        now,
      );
    }
    if (input.action === 'suspend' && authorId) {
      const author = await repo.findMemberById(trx, authorId);
      if (author && !author.deleted_at)
        await applySuspension(
          ctx,
          trx,
          admin.memberId,
          author,
          input.note || `Reported: ${report.reason.replace('_', ' ')}`,
          now,
          { reportId: report.id },
        );
    }
    await recordAudit(
      trx,
      {
        memberId: authorId,
        actorId: admin.memberId,
        action: 'admin.report_resolved',
        subjectType: 'report',
        subjectId: report.id,
        detail: {
          action: input.action,
          subjectType: report.subject_type,
          subjectId: report.subject_id,
          reports: resolved.length,
          note: input.note,
        },
      },
      now,
    );
    // The reporter is sent back to the overflow only where it is still to be seen.
    const overflowId =
      report.subject_type === 'question' || (report.subject_type === 'overflow' && status === 'dismissed')
        ? (subject?.overflowId ?? null)
        : null;
    for (const r of resolved) {
      await notify(ctx, trx, now, {
        memberId: r.reporter_id,
        type: 'report_resolved',
        actorId: null,
        subject: { type: 'report', id: r.id },
        data: {
          outcome: status,
          subjectType: report.subject_type,
          title: subject?.title ?? null,
          overflowId,
        },
      });
    }
    return { status, resolved: resolved.length };
  });
}
