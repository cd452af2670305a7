import { expressionBuilder, sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';
import { visibleTo } from '../../db/overflow-visibility.js';
import type { Database, OverflowStatus } from '../../db/schema.js';
import { matchMembersNewest, matchNewest, type SearchTerm, type TextMatch } from '../../db/search-index.js';
import type { OverflowGrant } from '../../shared/visibility.js';

export interface OverflowSearchFilter {
  grants: readonly OverflowGrant[];
  statuses?: OverflowStatus[] | undefined;
  skills?: string[] | undefined;
  minEffort?: number | undefined;
  maxEffort?: number | undefined;
  dueBefore?: string | undefined;
}

/**
 * The newest `cap` postings matching the text that the viewer may see and that pass the board's filters,
 * among the newest `window` postings matching the text: the bounded candidate set the service ranks
 * (docs/decisions/0014-search-design.md).
 */
export async function searchOverflowCandidates(
  db: Db,
  terms: readonly SearchTerm[],
  f: OverflowSearchFilter,
  cap: number,
  window: number,
): Promise<TextMatch[]> {
  const eb = expressionBuilder<Database, 'overflow'>();
  // Hidden by a moderator: in no search (moderation).
  const conditions = [visibleTo(f.grants)(eb), eb('overflow.hidden_at', 'is', null)];
  if (f.statuses) conditions.push(eb('overflow.status', 'in', f.statuses));
  if (f.minEffort !== undefined) conditions.push(eb('overflow.effort_hours', '>=', f.minEffort));
  if (f.maxEffort !== undefined) conditions.push(eb('overflow.effort_hours', '<=', f.maxEffort));
  if (f.dueBefore) {
    conditions.push(eb('overflow.due_on', 'is not', null), eb('overflow.due_on', '<=', f.dueBefore));
  }
  if (f.skills && f.skills.length) {
    const skills = f.skills;
    // Checked per candidate on the (overflow_id, skill) primary key, as the index walk reaches it.
    conditions.push(
      eb.exists(
        eb
          .selectFrom('overflow_skills')
          .select(sql<number>`1`.as('one'))
          .whereRef('overflow_skills.overflow_id', '=', 'overflow.id')
          .where('overflow_skills.skill', 'in', skills),
      ),
    );
  }
  return matchNewest(db, terms, eb.and(conditions), cap, window);
}

export interface MemberSearchRow {
  id: string;
  handle: string;
  name: string;
  headline: string;
  bio: string;
  capacity: number;
}

/**
 * Members whose public profile matches the text (and who have one of `skills`, when given): the newest `cap`
 * among the newest `window` matches of the people index (docs/decisions/0014-search-design.md, "People").
 */
export async function memberTextCandidates(
  db: Db,
  terms: readonly SearchTerm[],
  skills: readonly string[],
  cap: number,
  window: number,
): Promise<string[]> {
  const eb = expressionBuilder<Database, 'members'>();
  const where = skills.length
    ? // Checked per match on the (member_id, skill) primary key, as the walk reaches it.
      eb.exists(
        eb
          .selectFrom('member_skills')
          .select(sql<number>`1`.as('one'))
          .whereRef('member_skills.member_id', '=', 'members.id')
          .where('member_skills.skill', 'in', [...skills]),
      )
    : sql<SqlBool>`1 = 1`;
  return (await matchMembersNewest(db, terms, where, cap, window)).map((m) => m.id);
}

export interface MeritCandidate {
  memberId: string;
  score: number;
  topFraction: number;
}

/**
 * The highest-merit members in `skill` ('' = overall) who list it on their profile: a walk of the
 * (skill, rank) index that stops after `window` scores and keeps the first `cap` with the skill.
 */
export async function meritCandidates(
  db: Db,
  skill: string,
  cap: number,
  window: number,
): Promise<MeritCandidate[]> {
  const top = db
    .selectFrom('merit_scores')
    .select(['member_id', 'score', 'rank', 'top_fraction'])
    .where('skill', '=', skill)
    .orderBy('rank')
    .limit(window);
  let q = db.selectFrom(top.as('top')).select(['top.member_id', 'top.score', 'top.top_fraction']);
  if (skill !== '') {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('member_skills')
          .select(sql<number>`1`.as('one'))
          .whereRef('member_skills.member_id', '=', 'top.member_id')
          .where('member_skills.skill', '=', skill),
      ),
    );
  }
  const rows = await q.orderBy('top.rank').limit(cap).execute();
  return rows.map((r) => ({
    memberId: r.member_id,
    score: Number(r.score),
    topFraction: Number(r.top_fraction),
  }));
}

