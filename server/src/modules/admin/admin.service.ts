import type { Actor, AppContext } from '../../context.js';
import { addMs, DAY, iso } from '../../shared/clock.js';
import { hashSecret, newSecret } from '../../shared/ids.js';
import { badRequest } from '../../shared/errors.js';
import { requireAdmin } from './admin.policy.js';
import * as repo from './admin.repository.js';
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
  const view = await merit.setMemberTrust(ctx, handle, trusted);
  ctx.log.info(
    { audit: 'member_trusted', adminId: admin.memberId, handle: view.handle, trusted },
    'member trust changed',
  );
  return view;
}
