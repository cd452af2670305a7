import type { Db } from '../../db/database.js';
import { visibleTo } from '../../db/overflow-visibility.js';
import type { OverflowGrant } from '../../shared/visibility.js';

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
 * Open overflow for a member: for each of their skills, the newest `perSkill` open postings with that skill
 * that they may see, that are not theirs and that they have not offered on. Each arm walks the covering
 * index overflow_skills (skill, status, created_at, overflow_id) newest first and stops at its LIMIT; the
 * arms are joined with UNION ALL into one statement (`id IN (…)` over all skills would sort every match).
 * A posting with several of the member's skills comes back once per arm; the caller de-duplicates.
 */
export async function listRecommendationCandidates(
  db: Db,
  f: { memberId: string; skills: string[]; perSkill: number; grants: readonly OverflowGrant[] },
): Promise<RecommendationCandidate[]> {
  if (f.skills.length === 0) return [];
  const arm = (skill: string) =>
    db
      .selectFrom('overflow_skills')
      .innerJoin('overflow', 'overflow.id', 'overflow_skills.overflow_id')
      .select(['overflow.id', 'overflow.owner_id', 'overflow.created_at', 'overflow.due_on'])
      .where('overflow_skills.skill', '=', skill)
      .where('overflow_skills.status', '=', 'open')
      .where('overflow.status', '=', 'open')
      .where('overflow.owner_id', '!=', f.memberId)
      .where(visibleTo(f.grants))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('offers')
              .select('offers.id')
              .whereRef('offers.overflow_id', '=', 'overflow_skills.overflow_id')
              .where('offers.helper_id', '=', f.memberId),
          ),
        ),
      )
      .orderBy('overflow_skills.created_at', 'desc')
      .orderBy('overflow_skills.overflow_id', 'desc')
      .limit(f.perSkill);
  const [first, ...rest] = f.skills.map((s, i) => db.selectFrom(arm(s).as(`arm${i}`)).selectAll());
  let q = first!;
  for (const r of rest) q = q.unionAll(r);
  return q.execute();
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
