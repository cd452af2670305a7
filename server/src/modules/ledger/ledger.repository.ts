import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { LedgerEntryTable, TieRow } from '../../db/schema.js';

/**
 * Ties and the give/take ledger as data: the primitives every part of the loop writes through (a direct
 * ask, a completed engagement, a noticed note, a thanks note). The pages that read them live in `ties/`.
 */

/** The pair key of a tie: members in a fixed order so (a, b) and (b, a) are the same tie. */
export function tiePair(x: string, y: string): [string, string] {
  return x < y ? [x, y] : [y, x];
}

export async function findTie(db: Db, x: string, y: string): Promise<TieRow | undefined> {
  const [a, b] = tiePair(x, y);
  return db
    .selectFrom('ties')
    .selectAll()
    .where('member_a', '=', a)
    .where('member_b', '=', b)
    .executeTakeFirst();
}

/**
 * Creates the tie or strengthens an existing one. Returns whether it is new (for a "tie formed"
 * notification). Safe under races: a concurrent insert of the same pair turns into a strengthen. The insert
 * uses ON CONFLICT DO NOTHING rather than catching the unique violation, because on PostgreSQL an error
 * aborts the surrounding transaction (the strengthen that follows would fail).
 */
export async function formOrStrengthenTie(
  db: Db,
  t: {
    x: string;
    y: string;
    via: 'engagement' | 'noticed';
    label: string;
    sourceId: string;
    id: string;
    now: string;
  },
): Promise<'formed' | 'strengthened'> {
  const [a, b] = tiePair(t.x, t.y);
  const inserted = await db
    .insertInto('ties')
    .values({
      id: t.id,
      member_a: a,
      member_b: b,
      formed_via: t.via,
      formed_label: t.label,
      source_id: t.sourceId,
      strength: 1,
      created_at: t.now,
      updated_at: t.now,
    })
    .onConflict((oc) => oc.columns(['member_a', 'member_b']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return 'formed';
  await db
    .updateTable('ties')
    .set((eb) => ({ strength: eb('strength', '+', 1), updated_at: t.now }))
    .where('member_a', '=', a)
    .where('member_b', '=', b)
    .execute();
  return 'strengthened';
}

/** Adds a ledger entry once per source event; a repeat is ignored (the unique key is the claim). */
export async function addLedgerEntry(db: Db, entry: Insertable<LedgerEntryTable>): Promise<boolean> {
  const r = await db
    .insertInto('ledger_entries')
    .values(entry)
    .onConflict((oc) => oc.columns(['kind', 'source_type', 'source_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}
