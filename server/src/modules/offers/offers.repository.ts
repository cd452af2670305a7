import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import { pastCursor } from '../../db/keyset.js';
import type { OfferRow, OfferStatus, OfferTable } from '../../db/schema.js';
import type { Cursor } from '../../shared/pagination.js';

export async function findOffer(db: Db, id: string): Promise<OfferRow | undefined> {
  return db.selectFrom('offers').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Inserts an offer; false when the member already has a pending one on this overflow. The partial unique
 * index answers through ON CONFLICT DO NOTHING, never through an error: an error would abort the caller's
 * PostgreSQL transaction.
 */
export async function insertOffer(db: Db, row: Insertable<OfferTable>, evidence: string[]): Promise<boolean> {
  const r = await db
    .insertInto('offers')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['overflow_id', 'helper_id'])
        .where(sql<boolean>`status = 'pending'`)
        .doNothing(),
    )
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
  if (evidence.length) {
    await db
      .insertInto('offer_evidence')
      .values(evidence.map((work_record_id, position) => ({ offer_id: row.id, work_record_id, position })))
      .execute();
  }
  return true;
}

/** Moves an offer out of `pending` only if it still is: the conditional UPDATE is the claim. */
export async function transitionOffer(
  db: Db,
  id: string,
  to: Exclude<OfferStatus, 'pending'>,
  now: string,
  note: string | null = null,
): Promise<boolean> {
  const r = await db
    .updateTable('offers')
    .set({ status: to, updated_at: now, ...(note !== null && { decline_note: note }) })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countPendingByHelper(db: Db, helperId: string): Promise<number> {
  const row = await db
    .selectFrom('offers')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('helper_id', '=', helperId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listOffersForOverflow(
  db: Db,
  overflowId: string,
  helperId?: string,
): Promise<OfferRow[]> {
  let q = db.selectFrom('offers').selectAll().where('overflow_id', '=', overflowId);
  if (helperId) q = q.where('helper_id', '=', helperId);
  return q.orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
}

export async function listOffersByHelper(
  db: Db,
  helperId: string,
  statuses: OfferStatus[] | undefined,
  limit: number,
  cursor?: Cursor,
): Promise<OfferRow[]> {
  let q = db.selectFrom('offers').selectAll().where('helper_id', '=', helperId);
  if (statuses) q = q.where('status', 'in', statuses);
  if (cursor) {
    q = q.where(pastCursor('created_at', 'id', cursor, 'desc'));
  }
  return q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function listEvidence(db: Db, offerIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (offerIds.length === 0) return out;
  const rows = await db
    .selectFrom('offer_evidence')
    .select(['offer_id', 'work_record_id'])
    .where('offer_id', 'in', offerIds)
    .orderBy('offer_id')
    .orderBy('position')
    .execute();
  for (const r of rows) out.set(r.offer_id, [...(out.get(r.offer_id) ?? []), r.work_record_id]);
  return out;
}

/**
 * Takes the member's row lock for the rest of the transaction (PostgreSQL: a row lock; SQLite: the
 * database write lock). Capacity checks after it see every committed engagement, so two racing accepts
 * cannot both take a helper's last slot. A no-op update is the one statement both dialects share.
 */
export async function lockMember(db: Db, memberId: string): Promise<void> {
  await db
    .updateTable('members')
    .set((eb) => ({ capacity: eb.ref('capacity') }))
    .where('id', '=', memberId)
    .execute();
}
