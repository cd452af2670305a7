import { sql, type ExpressionBuilder, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import { pastCursor } from '../../db/keyset.js';
import type { Database, OfferRow, OverflowRow, OverflowStatus, OverflowTable } from '../../db/schema.js';
import type { Cursor } from '../../shared/pagination.js';
import type { OverflowGrant } from '../../shared/visibility.js';
import { visibleTo } from '../../db/overflow-visibility.js';
import { indexOverflow, unindexOverflow } from '../../db/search-index.js';

export async function findOverflowById(db: Db, id: string): Promise<OverflowRow | undefined> {
  return db.selectFrom('overflow').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The due key of overflow without a due date: after every real date, so undated overflow sorts last. */
export const NO_DUE_KEY = '9999-12-31';

/** The stored, never-NULL sort key of the soonest-due board (0005): the due date, or NO_DUE_KEY. */
export function dueKeyOf(dueOn: string | null | undefined): string {
  return dueOn ?? NO_DUE_KEY;
}

/** What overflow_skills copies from its overflow so each skill's arm of the board walks one index. */
export type OverflowSkillCopy = Pick<OverflowRow, 'status' | 'created_at' | 'due_key'>;

/** Inserts an overflow and its skills; the due key is derived here, so it always matches due_on. */
export async function insertOverflow(
  db: Db,
  row: Omit<Insertable<OverflowTable>, 'due_key'>,
  skills: string[],
): Promise<void> {
  const full = { ...row, due_key: dueKeyOf(row.due_on) };
  await db.insertInto('overflow').values(full).execute();
  await replaceOverflowSkills(db, row.id, skills, full);
}

export async function replaceOverflowSkills(
  db: Db,
  id: string,
  skills: string[],
  copy: OverflowSkillCopy,
): Promise<void> {
  await unindexOverflow(db, id); // search: the old document out, the new one in (same transaction)
  await db.deleteFrom('overflow_skills').where('overflow_id', '=', id).execute();
  if (skills.length > 0) {
    await db
      .insertInto('overflow_skills')
      .values(
        skills.map((skill, position) => ({
          overflow_id: id,
          skill,
          position,
          status: copy.status,
          created_at: copy.created_at,
          due_key: copy.due_key,
        })),
      )
      .execute();
  }
  await indexOverflow(db, id);
}

/**
 * Edits an overflow's own fields. A due date edit moves the due key with it, on overflow and on its
 * overflow_skills copies, in the caller's transaction.
 */
export async function updateOverflowFields(
  db: Db,
  id: string,
  patch: Omit<Updateable<OverflowTable>, 'due_key'>,
): Promise<void> {
  const dueEdit = patch.due_on !== undefined;
  const dueKey = dueKeyOf(patch.due_on);
  const textChanges = patch.title !== undefined || patch.brief !== undefined;
  if (textChanges) await unindexOverflow(db, id); // search index in step, same transaction
  await db
    .updateTable('overflow')
    .set({ ...patch, ...(dueEdit && { due_key: dueKey }) })
    .where('id', '=', id)
    .execute();
  if (dueEdit) {
    await db.updateTable('overflow_skills').set({ due_key: dueKey }).where('overflow_id', '=', id).execute();
  }
  if (textChanges) await indexOverflow(db, id);
}

/**
 * Moves an overflow from one status to another only if it is still in `from`: the conditional UPDATE
 * is the claim, so two racing requests cannot both win. Keeps the board index copy in step.
 */
export async function transitionOverflow(
  db: Db,
  id: string,
  from: OverflowStatus | readonly OverflowStatus[],
  to: OverflowStatus,
  now: string,
): Promise<boolean> {
  const froms = Array.isArray(from) ? [...from] : [from as OverflowStatus];
  const r = await db
    .updateTable('overflow')
    .set({ status: to, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', froms)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db.updateTable('overflow_skills').set({ status: to }).where('overflow_id', '=', id).execute();
  return true;
}

/**
 * Claims the overflow row while it is open (a no-op UPDATE that takes its row lock for the rest of the
 * transaction) and returns it as it is now, or undefined when it is no longer open. An offer or an edit
 * that claims first cannot land after a concurrent accept, cancel or expiry (PostgreSQL, READ COMMITTED);
 * an edit that narrows to a direct ask and an offer are serialised, and each sees the other's outcome.
 */
export async function lockOpenOverflow(db: Db, id: string): Promise<OverflowRow | undefined> {
  return db
    .updateTable('overflow')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Declines the pending offers on an overflow, returning those declined (one UPDATE … RETURNING, so an
 * offer withdrawn meanwhile is never told it was declined). `keep` spares one offer (the accepted one) or
 * one helper's offers (the member a narrowed ask goes to).
 */
export async function declinePendingOffers(
  db: Db,
  overflowId: string,
  now: string,
  keep: { offerId?: string; helperId?: string } = {},
): Promise<Pick<OfferRow, 'id' | 'helper_id'>[]> {
  let q = db
    .updateTable('offers')
    .set({ status: 'declined', updated_at: now })
    .where('overflow_id', '=', overflowId)
    .where('status', '=', 'pending');
  if (keep.offerId) q = q.where('id', '!=', keep.offerId);
  if (keep.helperId) q = q.where('helper_id', '!=', keep.helperId);
  return q.returning(['id', 'helper_id']).execute();
}

export async function findPendingOffer(
  db: Db,
  overflowId: string,
  helperId: string,
): Promise<OfferRow | undefined> {
  return db
    .selectFrom('offers')
    .selectAll()
    .where('overflow_id', '=', overflowId)
    .where('helper_id', '=', helperId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export async function countPendingOffers(db: Db, overflowId: string): Promise<number> {
  const row = await db
    .selectFrom('offers')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('overflow_id', '=', overflowId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The latest engagement on an overflow, with its two parties. */
export async function findLatestEngagement(db: Db, overflowId: string) {
  return db
    .selectFrom('engagements')
    .select(['id', 'owner_id', 'helper_id'])
    .where('overflow_id', '=', overflowId)
    .orderBy('started_at', 'desc')
    .executeTakeFirst();
}

export async function listOverflowSkills(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('overflow_skills')
    .select(['overflow_id', 'skill'])
    .where('overflow_id', 'in', ids)
    .orderBy('overflow_id')
    .orderBy('position')
    .execute();
  for (const r of rows) out.set(r.overflow_id, [...(out.get(r.overflow_id) ?? []), r.skill]);
  return out;
}

export interface BoardFilter {
  /** What the viewer may see (shared/visibility.ts). */
  grants: readonly OverflowGrant[];
  skills?: string[] | undefined;
  minEffort?: number | undefined;
  maxEffort?: number | undefined;
  dueBefore?: string | undefined;
  ownerId?: string | undefined;
  statuses?: OverflowStatus[] | undefined;
  /** Include overflow a moderator hid: only for its owner's own list. */
  withHidden?: boolean | undefined;
}

/** The row filters of the board (everything but status, skills and the cursor), on the overflow row. */
function boardRowFilters(f: BoardFilter) {
  return (eb: ExpressionBuilder<Database, 'overflow'>) => {
    const all = [visibleTo(f.grants)(eb)];
    // Hidden by a moderator: out of every list but its owner's own. Hidden rows are few (one moderator
    // decision each), so the walks stay bounded by the page; a suspended member's many go out by status.
    if (!f.withHidden) all.push(eb('overflow.hidden_at', 'is', null));
    if (f.ownerId) all.push(eb('overflow.owner_id', '=', f.ownerId));
    if (f.minEffort !== undefined) all.push(eb('overflow.effort_hours', '>=', f.minEffort));
    if (f.maxEffort !== undefined) all.push(eb('overflow.effort_hours', '<=', f.maxEffort));
    if (f.dueBefore) {
      // Due on or before the date; undated overflow (NO_DUE_KEY) has no due date to match.
      all.push(eb('overflow.due_key', '<=', f.dueBefore), eb('overflow.due_key', '<', NO_DUE_KEY));
    }
    return eb.and(all);
  };
}

/**
 * The rows of the board the viewer may see, newest first (created_at, id desc) or soonest due (due_key,
 * id asc: undated overflow last), keyset-paginated; `limit + 1` rows, the extra one says there is more.
 *
 * Every shape is a bounded index walk, whatever the size of the board (ADR 0012):
 * - an owner's list walks overflow_owner (owner_id, created_at): it is as long as that owner's history;
 * - otherwise one arm per requested status (× per requested skill), each walking its index from the
 *   cursor — overflow_board / overflow_board_due, or overflow_skills_board / overflow_skills_board_due —
 *   and stopping after limit + 1 rows that pass every filter (the overflow row is read by primary key
 *   inside the arm, so visibility and effort never thin an arm after its LIMIT). The arms are merged by
 *   UNION (an overflow with two of the skills once), limited, then joined to overflow for the page.
 *   Never `id IN (subquery)` ordered over every match: that sorts every match and collapses at scale.
 */
export async function listBoardPage(
  db: Db,
  f: BoardFilter,
  sort: 'newest' | 'due',
  limit: number,
  cursor?: Cursor,
): Promise<OverflowRow[]> {
  const statuses = [...new Set(f.statuses ?? (['open'] as OverflowStatus[]))];
  const key = sort === 'newest' ? 'created_at' : 'due_key';
  const dir = sort === 'newest' ? 'desc' : 'asc';
  const skills = f.skills?.length ? [...new Set(f.skills)] : undefined;
  const rowFilters = boardRowFilters(f);

  if (f.ownerId) {
    // One member's overflow, any of the statuses, walking overflow_owner: as long as that member's history,
    // never the whole board. `status || ''` is not indexable, so neither planner is tempted to walk every
    // open overflow (overflow_board) looking for this owner's; the skills are checked per row by key.
    return db
      .selectFrom('overflow')
      .selectAll('overflow')
      .where(sql<string>`${sql.ref('overflow.status')} || ''`, 'in', statuses)
      .where(rowFilters)
      .$if(skills !== undefined, (q) =>
        q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('overflow_skills')
              .select('overflow_skills.overflow_id')
              .whereRef('overflow_skills.overflow_id', '=', 'overflow.id')
              .where('overflow_skills.skill', 'in', skills!),
          ),
        ),
      )
      .$if(cursor !== undefined, (q) => q.where(pastCursor(`overflow.${key}`, 'overflow.id', cursor!, dir)))
      .orderBy(`overflow.${key}`, dir)
      .orderBy('overflow.id', dir)
      .limit(limit + 1)
      .execute();
  }

  if (!skills && statuses.length === 1) {
    // The plain board: one walk of overflow_board or overflow_board_due.
    return db
      .selectFrom('overflow')
      .selectAll('overflow')
      .where('overflow.status', '=', statuses[0]!)
      .where(rowFilters)
      .$if(cursor !== undefined, (q) => q.where(pastCursor(`overflow.${key}`, 'overflow.id', cursor!, dir)))
      .orderBy(`overflow.${key}`, dir)
      .orderBy('overflow.id', dir)
      .limit(limit + 1)
      .execute();
  }

  const arms = statuses.flatMap((status) =>
    skills
      ? skills.map((skill) =>
          // CROSS JOIN keeps the index walk as SQLite's outer loop; the overflow row is read by primary key.
          db
            .selectFrom('overflow_skills as os')
            .crossJoin('overflow')
            .select(['os.overflow_id as id', `os.${key} as k`])
            .whereRef('overflow.id', '=', 'os.overflow_id')
            .where('os.skill', '=', skill)
            .where('os.status', '=', status)
            .$if(cursor !== undefined, (q) =>
              q.where(pastCursor(`os.${key}`, 'os.overflow_id', cursor!, dir)),
            )
            .where(rowFilters)
            .orderBy(`os.${key}`, dir)
            .orderBy('os.overflow_id', dir)
            .limit(limit + 1),
        )
      : [
          db
            .selectFrom('overflow')
            .select(['overflow.id as id', `overflow.${key} as k`])
            .where('overflow.status', '=', status)
            .$if(cursor !== undefined, (q) =>
              q.where(pastCursor(`overflow.${key}`, 'overflow.id', cursor!, dir)),
            )
            .where(rowFilters)
            .orderBy(`overflow.${key}`, dir)
            .orderBy('overflow.id', dir)
            .limit(limit + 1),
        ],
  );
  // Each arm in a subquery of its own: SQLite allows ORDER BY and LIMIT only on a compound's last part.
  const [first, ...rest] = arms.map((arm, i) =>
    db.selectFrom(arm.as(`arm${i}`)).select([`arm${i}.id as id`, `arm${i}.k as k`]),
  );
  let merged = first!;
  for (const arm of rest) merged = merged.union(arm);
  const page = merged
    .orderBy('k', dir)
    .orderBy('id', dir)
    .limit(limit + 1);
  return db
    .selectFrom(page.as('page'))
    .crossJoin('overflow')
    .selectAll('overflow')
    .whereRef('overflow.id', '=', 'page.id')
    .orderBy('page.k', dir)
    .orderBy('page.id', dir)
    .execute();
}

/**
 * Open overflow past its due date (for the expiry job), longest overdue first: a range of
 * overflow_board_due; undated overflow (NO_DUE_KEY) is never before `today`.
 */
export async function listExpiredOpen(db: Db, today: string, limit: number) {
  return db
    .selectFrom('overflow')
    .select(['id'])
    .where('status', '=', 'open')
    .where('due_key', '<', today)
    .orderBy('due_key')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Several overflow rows by id, in one statement (for the views of a page). */
export async function findOverflowsByIds(db: Db, ids: string[]): Promise<OverflowRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('overflow').selectAll().where('id', 'in', ids).execute();
}

/**
 * The newest open overflow of each of several owners that the viewer may see, at most `perOwner` each, in
 * one statement (a window over the owners' open overflow), newest first. It reads those owners' rows
 * through overflow_owner (`status || ''` keeps the planner off overflow_board, which would walk every open
 * overflow on the instance looking for theirs).
 */
export async function listNewestOpenByOwners(
  db: Db,
  f: Pick<BoardFilter, 'grants'>,
  ownerIds: string[],
  perOwner: number,
): Promise<OverflowRow[]> {
  if (ownerIds.length === 0) return [];
  const ranked = db
    .selectFrom('overflow')
    .selectAll('overflow')
    .select(
      sql<number>`row_number() over (partition by overflow.owner_id order by overflow.created_at desc, overflow.id desc)`.as(
        'owner_rank',
      ),
    )
    .where(sql<string>`${sql.ref('overflow.status')} || ''`, '=', 'open')
    .where('overflow.owner_id', 'in', ownerIds)
    .where('overflow.hidden_at', 'is', null)
    .where(visibleTo(f.grants));
  const rows = await db
    .selectFrom(ranked.as('ranked'))
    .selectAll()
    .where('owner_rank', '<=', perOwner)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(({ owner_rank: _rank, ...row }) => row);
}
