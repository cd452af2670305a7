import type { Db } from '../../db/database.js';
import { visibleTo } from '../../db/overflow-visibility.js';
import type { OverflowGrant } from '../../shared/visibility.js';
import { unionAllOf } from '../../db/helpers.js';

/**
 * Matching reads: bounded candidate sets built from index walks, scored in memory by the service. Nothing
 * here grows with the number of postings or members: every walk has a LIMIT on an index in its order.
 */

export interface RecommendationCandidate {
  id: string;
  owner_id: string;
  created_at: string;
  due_on: string | null;
}

/**
 * The skills of a member's newest `records` verified work records, strongest first: by how many of those
 * records show the skill, then by the newest record that shows it. One walk of work_records_member
 * (member_id, verified, occurred_on, id) newest first, stopped at its LIMIT, each record's skills read by
 * the primary key of work_record_skills: bounded however long the member's history is.
 */
export async function listRecentVerifiedSkills(
  db: Db,
  memberId: string,
  records: number,
): Promise<{ skill: string; n: number; newest: string }[]> {
  const newest = db
    .selectFrom('work_records')
    .select(['work_records.id', 'work_records.occurred_on'])
    .where('work_records.member_id', '=', memberId)
    .where('work_records.verified', '=', 1)
    .orderBy('work_records.occurred_on', 'desc')
    .orderBy('work_records.id', 'desc')
    .limit(records);
  const rows = await db
    .selectFrom(newest.as('newest'))
    .innerJoin('work_record_skills as wrs', 'wrs.work_record_id', 'newest.id')
    .select([
      'wrs.skill',
      (eb) => eb.fn.countAll<string | number>().as('n'),
      (eb) => eb.fn.max('newest.occurred_on').as('newest'),
    ])
    .groupBy('wrs.skill')
    .execute();
  return rows
    .map((r) => ({ skill: r.skill, n: Number(r.n), newest: String(r.newest) }))
    .sort(
      (x, y) =>
        y.n - x.n || (x.newest < y.newest ? 1 : x.newest > y.newest ? -1 : 0) || (x.skill < y.skill ? -1 : 1),
    );
}

/**
 * Open overflow for a member: for each skill, the newest `perSkill` open postings with that skill that they
 * may see and that are not theirs, in one statement. Each arm walks the covering index overflow_skills_board
 * (skill, status, created_at, overflow_id) newest first, reads the overflow row by primary key inside the
 * arm (CROSS JOIN keeps the walk SQLite's outer loop, as on the board) so visibility and "not mine" never
 * thin an arm after its LIMIT, and stops at its LIMIT; the arms are joined with UNION ALL (`IN (…)` over all
 * the skills would sort every match). A posting with several of the skills comes back once per arm; the
 * caller de-duplicates, and drops what the member offered on (`listOfferedAmong`, one statement).
 */
export async function listRecommendationCandidates(
  db: Db,
  f: { memberId: string; skills: string[]; perSkill: number; grants: readonly OverflowGrant[] },
): Promise<RecommendationCandidate[]> {
  if (f.skills.length === 0) return [];
  const arm = (skill: string) =>
    db
      .selectFrom('overflow_skills as os')
      .crossJoin('overflow')
      .select(['overflow.id', 'overflow.owner_id', 'overflow.created_at', 'overflow.due_on'])
      .whereRef('overflow.id', '=', 'os.overflow_id')
      .where('os.skill', '=', skill)
      .where('os.status', '=', 'open')
      .where('overflow.owner_id', '!=', f.memberId)
      .where('overflow.hidden_at', 'is', null) // hidden by a moderator (moderation)
      .where(visibleTo(f.grants))
      .orderBy('os.created_at', 'desc')
      .orderBy('os.overflow_id', 'desc')
      .limit(f.perSkill);
  return unionAllOf(
    [...new Set(f.skills)].map((s, i) => db.selectFrom(arm(s).as(`arm${i}`)).selectAll()),
  ).execute();
}

/**
 * Which of these overflow the member ever offered on (any status): one statement, point lookups on
 * offers_helper_overflow (helper_id, overflow_id), covering.
 */
export async function listOfferedAmong(
  db: Db,
  memberId: string,
  overflowIds: string[],
): Promise<Set<string>> {
  if (overflowIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('offers')
    .select('overflow_id')
    .where('helper_id', '=', memberId)
    .where('overflow_id', 'in', [...new Set(overflowIds)])
    .execute();
  return new Set(rows.map((r) => r.overflow_id));
}

/**
 * The skills of these overflow, unordered: a range of the overflow_skills primary key (overflow_id, skill)
 * per overflow, covering (the board's listOverflowSkills also reads each row for its position).
 */
export async function listCandidateSkills(db: Db, overflowIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (overflowIds.length === 0) return out;
  const rows = await db
    .selectFrom('overflow_skills')
    .select(['overflow_id', 'skill'])
    .where('overflow_id', 'in', [...new Set(overflowIds)])
    .execute();
  for (const r of rows)
    (out.get(r.overflow_id) ?? out.set(r.overflow_id, []).get(r.overflow_id)!).push(r.skill);
  return out;
}

/** The overall merit (skill '') of these members, by primary key: member → top_fraction. */
export async function listOverallMerit(db: Db, memberIds: string[]): Promise<Map<string, number>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('merit_scores')
    .select(['member_id', 'top_fraction'])
    .where('member_id', 'in', [...new Set(memberIds)])
    .where('skill', '=', '')
    .execute();
  return new Map(rows.map((r) => [r.member_id, r.top_fraction]));
}

