import type { Db } from '../../db/database.js';
import type { WorkRecordRow } from '../../db/schema.js';
import { FORMER_MEMBER_NAME, isFormerHandle } from '../../shared/former.js';

/** Reads for a member's public face, used wherever a member is shown: their summary and completion record. */

export interface MemberSummaryRow {
  id: string;
  handle: string;
  name: string;
  headline: string;
  /** A deleted member (docs/account-deletion.md): shown as "a former member", with no handle to link to. */
  former: boolean;
}

export { FORMER_MEMBER_NAME };

/**
 * A member row as it is shown: a deleted member's tombstone (deleted_at set, or its handle when a join read
 * only that) becomes "a former member" with no handle.
 */
export function memberSummaryOf(r: {
  id: string;
  handle: string;
  name: string;
  headline: string;
  deleted_at?: string | null;
}): MemberSummaryRow {
  return r.deleted_at || isFormerHandle(r.handle)
    ? { id: r.id, handle: '', name: FORMER_MEMBER_NAME, headline: '', former: true }
    : { id: r.id, handle: r.handle, name: r.name, headline: r.headline, former: false };
}

export async function listMemberSummaries(db: Db, ids: string[]): Promise<Map<string, MemberSummaryRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('members')
    .select(['id', 'handle', 'name', 'headline', 'deleted_at'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, memberSummaryOf(r)]));
}

/**
 * How a helper's engagements ended: completed, abandoned by them, abandoned by the owner. Read from the
 * counters on their member row (0010), kept by every completion and abandonment, so a busy helper's profile
 * does not count their whole history.
 */
export async function completionRecord(db: Db, helperId: string) {
  const row = await db
    .selectFrom('members')
    .select(['completed_as_helper', 'abandoned_by_helper', 'abandoned_by_owner'])
    .where('id', '=', helperId)
    .executeTakeFirst();
  return {
    completed: Number(row?.completed_as_helper ?? 0),
    abandonedByHelper: Number(row?.abandoned_by_helper ?? 0),
    abandonedByOwner: Number(row?.abandoned_by_owner ?? 0),
  };
}

/** The distinct skills of a member's verified work records (proof counts more than a claim). */
/** How many of a member's newest verified work records their verified skills are read from (a bound). */
export const VERIFIED_SKILLS_FROM = 500;

/**
 * The skills of a member's verified work: of their newest VERIFIED_SKILLS_FROM verified records, so a busy
 * helper's profile or recommendations never read their whole history (a walk of work_records_member).
 */
export async function listVerifiedWorkSkills(db: Db, memberId: string): Promise<string[]> {
  const newest = db
    .selectFrom('work_records')
    .select('id')
    .where('member_id', '=', memberId)
    .where('verified', '=', 1)
    .orderBy('occurred_on', 'desc')
    .orderBy('id', 'desc')
    .limit(VERIFIED_SKILLS_FROM);
  const rows = await db
    .selectFrom('work_record_skills')
    .select('work_record_skills.skill')
    .distinct()
    .where('work_record_skills.work_record_id', 'in', newest)
    .execute();
  return rows.map((r) => r.skill);
}

export async function listWorkRecordsById(db: Db, ids: string[]): Promise<WorkRecordRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('work_records').selectAll().where('id', 'in', ids).execute();
}

/**
 * The newest `perMember` verified work records of each of these members, newest first, in one statement: one
 * LIMITed walk of work_records_member (member_id, verified, occurred_on, id) per member, joined by UNION ALL,
 * so a busy helper's offer never reads their whole history. (A correlated `wr.id IN (… LIMIT)` join is the
 * same on SQLite, but PostgreSQL plans it as a nested loop over every work record: 3 s at 550 k records.)
 */
export async function listRecentVerifiedWork(
  db: Db,
  memberIds: string[],
  perMember: number,
): Promise<WorkRecordRow[]> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return [];
  const arm = (id: string) =>
    db
      .selectFrom(
        db
          .selectFrom('work_records')
          .selectAll()
          .where('member_id', '=', id)
          .where('verified', '=', 1)
          .orderBy('occurred_on', 'desc')
          .orderBy('id', 'desc')
          .limit(perMember)
          .as('t'),
      )
      .selectAll();
  let query = arm(ids[0]!);
  for (const id of ids.slice(1)) query = query.unionAll(arm(id));
  const rows = await query.execute();
  return rows.sort((x, y) =>
    x.occurred_on !== y.occurred_on ? (x.occurred_on < y.occurred_on ? 1 : -1) : x.id < y.id ? 1 : -1,
  );
}

