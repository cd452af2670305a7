import { expressionBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { prefixPattern } from '../../db/helpers.js';
import { visibleTo } from '../../db/overflow-visibility.js';
import type { Database, OverflowStatus } from '../../db/schema.js';
import { matchNewest, type SearchTerm, type TextMatch } from '../../db/search-index.js';
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
  const conditions = [visibleTo(f.grants)(eb)];
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
  merit: number;
  verified: number;
}

/**
 * People by skill and free text over public profile fields (name, handle, headline, bio; never email),
 * ordered by merit in the skills asked for (overall merit without skills), then by verified work, then id.
 * Members come from the (skill, member_id) index when skills are given; `cap` bounds how many are ranked.
 */
export async function searchMembersPage(
  db: Db,
  q: { words: string[]; skills: string[] },
  limit: number,
  after?: { merit: number; verified: number; id: string },
): Promise<MemberSearchRow[]> {
  const meritSkills = q.skills.length ? q.skills : [''];
  let query = db.selectFrom('members').select([
    'members.id',
    'members.handle',
    'members.name',
    'members.headline',
    'members.bio',
    'members.capacity',
    (eb) =>
      eb
        .selectFrom('merit_scores')
        .select((e) => e.fn.coalesce(e.fn.max<number>('merit_scores.score'), sql<number>`0`).as('m'))
        .whereRef('merit_scores.member_id', '=', 'members.id')
        .where('merit_scores.skill', 'in', meritSkills)
        .as('merit'),
    (eb) =>
      eb
        .selectFrom('work_records')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('work_records.member_id', '=', 'members.id')
        .where('work_records.verified', '=', 1)
        .as('verified'),
  ]);
  if (q.skills.length) {
    const skills = q.skills;
    query = query.where('members.id', 'in', (eb) =>
      eb
        .selectFrom('member_skills')
        .select('member_skills.member_id')
        .where('member_skills.skill', 'in', skills),
    );
  }
  for (const word of q.words) {
    // Each word must appear in a public field; a handle also matches by its start.
    const like = `%${prefixPattern(word).slice(0, -1)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('members.handle', 'like', prefixPattern(word)),
        eb(sql`lower(members.name)`, 'like', like),
        eb(sql`lower(members.headline)`, 'like', like),
        eb(sql`lower(members.bio)`, 'like', like),
        eb.exists(
          eb
            .selectFrom('member_skills')
            .select(sql<number>`1`.as('one'))
            .whereRef('member_skills.member_id', '=', 'members.id')
            .where('member_skills.skill', 'like', like),
        ),
      ]),
    );
  }
  let ranked = db.selectFrom(query.as('ranked')).selectAll();
  if (after) {
    ranked = ranked.where(
      sql<boolean>`(ranked.merit, ranked.verified, ranked.id) < (${after.merit}, ${after.verified}, ${after.id})`,
    );
  }
  const rows = await ranked
    .orderBy('merit', 'desc')
    .orderBy('verified', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    handle: r.handle,
    name: r.name,
    headline: r.headline,
    bio: r.bio,
    capacity: r.capacity,
    merit: Number(r.merit ?? 0),
    verified: Number(r.verified ?? 0),
  }));
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

export async function listMemberSkills(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('member_skills')
    .select(['member_id', 'skill'])
    .where('member_id', 'in', ids)
    .orderBy('member_id')
    .orderBy('position')
    .execute();
  for (const r of rows) out.set(r.member_id, [...(out.get(r.member_id) ?? []), r.skill]);
  return out;
}
