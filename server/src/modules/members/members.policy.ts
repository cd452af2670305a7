import { LIMITS } from '../../../../packages/rules/index.js';
import type { Actor } from '../../context.js';
import type { WorkRecordRow } from '../../db/schema.js';
import { conflict, notFound, unauthorized } from '../../shared/errors.js';

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
