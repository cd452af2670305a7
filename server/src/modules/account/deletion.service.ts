import type { Actor, AppContext } from '../../context.js';
import { deletionRequestedEmail } from '../../email/deletion-templates.js';
import { enqueueEmail } from '../../email/outbox.js';
import { addMs, DAY, iso } from '../../shared/clock.js';
import { badRequest, conflict, unauthorized } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import * as adminRepo from '../admin/admin.repository.js';
import { recordAudit } from '../audit/audit.service.js';
import { requireMember, requireSession } from '../auth/auth.policy.js';
import { cancelPendingDeletion } from '../auth/deletion-grace.service.js';
import { verifyPassword } from '../auth/password.js';
import { abandonIn } from '../engagements/engagements.service.js';
import { notify } from '../notifications/notifications.service.js';
import { withdrawIn } from '../offers/offers.service.js';
import { closeOpenOverflow } from '../overflow/overflow.service.js';
import * as repo from './deletion.repository.js';

/** How long a deletion request waits, cancellable by signing in (docs/account-deletion.md). */
export const DELETION_GRACE_MS = 7 * DAY;

/** Members erased per batch of the job; the job walks batches until none is due. */
const BATCH = 20;

/** The reason the other party reads on an engagement abandoned because a member left. */
export const DEPARTURE_REASON =
  'The other member deleted their account, so this engagement has ended. Nothing is credited; the overflow is open again if it was yours.';

export interface DeletionState {
  requestedAt: string | null;
  dueAt: string | null;
  message: string;
}

export interface RequestMeta {
  ip: string;
  userAgent: string;
}

const normaliseHandle = (h: string) => h.trim().replace(/^@/, '').toLowerCase();

/**
 * `requestAccountDeletion`: from a browser session only (a leaked token must not delete an account), with the
 * current password and the handle typed to confirm. Starts the 7-day grace period, records it in the audit
 * log and emails the member the date and how to cancel.
 */
export async function requestAccountDeletion(
  ctx: AppContext,
  actor: Actor | null,
  input: { password: string; handle: string },
  meta: RequestMeta,
): Promise<DeletionState> {
  const a = requireSession(actor);
  const member = await repo.findLiveMember(ctx.db, a.memberId);
  if (!member) throw unauthorized();
  if (normaliseHandle(input.handle) !== member.handle) {
    throw badRequest(
      'DELETION_HANDLE_MISMATCH',
      `Type your handle, ${member.handle}, exactly to confirm that you want to delete this account.`,
      { field: 'handle' },
    );
  }
  if (!(await verifyPassword(member.password_hash, input.password))) {
    throw badRequest(
      'DELETION_PASSWORD_INCORRECT',
      'That is not your current password. Nothing was changed.',
      {
        field: 'password',
      },
    );
  }
  if (member.deletion_due_at) {
    throw conflict(
      'DELETION_ALREADY_PENDING',
      `Your account is already due to be deleted on ${member.deletion_due_at}. Cancel that first to ask again.`,
      { dueAt: member.deletion_due_at },
    );
  }
  const now = ctx.clock.now();
  const requestedAt = iso(now);
  const dueAt = iso(addMs(now, DELETION_GRACE_MS));
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.setDeletionRequest(trx, member.id, requestedAt, dueAt))) {
      throw conflict('DELETION_ALREADY_PENDING', 'Your account is already due to be deleted.');
    }
    await recordAudit(
      trx,
      {
        memberId: member.id,
        actorId: member.id,
        action: 'security.deletion_requested',
        subjectType: 'member',
        subjectId: member.id,
        detail: { dueAt },
        ip: meta.ip,
        userAgent: meta.userAgent,
      },
      now,
    );
    const instance = await adminRepo.getInstanceSettings(trx);
    await enqueueEmail(
      ctx,
      trx,
      deletionRequestedEmail({
        instanceName: instance.name,
        to: member.email,
        memberId: member.id,
        name: member.name,
        dueAt,
        accountUrl: `${ctx.config.publicUrl}/settings/account`,
      }),
      now,
    );
  });
  return {
    requestedAt,
    dueAt,
    message: 'Your account will be deleted in 7 days. Sign in or cancel before then to keep it.',
  };
}

