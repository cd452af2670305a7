import type { Db } from '../../db/database.js';

/**
 * Reads for the member home's "needs you" (GET /me/needs-you). Each list is one LIMITed walk of an index that
 * starts with the member (migration 0017 unless said otherwise), and each count is capped at `cap` rows, so
 * the page costs the same for a member with ten years of history as for a new one.
 */

/** Counts a walk's rows up to `cap` (then stops reading): "at least cap" reads as cap. */
const capped = (n: unknown, cap: number) => Math.min(Number(n ?? 0), cap);

/**
 * The owner's open overflow, newest first (overflow_owner_status). Pending offers exist only on open
 * overflow: accepting one, cancelling, expiry and narrowing to a direct ask decline the rest.
 */
export async function listOpenOverflowOfOwner(db: Db, ownerId: string, limit: number) {
  return db
    .selectFrom('overflow')
    .select(['id', 'title', 'created_at'])
    .where('owner_id', '=', ownerId)
    .where('status', '=', 'open')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Pending offers per overflow, with the newest one's time (offers_overflow: overflow_id, status, created_at). */
export async function pendingOffersByOverflow(
  db: Db,
  overflowIds: string[],
): Promise<Map<string, { count: number; newestAt: string }>> {
  if (overflowIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('offers')
    .select([
      'overflow_id',
      (eb) => eb.fn.countAll<string | number>().as('n'),
      (eb) => eb.fn.max('created_at').as('newest_at'),
    ])
    .where('overflow_id', 'in', overflowIds)
    .where('status', '=', 'pending')
    .groupBy('overflow_id')
    .execute();
  return new Map(rows.map((r) => [r.overflow_id, { count: Number(r.n), newestAt: String(r.newest_at) }]));
}

/** Delivered engagements the owner has to review, oldest delivery first: the nearest to completing by itself. */
export async function listDeliveredForOwner(db: Db, ownerId: string, limit: number) {
  return db
    .selectFrom('engagements')
    .innerJoin('overflow', 'overflow.id', 'engagements.overflow_id')
    .select(['engagements.id', 'engagements.helper_id', 'engagements.delivered_at', 'overflow.title'])
    .where('engagements.owner_id', '=', ownerId)
    .where('engagements.status', '=', 'delivered')
    .orderBy('engagements.delivered_at', 'asc')
    .orderBy('engagements.id', 'asc')
    .limit(limit)
    .execute();
}

export async function countDeliveredForOwner(db: Db, ownerId: string, cap: number): Promise<number> {
  const walk = db
    .selectFrom('engagements')
    .select('id')
    .where('owner_id', '=', ownerId)
    .where('status', '=', 'delivered')
    .limit(cap);
  const row = await db
    .selectFrom(walk.as('w'))
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return capped(row?.n, cap);
}

/**
 * The helper's active engagements with the dates that say when they are due: the overflow's due date and the
 * date the helper proposed in their offer (engagements_helper: helper_id, status). Capacity bounds them (an
 * active engagement takes a slot), the LIMIT all the same; the service sorts them by due date.
 */
export async function listActiveForHelper(db: Db, helperId: string, limit: number) {
  return db
    .selectFrom('engagements')
    .innerJoin('offers', 'offers.id', 'engagements.offer_id')
    .select([
      'engagements.id',
      'engagements.overflow_id',
      'engagements.owner_id',
      'engagements.started_at',
      'offers.proposed_on',
    ])
    .where('engagements.helper_id', '=', helperId)
    .where('engagements.status', '=', 'active')
    .limit(limit)
    .execute();
}

/** A member's unread notifications of one type, newest first (notifications_unread_type). */
export async function listUnreadOfType(db: Db, memberId: string, type: string, limit: number) {
  return db
    .selectFrom('notifications')
    .select(['id', 'subject_type', 'subject_id', 'data', 'created_at'])
    .where('member_id', '=', memberId)
    .where('type', '=', type)
    .where('read_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function countUnreadOfType(
  db: Db,
  memberId: string,
  type: string,
  cap: number,
): Promise<number> {
  const walk = db
    .selectFrom('notifications')
    .select('id')
    .where('member_id', '=', memberId)
    .where('type', '=', type)
    .where('read_at', 'is', null)
    .limit(cap);
  const row = await db
    .selectFrom(walk.as('w'))
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return capped(row?.n, cap);
}