/** How many verified work records each of these members has: a count of work_records_member alone. */
export async function countVerifiedWork(db: Db, memberIds: string[]): Promise<Map<string, number>> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('work_records')
    .select(['member_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('member_id', 'in', ids)
    .where('verified', '=', 1)
    .groupBy('member_id')
    .execute();
  return new Map(rows.map((r) => [r.member_id, Number(r.n)]));
}

/** Which of these work records belong to the member. */
export async function ownWorkRecordIds(db: Db, memberId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('work_records')
    .select('id')
    .where('id', 'in', ids)
    .where('member_id', '=', memberId)
    .execute();
  return rows.map((r) => r.id);
}

export async function findWorkRecordByTitle(db: Db, memberId: string, title: string) {
  return db
    .selectFrom('work_records')
    .select('id')
    .where('member_id', '=', memberId)
    .where('title', '=', title)
    .executeTakeFirst();
}

export interface WorkRecordOriginRow {
  engagement_id: string;
  owner_id: string;
  owner_handle: string;
  owner_name: string;
  overflow_id: string;
  overflow_title: string;
  visibility: 'public' | 'members' | 'ask';
  ask_member_id: string | null;
  rating: number | null;
}

/**
 * Where verified work records came from: the engagement's owner (who verified it), the overflow and the rating,
 * for a page of records (each engagement, member and overflow read by primary key).
 */
export async function listWorkRecordOrigins(
  db: Db,
  engagementIds: (string | null)[],
): Promise<Map<string, WorkRecordOriginRow>> {
  const ids = [...new Set(engagementIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('engagements as e')
    .innerJoin('members as m', 'm.id', 'e.owner_id')
    .innerJoin('overflow as o', 'o.id', 'e.overflow_id')
    .select([
      'e.id as engagement_id',
      'e.owner_id',
      'm.handle as owner_handle',
      'm.name as owner_name',
      'o.id as overflow_id',
      'o.title as overflow_title',
      'o.visibility',
      'o.ask_member_id',
      'e.rating',
    ])
    .where('e.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.engagement_id, r]));
}

/** The owner's record on their member row (0011), kept in step by accepting offers and completions. */
export async function ownerRecord(db: Db, memberId: string) {
  const row = await db
    .selectFrom('members')
    .select([
      'given_out',
      'completed_as_owner',
      'ratings_given_sum',
      'ratings_given_count',
      'endorsements_written',
    ])
    .where('id', '=', memberId)
    .executeTakeFirst();
  return {
    givenOut: Number(row?.given_out ?? 0),
    completed: Number(row?.completed_as_owner ?? 0),
    ratingsGivenSum: Number(row?.ratings_given_sum ?? 0),
    ratingsGivenCount: Number(row?.ratings_given_count ?? 0),
    endorsementsWritten: Number(row?.endorsements_written ?? 0),
  };
}

/**
 * The newest endorsements an owner wrote (engagements they completed themself), with the verified record each
 * went on: a LIMITed walk of engagements_owner_updated, each record, helper and overflow read by primary key.
 */
export async function listEndorsementsWritten(db: Db, ownerId: string, limit: number) {
  return db
    .selectFrom('engagements as e')
    .innerJoin('work_records as w', 'w.id', 'e.work_record_id')
    .innerJoin('members as h', 'h.id', 'e.helper_id')
    .innerJoin('members as m', 'm.id', 'e.owner_id')
    .innerJoin('overflow as o', 'o.id', 'e.overflow_id')
    .select([
      'e.id as engagement_id',
      'e.owner_id',
      'e.endorsement',
      'e.rating',
      'e.completed_at',
      'w.id as work_record_id',
      'w.member_id',
      'w.verified',
      'w.details_public',
      'w.title',
      'w.summary',
      'w.url',
      'h.handle as helper_handle',
      'h.name as helper_name',
      'm.handle as owner_handle',
      'm.name as owner_name',
      'o.id as overflow_id',
      'o.title as overflow_title',
      'o.visibility',
      'o.ask_member_id',
    ])
    .where('e.owner_id', '=', ownerId)
    .where('e.status', '=', 'completed')
    .where('e.auto_completed', '=', 0)
    .orderBy('e.updated_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
}
