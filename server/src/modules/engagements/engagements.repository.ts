import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import { pastCursor } from '../../db/keyset.js';
import type {
  EngagementEventTable,
  EngagementRow,
  EngagementStatus,
  EngagementTable,
} from '../../db/schema.js';
import type { Cursor } from '../../shared/pagination.js';

export async function findEngagement(db: Db, id: string): Promise<EngagementRow | undefined> {
  return db.selectFrom('engagements').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether two members ever shared an engagement, either way round. */
export async function haveWorkedTogether(db: Db, x: string, y: string): Promise<boolean> {
  const row = await db
    .selectFrom('engagements')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('owner_id', '=', x), eb('helper_id', '=', y)]),
        eb.and([eb('owner_id', '=', y), eb('helper_id', '=', x)]),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertEngagement(db: Db, row: Insertable<EngagementTable>): Promise<void> {
  await db.insertInto('engagements').values(row).execute();
}

/** Moves an engagement only if it is still in `from`: the claim that makes every step happen once. */
export async function transitionEngagement(
  db: Db,
  id: string,
  from: EngagementStatus | EngagementStatus[],
  patch: Updateable<EngagementTable> & { status: EngagementStatus },
): Promise<boolean> {
  const froms = Array.isArray(from) ? from : [from];
  const r = await db
    .updateTable('engagements')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', froms)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * The helper's completion record, stored on their member row (0010): called in the transaction that moved
 * the engagement to completed or abandoned, after its claim succeeded, so each end is counted once.
 */
export async function countEngagementEnd(
  db: Db,
  helperId: string,
  end: 'completed' | 'abandoned_by_helper' | 'abandoned_by_owner',
): Promise<void> {
  const q = db.updateTable('members').where('id', '=', helperId);
  if (end === 'completed') {
    await q.set((eb) => ({ completed_as_helper: eb('completed_as_helper', '+', 1) })).execute();
  } else if (end === 'abandoned_by_helper') {
    await q.set((eb) => ({ abandoned_by_helper: eb('abandoned_by_helper', '+', 1) })).execute();
  } else {
    await q.set((eb) => ({ abandoned_by_owner: eb('abandoned_by_owner', '+', 1) })).execute();
  }
}

/**
 * The owner's record, stored on their member row (0011): an engagement started on their overflow (accepting
 * an offer), and a completion with the rating and endorsement it gave. Called after the claim succeeded, in
 * its transaction. An abandonment changes nothing here: the work was still given out.
 */
export async function countOwnerStart(db: Db, ownerId: string): Promise<void> {
  await db
    .updateTable('members')
    .set((eb) => ({ given_out: eb('given_out', '+', 1) }))
    .where('id', '=', ownerId)
    .execute();
}

export async function countOwnerCompletion(
  db: Db,
  ownerId: string,
  review: { rating: number | null; endorsed: boolean },
): Promise<void> {
  await db
    .updateTable('members')
    .set((eb) => ({
      completed_as_owner: eb('completed_as_owner', '+', 1),
      ratings_given_sum: eb('ratings_given_sum', '+', review.rating ?? 0),
      ratings_given_count: eb('ratings_given_count', '+', review.rating === null ? 0 : 1),
      endorsements_written: eb('endorsements_written', '+', review.endorsed ? 1 : 0),
    }))
    .where('id', '=', ownerId)
    .execute();
}

/**
 * Recomputes every owner's stored record from the engagements (after a bulk load; tests; 0014). An endorsement
 * counts as written when the owner completed the engagement themself (auto-completion writes a neutral one).
 */
export async function recomputeOwnerRecords(db: Db): Promise<void> {
  await sql`update members set given_out = 0, completed_as_owner = 0, ratings_given_sum = 0,
    ratings_given_count = 0, endorsements_written = 0`.execute(db);
  await sql`update members set
      given_out = s.given_out, completed_as_owner = s.completed,
      ratings_given_sum = s.rating_sum, ratings_given_count = s.rating_count,
      endorsements_written = s.endorsements
    from (
      select owner_id,
        count(*) as given_out,
        sum(case when status = 'completed' then 1 else 0 end) as completed,
        sum(case when status = 'completed' and rating is not null then rating else 0 end) as rating_sum,
        sum(case when status = 'completed' and rating is not null then 1 else 0 end) as rating_count,
        sum(case when status = 'completed' and auto_completed = 0 and endorsement is not null
          and endorsement <> '' then 1 else 0 end) as endorsements
      from engagements group by owner_id
    ) s
    where s.owner_id = members.id`.execute(db);
}

/** Recomputes every helper's stored completion record from the engagements (after a bulk load; tests). */
export async function recomputeCompletionRecords(db: Db): Promise<void> {
  await sql`update members set completed_as_helper = 0, abandoned_by_helper = 0, abandoned_by_owner = 0`.execute(
    db,
  );
  await sql`update members set
      completed_as_helper = s.completed, abandoned_by_helper = s.by_helper, abandoned_by_owner = s.by_owner
    from (
      select helper_id,
        sum(case when status = 'completed' then 1 else 0 end) as completed,
        sum(case when status = 'abandoned' and abandoned_by = helper_id then 1 else 0 end) as by_helper,
        sum(case when status = 'abandoned' and (abandoned_by is null or abandoned_by <> helper_id)
          then 1 else 0 end) as by_owner
      from engagements where status in ('completed', 'abandoned') group by helper_id
    ) s
    where s.helper_id = members.id`.execute(db);
}

export async function addEvent(db: Db, row: Insertable<EngagementEventTable>): Promise<void> {
  await db.insertInto('engagement_events').values(row).execute();
}

export async function listEvents(db: Db, engagementId: string) {
  return db
    .selectFrom('engagement_events')
    .leftJoin('members', 'members.id', 'engagement_events.actor_id')
    .select([
      'engagement_events.id',
      'engagement_events.kind',
      'engagement_events.note',
      'engagement_events.links',
      'engagement_events.note_private',
      'engagement_events.created_at',
      'members.handle as actor_handle',
      'members.name as actor_name',
    ])
    .where('engagement_id', '=', engagementId)
    .orderBy('engagement_events.created_at', 'asc')
    .orderBy('engagement_events.id', 'asc')
    .execute();
}

/**
 * The capacity slots a helper's engagements take: active ones, and delivered ones awaiting the owner's review
 * (a review may send the work back, so a delivery keeps its slot until it completes).
 */
export async function countSlotsTakenAsHelper(db: Db, helperId: string): Promise<number> {
  const row = await db
    .selectFrom('engagements')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('helper_id', '=', helperId)
    .where('status', 'in', ['active', 'delivered'])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listForMember(
  db: Db,
  memberId: string,
  role: 'helper' | 'owner' | 'any',
  statuses: EngagementStatus[] | undefined,
  limit: number,
  cursor?: Cursor,
): Promise<EngagementRow[]> {
  // One walk of engagements_helper_updated / engagements_owner_updated (side, updated_at, id) per side,
  // each from the cursor and LIMITed; `role: 'any'` merges the two walks. (`helper_id = ? OR owner_id = ?`
  // would read and sort every engagement the member ever had, on every page.) Without a status filter the
  // walks read the index alone (covering: the keys and the id) and only the page's rows are read, by
  // primary key: sorting and merging whole rows cost more than the walks.
  const side = (column: 'helper_id' | 'owner_id') => {
    let q = db.selectFrom('engagements').select(['id', 'updated_at']).where(column, '=', memberId);
    if (statuses) q = q.where('status', 'in', statuses);
    if (cursor) q = q.where(pastCursor('updated_at', 'id', cursor, 'desc'));
    return q
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1);
  };
  // SQLite allows ORDER BY and LIMIT only on a compound's last part: each walk in a subquery of its own.
  const page =
    role !== 'any'
      ? await side(role === 'helper' ? 'helper_id' : 'owner_id').execute()
      : await db
          .selectFrom(side('helper_id').as('as_helper'))
          .selectAll()
          .union(db.selectFrom(side('owner_id').as('as_owner')).selectAll())
          .orderBy('updated_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit + 1)
          .execute();
  if (page.length === 0) return [];
  const rows = new Map(
    (
      await db
        .selectFrom('engagements')
        .selectAll()
        .where(
          'id',
          'in',
          page.map((p) => p.id),
        )
        .execute()
    ).map((r) => [r.id, r]),
  );
  return page.flatMap((p) => rows.get(p.id) ?? []);
}

/** Delivered engagements whose review window has passed (for the auto-complete job). */
export async function listOverdueDelivered(db: Db, deliveredBefore: string, limit: number) {
  return db
    .selectFrom('engagements')
    .select(['id'])
    .where('status', '=', 'delivered')
    .where('delivered_at', '<=', deliveredBefore)
    .orderBy('delivered_at')
    .limit(limit)
    .execute();
}

/** Slots taken (active, or delivered and awaiting review) by each helper: engagements_helper per helper. */
export async function countSlotsTakenByHelpers(db: Db, helperIds: string[]): Promise<Map<string, number>> {
  if (helperIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('engagements')
    .select(['helper_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('helper_id', 'in', helperIds)
    .where('status', 'in', ['active', 'delivered'])
    .groupBy('helper_id')
    .execute();
  return new Map(rows.map((r) => [r.helper_id, Number(r.n)]));
}

/** A helper's record as the other side saw it: completed, and abandoned by whom. */
export async function countCompletedAsHelper(db: Db, helperIds: string[]): Promise<Map<string, number>> {
  if (helperIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('engagements')
    .select(['helper_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('helper_id', 'in', helperIds)
    .where('status', '=', 'completed')
    .groupBy('helper_id')
    .execute();
  return new Map(rows.map((r) => [r.helper_id, Number(r.n)]));
}

/** The latest engagement started from each of these offers. */
export async function engagementIdsByOffer(db: Db, offerIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (offerIds.length === 0) return out;
  const rows = await db
    .selectFrom('engagements')
    .select(['id', 'offer_id'])
    .where('offer_id', 'in', offerIds)
    .orderBy('started_at', 'desc')
    .execute();
  for (const e of rows) if (!out.has(e.offer_id)) out.set(e.offer_id, e.id);
  return out;
}
