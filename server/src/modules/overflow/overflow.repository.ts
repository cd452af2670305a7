import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import { pastCursor } from '../../db/keyset.js';
import type { OfferRow, OverflowRow, OverflowStatus, OverflowTable } from '../../db/schema.js';
import type { Cursor } from '../../shared/pagination.js';
import type { OverflowGrant } from '../../shared/visibility.js';
import { visibleTo } from '../../db/overflow-visibility.js';
import { indexOverflow, unindexOverflow } from '../../db/search-index.js';

// The SQL form of the visibility grants lives in db/ so the board and search share it.
export { visibleTo } from '../../db/overflow-visibility.js';

export async function findOverflowById(db: Db, id: string): Promise<OverflowRow | undefined> {
  return db.selectFrom('overflow').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertOverflow(
  db: Db,
  row: Insertable<OverflowTable>,
  skills: string[],
): Promise<void> {
  await db.insertInto('overflow').values(row).execute();
  await replaceOverflowSkills(db, row.id, skills, row.status, row.created_at);
}

export async function replaceOverflowSkills(
  db: Db,
  id: string,
  skills: string[],
  status: OverflowStatus,
  createdAt: string,
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
          status,
          created_at: createdAt,
        })),
      )
      .execute();
  }
  await indexOverflow(db, id);
}

export async function updateOverflowFields(
  db: Db,
  id: string,
  patch: Updateable<OverflowTable>,
): Promise<void> {
  const textChanges = patch.title !== undefined || patch.brief !== undefined;
  if (textChanges) await unindexOverflow(db, id); // search index in step, same transaction
  await db.updateTable('overflow').set(patch).where('id', '=', id).execute();
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
}

/** The rows of the board the viewer may see, newest first (or soonest due), keyset-paginated. */
export async function listBoardPage(
  db: Db,
  f: BoardFilter,
  sort: 'newest' | 'due',
  limit: number,
  cursor?: Cursor,
): Promise<OverflowRow[]> {
  let q = db
    .selectFrom('overflow')
    .selectAll('overflow')
    .where('overflow.status', 'in', f.statuses ?? ['open']);
  q = q.where(visibleTo(f.grants));
  if (f.ownerId) q = q.where('overflow.owner_id', '=', f.ownerId);
  if (f.skills && f.skills.length) {
    const skills = f.skills;
    // The status copy on overflow_skills lets this walk the (skill, status, created_at) index.
    q = q.where('overflow.id', 'in', (eb) =>
      eb
        .selectFrom('overflow_skills')
        .select('overflow_id')
        .where('skill', 'in', skills)
        .where('overflow_skills.status', 'in', f.statuses ?? ['open']),
    );
  }
  if (f.minEffort !== undefined) q = q.where('overflow.effort_hours', '>=', f.minEffort);
  if (f.maxEffort !== undefined) q = q.where('overflow.effort_hours', '<=', f.maxEffort);
  if (f.dueBefore) q = q.where('overflow.due_on', 'is not', null).where('overflow.due_on', '<=', f.dueBefore);
  if (sort === 'newest') {
    if (cursor) {
      q = q.where(pastCursor('overflow.created_at', 'overflow.id', cursor, 'desc'));
    }
    return q
      .orderBy('overflow.created_at', 'desc')
      .orderBy('overflow.id', 'desc')
      .limit(limit + 1)
      .execute();
  }
  // Soonest due first; undated overflow last ('9999-12-31' sorts after every real date).
  const dueKey = sql<string>`coalesce(overflow.due_on, '9999-12-31')`;
  if (cursor) {
    q = q.where(pastCursor(dueKey, 'overflow.id', cursor, 'asc'));
  }
  return q
    .orderBy(dueKey, 'asc')
    .orderBy('overflow.id', 'asc')
    .limit(limit + 1)
    .execute();
}

/** A bounded candidate set for "best match": open overflow sharing at least one skill, newest first. */
export async function listMatchCandidates(db: Db, f: BoardFilter, skills: string[], cap: number) {
  const wanted = f.skills?.length ? f.skills : skills;
  if (wanted.length === 0) return [];
  return listBoardPage(db, { ...f, skills: wanted }, 'newest', cap - 1);
}

/** Open overflow past its due date (for the expiry job). */
export async function listExpiredOpen(db: Db, today: string, limit: number) {
  return db
    .selectFrom('overflow')
    .select(['id'])
    .where('status', '=', 'open')
    .where('due_on', 'is not', null)
    .where('due_on', '<', today)
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
 * one statement (a window over the owners' open overflow), newest first.
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
    .where('overflow.status', '=', 'open')
    .where('overflow.owner_id', 'in', ownerIds)
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