/**
 * Members with `skill` on their profile and no stored merit in it (not computed yet, or below the stored
 * band): the newest `cap` among the newest `window` holders of the skill, by the (skill, member_id) index.
 */
export async function unrankedSkillCandidates(
  db: Db,
  skill: string,
  cap: number,
  window: number,
): Promise<string[]> {
  const newest = db
    .selectFrom('member_skills')
    .select('member_id')
    .where('skill', '=', skill)
    .orderBy('member_id', 'desc')
    .limit(window);
  const rows = await db
    .selectFrom(newest.as('newest'))
    .select('newest.member_id')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('merit_scores')
            .select(sql<number>`1`.as('one'))
            .whereRef('merit_scores.member_id', '=', 'newest.member_id')
            .where('merit_scores.skill', '=', skill),
        ),
      ),
    )
    .orderBy('newest.member_id', 'desc')
    .limit(cap)
    .execute();
  return rows.map((r) => r.member_id);
}

/** Which of these members are suspended (primary-key lookups): people search leaves them out. */
export async function suspendedAmong(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('members')
    .select('id')
    .where('id', 'in', [...ids])
    .where('suspended_at', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The public profile fields of these members (never the email). */
export async function findMemberSearchRows(db: Db, ids: readonly string[]): Promise<MemberSearchRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('members')
    .select(['id', 'handle', 'name', 'headline', 'bio', 'capacity'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Each member's best stored merit among `skills` ('' = overall), by primary-key lookups. */
export async function meritOf(
  db: Db,
  ids: readonly string[],
  skills: readonly string[],
): Promise<Map<string, { score: number; topFraction: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('merit_scores')
    .select([
      'member_id',
      (eb) => eb.fn.max<number>('score').as('score'),
      (eb) => eb.fn.min<number>('top_fraction').as('top_fraction'),
    ])
    .where('member_id', 'in', [...ids])
    .where('skill', 'in', [...skills])
    .groupBy('member_id')
    .execute();
  return new Map(
    rows.map((r) => [r.member_id, { score: Number(r.score), topFraction: Number(r.top_fraction) }]),
  );
}

/** Verified work records per member, counted on the (member_id, verified, …) index. */
export async function countVerifiedWork(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('work_records')
    .select(['member_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('member_id', 'in', [...ids])
    .where('verified', '=', 1)
    .groupBy('member_id')
    .execute();
  return new Map(rows.map((r) => [r.member_id, Number(r.n)]));
}

/** Engagements taking a slot of each helper's capacity (active or delivered, as offers count them). */
export async function countSlotsTaken(db: Db, memberIds: string[]): Promise<Map<string, number>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('engagements')
    .select(['helper_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('helper_id', 'in', memberIds)
    .where('status', 'in', ['active', 'delivered'])
    .groupBy('helper_id')
    .execute();
  return new Map(rows.map((r) => [r.helper_id, Number(r.n)]));
}

/** Each member's profile skills in profile order. Sorted here: an ORDER BY over the IN list costs a temp b-tree. */
export async function listMemberSkills(db: Db, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('member_skills')
    .select(['member_id', 'skill', 'position'])
    .where('member_id', 'in', [...ids])
    .execute();
  rows.sort((a, b) => a.position - b.position);
  for (const r of rows) {
    const list = out.get(r.member_id);
    if (list) list.push(r.skill);
    else out.set(r.member_id, [r.skill]);
  }
  return out;
}
