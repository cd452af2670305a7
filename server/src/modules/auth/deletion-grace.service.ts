import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { deletionCancelledEmail } from '../../email/deletion-templates.js';
import { enqueueEmail } from '../../email/outbox.js';
import { iso } from '../../shared/clock.js';
import * as adminRepo from '../admin/admin.repository.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repo from './deletion-grace.repository.js';

/**
 * Cancels a member's pending deletion (docs/account-deletion.md), in the caller's transaction: the request is
 * cleared (a conditional update, so it happens once), the audit log says so and the member is emailed. False
 * when nothing was pending. Signing in during the grace period calls this; so does the member's own cancel.
 */
export async function cancelPendingDeletion(
  ctx: AppContext,
  db: Db,
  member: { id: string; email: string; name: string },
  how: { bySignIn: boolean; ip?: string | null; userAgent?: string | null },
): Promise<boolean> {
  const now = ctx.clock.now();
  if (!(await repo.clearDeletionRequest(db, member.id, iso(now)))) return false;
  await recordAudit(
    db,
    {
      memberId: member.id,
      actorId: member.id,
      action: 'security.deletion_cancelled',
      subjectType: 'member',
      subjectId: member.id,
      detail: { by: how.bySignIn ? 'sign_in' : 'member' },
      ip: how.ip ?? null,
      userAgent: how.userAgent ?? null,
    },
    now,
  );
  const instance = await adminRepo.getInstanceSettings(db);
  await enqueueEmail(
    ctx,
    db,
    deletionCancelledEmail({
      instanceName: instance.name,
      to: member.email,
      memberId: member.id,
      name: member.name,
      bySignIn: how.bySignIn,
      accountUrl: `${ctx.config.publicUrl}/settings/account`,
    }),
    now,
  );
  return true;
}

/** Signing in during the grace period cancels the deletion (one call in `login`). */
export async function cancelDeletionOnSignIn(
  ctx: AppContext,
  member: { id: string; email: string; name: string; deletion_due_at: string | null },
  meta: { ip: string; userAgent: string },
): Promise<void> {
  if (!member.deletion_due_at) return;
  const cancelled = await ctx.db
    .transaction()
    .execute((trx) =>
      cancelPendingDeletion(ctx, trx, member, { bySignIn: true, ip: meta.ip, userAgent: meta.userAgent }),
    );
  // The member is told now, not at the outbox's next round.
  if (cancelled) ctx.outbox.kick();
}
