import type { Actor } from '../../context.js';
import type { EngagementRow } from '../../db/schema.js';
import { forbidden, notFound } from '../../shared/errors.js';
import { requireMember } from '../auth/auth.policy.js';

/** Only the two parties (and admins, read-only) see an engagement; others get "not found". */
export function requireParty(
  actor: Actor | null,
  e: EngagementRow | undefined,
  allowAdmin = false,
): EngagementRow {
  const a = requireMember(actor);
  if (!e) throw notFound('Engagement', 'ENGAGEMENT_NOT_FOUND');
  if (e.owner_id === a.memberId || e.helper_id === a.memberId || (allowAdmin && a.role === 'admin')) return e;
  throw notFound('Engagement', 'ENGAGEMENT_NOT_FOUND');
}

export function requireHelper(actor: Actor | null, e: EngagementRow | undefined): EngagementRow {
  const row = requireParty(actor, e);
  if (row.helper_id !== actor!.memberId)
    throw forbidden('Only the helper can do this.', 'NOT_ENGAGEMENT_HELPER');
  return row;
}

export function requireOwner(actor: Actor | null, e: EngagementRow | undefined): EngagementRow {
  const row = requireParty(actor, e);
  if (row.owner_id !== actor!.memberId)
    throw forbidden('Only the owner of the overflow can do this.', 'NOT_ENGAGEMENT_OWNER');
  return row;
}