export interface MeritRow {
  member_id: string;
  skill: string;
  score: number;
  rank: number;
  top_fraction: number;
}

/** The merit rows of these members in these skills ('' is overall), by primary key. */
export async function listMerit(db: Db, memberIds: string[], skills: string[]): Promise<MeritRow[]> {
  if (memberIds.length === 0 || skills.length === 0) return [];
  return db
    .selectFrom('merit_scores')
    .select(['member_id', 'skill', 'score', 'rank', 'top_fraction'])
    .where('member_id', 'in', [...new Set(memberIds)])
    .where('skill', 'in', [...new Set(skills)])
    .execute();
}

/** The highest-ranked members in one skill: a walk of merit_scores (skill, rank, member_id) from the top. */
export async function listTopMeritMembers(db: Db, skill: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('merit_scores')
    .select('member_id')
    .where('skill', '=', skill)
    .orderBy('rank', 'asc')
    .orderBy('member_id', 'asc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.member_id);
}

/**
 * Members with the newest verified work in one skill: a walk of work_record_skills (skill, work_record_id)
 * newest first (ids are time-ordered), each record checked by primary key.
 */
export async function listRecentVerifiedMembers(db: Db, skill: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('work_record_skills')
    .innerJoin('work_records', 'work_records.id', 'work_record_skills.work_record_id')
    .select('work_records.member_id')
    .where('work_record_skills.skill', '=', skill)
    .where('work_records.verified', '=', 1)
    .orderBy('work_record_skills.work_record_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.member_id);
}

/** Per member, their verified work records with any of these skills and which of the skills they show. */
export async function listVerifiedWorkInSkills(
  db: Db,
  memberIds: string[],
  skills: string[],
): Promise<{ member_id: string; work_record_id: string; skill: string }[]> {
  if (memberIds.length === 0 || skills.length === 0) return [];
  return db
    .selectFrom('work_records')
    .innerJoin('work_record_skills', 'work_record_skills.work_record_id', 'work_records.id')
    .select(['work_records.member_id', 'work_records.id as work_record_id', 'work_record_skills.skill'])
    .where('work_records.member_id', 'in', [...new Set(memberIds)])
    .where('work_records.verified', '=', 1)
    .where('work_record_skills.skill', 'in', skills)
    .execute();
}

/** All verified work records per member (the count a profile shows). */
export async function countVerifiedWork(db: Db, memberIds: string[]): Promise<Map<string, number>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('work_records')
    .select(['member_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('member_id', 'in', [...new Set(memberIds)])
    .where('verified', '=', 1)
    .groupBy('member_id')
    .execute();
  return new Map(rows.map((r) => [r.member_id, Number(r.n)]));
}

/** The capacity slots each helper's engagements take (active, or delivered and awaiting review). */
export async function countSlotsTaken(db: Db, memberIds: string[]): Promise<Map<string, number>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('engagements')
    .select(['helper_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('helper_id', 'in', [...new Set(memberIds)])
    .where('status', 'in', ['active', 'delivered'])
    .groupBy('helper_id')
    .execute();
  return new Map(rows.map((r) => [r.helper_id, Number(r.n)]));
}

export interface HelperCandidateRow {
  id: string;
  handle: string;
  name: string;
  headline: string;
  capacity: number;
  email_verified_at: string | null;
}

export async function listMembersByIds(db: Db, ids: string[]): Promise<HelperCandidateRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('members')
    .select(['id', 'handle', 'name', 'headline', 'capacity', 'email_verified_at'])
    .where('id', 'in', [...new Set(ids)])
    .where('suspended_at', 'is', null) // a suspended member is never suggested (moderation)
    .execute();
}

/** Everyone who ever offered on this overflow (any status). */
export async function listOfferHelperIds(db: Db, overflowId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('offers')
    .select('helper_id')
    .distinct()
    .where('overflow_id', '=', overflowId)
    .execute();
  return rows.map((r) => r.helper_id);
}

/** Whether the member ever offered on this overflow (any status). */
export async function hasOffered(db: Db, overflowId: string, memberId: string): Promise<boolean> {
  const row = await db
    .selectFrom('offers')
    .select('id')
    .where('overflow_id', '=', overflowId)
    .where('helper_id', '=', memberId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listInvitedMemberIds(db: Db, overflowId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('overflow_invitations')
    .select('member_id')
    .where('overflow_id', '=', overflowId)
    .execute();
  return rows.map((r) => r.member_id);
}

export async function countInvitations(db: Db, overflowId: string): Promise<number> {
  const row = await db
    .selectFrom('overflow_invitations')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('overflow_id', '=', overflowId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Claims the one invitation of this member to this overflow: false when they were invited before. The
 * primary key answers through ON CONFLICT DO NOTHING (an error would abort a PostgreSQL transaction).
 */
export async function insertInvitation(
  db: Db,
  row: { overflow_id: string; member_id: string; invited_by: string; created_at: string },
): Promise<boolean> {
  const r = await db
    .insertInto('overflow_invitations')
    .values(row)
    .onConflict((oc) => oc.columns(['overflow_id', 'member_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}
