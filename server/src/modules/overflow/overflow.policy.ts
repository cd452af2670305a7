import type { Actor } from '../../context.js';
import type { MemberRow, OverflowRow } from '../../db/schema.js';
import { AppError, forbidden, notFound } from '../../shared/errors.js';
import { grantAllows, overflowGrants } from '../../shared/visibility.js';
import { requireMember } from '../auth/auth.policy.js';

/**
 * Who may see an overflow: public → anyone; members → members with a confirmed email; a direct ask → its
 * owner and the one asked. The same grants drive the SQL of every list (shared/visibility.ts).
 */
export function canViewOverflow(actor: Actor | null, o: OverflowRow): boolean {
  if (isRemovedOverflow(o) && !seesRemoved(actor, o)) return false;
  return overflowGrants(actor).some((g) => grantAllows(g, o));
}

/**
 * Hidden by a moderator, or open overflow of a suspended member (status 'suspended'): it leaves every view
 * but its owner's and the admins' (moderation; docs/decisions/0021-moderation.md).
 */
export function isRemovedOverflow(o: Pick<OverflowRow, 'hidden_at' | 'status'>): boolean {
  return o.hidden_at !== null || o.status === 'suspended';
}

function seesRemoved(actor: Actor | null, o: OverflowRow): boolean {
  return !!actor && (actor.memberId === o.owner_id || actor.role === 'admin');
}

/**
 * An overflow the actor may not see is "not found": its existence is not confirmed. One they could see
 * before a moderator removed it says so.
 */
export function requireVisibleOverflow(actor: Actor | null, o: OverflowRow | undefined): OverflowRow {
  if (!o) throw notFound('Overflow', 'OVERFLOW_NOT_FOUND');
  if (canViewOverflow(actor, o)) return o;
  if (isRemovedOverflow(o) && overflowGrants(actor).some((g) => grantAllows(g, o)))
    throw new AppError(
      404,
      'OVERFLOW_REMOVED',
      o.hidden_at
        ? 'This overflow was removed by a moderator.'
        : 'This overflow is not available: its owner’s account is suspended.',
    );
  throw notFound('Overflow', 'OVERFLOW_NOT_FOUND');
}

export function requireOverflowOwner(actor: Actor | null, o: OverflowRow | undefined): OverflowRow {
  const a = requireMember(actor);
  const visible = requireVisibleOverflow(a, o);
  if (visible.owner_id !== a.memberId)
    throw forbidden('Only the owner of this overflow can do this.', 'NOT_OVERFLOW_OWNER');
  return visible;
}

/** Posting and offering need a confirmed email: it keeps throwaway accounts out of the loop. */
export function requireVerifiedMember(member: MemberRow | undefined): MemberRow {
  if (!member) throw forbidden();
  if (!member.email_verified_at) {
    throw forbidden(
      'Confirm your email address first (we sent you a link when you signed up).',
      'EMAIL_NOT_VERIFIED',
    );
  }
  return member;
}
