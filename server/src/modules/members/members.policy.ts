import { LIMITS } from '../../../../packages/rules/index.js';
import type { Actor } from '../../context.js';
import type { WorkRecordRow } from '../../db/schema.js';
import { conflict, notFound, unauthorized } from '../../shared/errors.js';
import { grantAllows, overflowGrants, type OverflowAudience } from '../../shared/visibility.js';
import { isFormerHandle } from '../../shared/former.js';

export const MAX_PROFILE_SKILLS = LIMITS.profileSkillsMax;
export const MAX_WORK_RECORDS = 500;

/** A signed-in member, or 401. (Auth builds on members, never the other way round: auth.policy re-exports this.) */
export function requireMember(actor: Actor | null): Actor {
  if (!actor) throw unauthorized();
  return actor;
}

/** Only the owner changes a work record, and only a self-reported one: verified work is a record of what others endorsed. */
export function requireEditableWorkRecord(
  actor: Actor | null,
  record: WorkRecordRow | undefined,
): WorkRecordRow {
  const a = requireMember(actor);
  // Another member's record is "not found" rather than "forbidden", so ids reveal nothing.
  if (!record || record.member_id !== a.memberId) throw notFound('Work record', 'WORK_RECORD_NOT_FOUND');
  if (record.verified) {
    throw conflict(
      'WORK_RECORD_VERIFIED',
      'Verified work records come from completed engagements and cannot be edited or deleted.',
    );
  }
  return record;
}

/** The neutral title a verified record shows to others when its details are private. */
export const PRIVATE_WORK_TITLE = 'Verified work for a member';

/**
 * What a work record shows to this viewer: the one rule every read path goes through (profile, work record
 * pages, offer evidence, noticed notes). A verified record whose details are private (details_public = 0)
 * shows others only its rating, skills, endorsement and date, under a neutral title; its helper and the owner
 * who verified it see everything. Where the details show, the record names who verified it, and the overflow
 * it came from when that is public (and the details are public) or the viewer may see the overflow anyway.
 */
export function workRecordShownTo(
  record: Pick<WorkRecordRow, 'member_id' | 'verified' | 'details_public' | 'title' | 'summary' | 'url'>,
  origin:
    | (OverflowAudience & {
        owner_handle: string;
        owner_name: string;
        overflow_id: string;
        overflow_title: string;
      })
    | undefined,
  viewer: Pick<Actor, 'memberId' | 'emailVerified'> | null,
): {
  title: string;
  summary: string;
  url: string | null;
  detailsHidden: boolean;
  verifiedBy: { handle: string; name: string } | null;
  overflow: { id: string; title: string } | null;
} {
  const party = !!viewer && (viewer.memberId === record.member_id || viewer.memberId === origin?.owner_id);
  const hidden = record.verified === 1 && record.details_public === 0 && !party;
  const overflowShown =
    !!origin &&
    !hidden &&
    (party ||
      (origin.visibility === 'public' && record.details_public === 1) ||
      overflowGrants(viewer).some((g) => grantAllows(g, origin)));
  return {
    title: hidden ? PRIVATE_WORK_TITLE : record.title,
    summary: hidden ? '' : record.summary,
    url: hidden ? null : record.url,
    detailsHidden: hidden,
    verifiedBy:
      origin && !hidden
        ? // A former member (docs/account-deletion.md) has no handle to link to.
          { handle: isFormerHandle(origin.owner_handle) ? '' : origin.owner_handle, name: origin.owner_name }
        : null,
    overflow: origin && overflowShown ? { id: origin.overflow_id, title: origin.overflow_title } : null,
  };
}