/** `cancelAccountDeletion`: keeps the account. Nothing pending is not an error (the answer says so). */
export async function cancelAccountDeletion(
  ctx: AppContext,
  actor: Actor | null,
  meta: RequestMeta,
): Promise<DeletionState> {
  const a = requireMember(actor);
  const member = await repo.findLiveMember(ctx.db, a.memberId);
  if (!member) throw unauthorized();
  const cancelled = await ctx.db
    .transaction()
    .execute((trx) =>
      cancelPendingDeletion(ctx, trx, member, { bySignIn: false, ip: meta.ip, userAgent: meta.userAgent }),
    );
  return {
    requestedAt: null,
    dueAt: null,
    message: cancelled
      ? 'The deletion is cancelled. Your account stays as it is.'
      : 'Your account was not due to be deleted.',
  };
}

/**
 * The deletion job: every member whose grace period is over, in LIMITed batches of the members_deletion_due
 * walk, one transaction each (claimed first, so each runs once across processes). Returns how many it erased.
 */
export async function runDeletionJob(ctx: AppContext): Promise<number> {
  let erased = 0;
  for (;;) {
    const now = ctx.clock.now();
    const due = await repo.listDueDeletions(ctx.db, iso(now), BATCH);
    let done = 0;
    for (const d of due) if (await eraseOne(ctx, d.id, d.deletion_due_at)) done++;
    erased += done;
    if (due.length < BATCH || done === 0) break;
  }
  if (erased > 0) await repo.compactSearchAfterErasure(ctx.db);
  return erased;
}

/**
 * One member's deletion, in one transaction: what they still have going ends as if they had ended it
 * themselves (engagements abandoned with a notice to the other party, open overflow cancelled with its
 * pending offers declined, pending offers withdrawn), then their personal data goes and what others own
 * moves to a fresh tombstone id (docs/account-deletion.md). False when another process claimed it first or
 * the member cancelled meanwhile.
 */
async function eraseOne(ctx: AppContext, id: string, dueAt: string): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const member = await repo.claimDeletion(trx, id, dueAt, iso(now));
    if (!member) return false;
    for (const e of await repo.listLiveEngagementsOf(trx, id)) {
      await abandonIn(ctx, trx, now, e, id, DEPARTURE_REASON);
    }
    // After the abandonments: overflow they owned reopened, and is cancelled here with the rest.
    for (const o of await repo.listOpenOverflowOf(trx, id)) {
      await closeOpenOverflow(ctx, trx, o, 'cancelled', now);
    }
    for (const offer of await repo.listPendingOffersOf(trx, id)) {
      await withdrawIn(trx, offer, now);
    }
    // A direct ask to them can no longer be answered: closed (it stays as private as it was), and its owner
    // is told, so it does not wait for nobody until it expires.
    for (const o of await repo.listOpenAsksTo(trx, id)) {
      if (await closeOpenOverflow(ctx, trx, o, 'cancelled', now)) {
        await notify(ctx, trx, now, {
          memberId: o.owner_id,
          type: 'ask_closed',
          subject: { type: 'overflow', id: o.id },
          data: { title: o.title, overflowId: o.id },
        });
      }
    }
    const tombId = newId(now);
    await repo.eraseMember(trx, member, tombId, iso(now));
    await recordAudit(
      trx,
      {
        memberId: tombId,
        actorId: null,
        action: 'account.deleted',
        subjectType: 'member',
        subjectId: tombId,
        detail: { requestedAt: member.deletion_requested_at },
      },
      now,
    );
    return true;
  });
}
