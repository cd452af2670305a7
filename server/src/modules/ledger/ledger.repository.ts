import { sql, type Insertable } from 'kysely';
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
 * Takes the two members' rows in a fixed order (a no-op UPDATE): every write of a ledger entry or a tie does
 * this first, so on PostgreSQL a tie that forms and an entry for the same pair written at the same moment
 * run one after the other, and neither's stored figure misses the other's (SQLite serialises writes anyway).
 */
async function lockPair(db: Db, a: string, b: string): Promise<void> {
  for (const id of [a, b]) {
    await db
      .updateTable('members')
      .set((eb) => ({ ledger_given: eb.ref('ledger_given') }))
      .where('id', '=', id)
      .execute();
  }
}

/**
 * Creates the tie or strengthens an existing one. Returns whether it is new (for a "tie formed"
 * notification). Safe under races: a concurrent insert of the same pair turns into a strengthen. The insert
 * uses ON CONFLICT DO NOTHING rather than catching the unique violation, because on PostgreSQL an error
 * aborts the surrounding transaction (the strengthen that follows would fail). A new tie starts with the
 * pair's balance so far (entries written before it formed, e.g. an ask or a thanks after abandoned work):
 * one walk of the pair's rows in the covering indexes ledger_giver_weight, once per tie.
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
  await lockPair(db, a, b);
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
      completed_together: t.via === 'engagement' ? 1 : 0,
      created_at: t.now,
      updated_at: t.now,
    })
    .onConflict((oc) => oc.columns(['member_a', 'member_b']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
    const sum = (giver: string, receiver: string) =>
      db
        .selectFrom('ledger_entries')
        .select(sql<number>`coalesce(sum(weight), 0)`.as('w'))
        .where('giver_id', '=', giver)
        .where('receiver_id', '=', receiver);
    await db
      .updateTable('ties')
      .set({ weight_a_to_b: sum(a, b), weight_b_to_a: sum(b, a) })
      .where('member_a', '=', a)
      .where('member_b', '=', b)
      .execute();
    return 'formed';
  }
  await db
    .updateTable('ties')
    .set((eb) => ({
      strength: eb('strength', '+', 1),
      // A completion (via 'engagement') counts as work done together: the network picture's node size.
      ...(t.via === 'engagement' && { completed_together: eb('completed_together', '+', 1) }),
      updated_at: t.now,
    }))
    .where('member_a', '=', a)
    .where('member_b', '=', b)
    .execute();
  return 'strengthened';
}

/**
 * Adds a ledger entry once per source event; a repeat is ignored (the unique key is the claim). A new entry
 * adds its weight to the stored figures in the same transaction: the giver's and receiver's totals and the
 * pair's tie, if they have one. It is also activity of the pair: the tie's updated_at moves to the entry's
 * time (never back), so a thanks or a direct ask ends a keep-in-touch nudge and lifts the tie in the list.
 */
export async function addLedgerEntry(db: Db, entry: Insertable<LedgerEntryTable>): Promise<boolean> {
  const [a, b] = tiePair(entry.giver_id, entry.receiver_id);
  await lockPair(db, a, b);
  const r = await db
    .insertInto('ledger_entries')
    .values(entry)
    .onConflict((oc) => oc.columns(['kind', 'source_type', 'source_id']).doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
  const w = entry.weight;
  await db
    .updateTable('members')
    .set((eb) => ({ ledger_given: eb('ledger_given', '+', w) }))
    .where('id', '=', entry.giver_id)
    .execute();
  await db
    .updateTable('members')
    .set((eb) => ({ ledger_received: eb('ledger_received', '+', w) }))
    .where('id', '=', entry.receiver_id)
    .execute();
  // The figures by kind (0014): one upsert per side, so the giving style can say why in one read.
  for (const [memberId, side] of [
    [entry.giver_id, 'given'],
    [entry.receiver_id, 'received'],
  ] as const) {
    const weightCol = side === 'given' ? 'given_weight' : 'received_weight';
    const countCol = side === 'given' ? 'given_count' : 'received_count';
    await db
      .insertInto('member_ledger_kinds')
      .values({ member_id: memberId, kind: entry.kind, [weightCol]: w, [countCol]: 1 })
      .onConflict((oc) =>
        oc.columns(['member_id', 'kind']).doUpdateSet((eb) => ({
          [weightCol]: eb(`member_ledger_kinds.${weightCol}`, '+', w),
          [countCol]: eb(`member_ledger_kinds.${countCol}`, '+', 1),
        })),
      )
      .execute();
  }
  const fromA = entry.giver_id === a;
  await db
    .updateTable('ties')
    .set((eb) => ({
      ...(fromA
        ? { weight_a_to_b: eb('weight_a_to_b', '+', w) }
        : { weight_b_to_a: eb('weight_b_to_a', '+', w) }),
      updated_at: sql<string>`case when updated_at < ${entry.created_at} then ${entry.created_at} else updated_at end`,
    }))
    .where('member_a', '=', a)
    .where('member_b', '=', b)
    .execute();
  return true;
}

/**
 * Recomputes every stored ledger figure from the entries (ties' weights, members' totals): after a bulk load
 * that wrote rows without this repository (seed --scale), and in tests comparing them with the stored ones.
 * One grouped pass over ledger_entries per figure.
 */
export async function recomputeLedgerFigures(db: Db): Promise<void> {
  await recomputeCompletedTogether(db);
  await sql`update ties set weight_a_to_b = 0, weight_b_to_a = 0`.execute(db);
  await sql`update ties set weight_a_to_b = s.w
    from (select giver_id, receiver_id, sum(weight) as w from ledger_entries group by giver_id, receiver_id) s
    where s.giver_id = ties.member_a and s.receiver_id = ties.member_b`.execute(db);
  await sql`update ties set weight_b_to_a = s.w
    from (select giver_id, receiver_id, sum(weight) as w from ledger_entries group by giver_id, receiver_id) s
    where s.giver_id = ties.member_b and s.receiver_id = ties.member_a`.execute(db);
  await sql`update members set ledger_given = 0, ledger_received = 0`.execute(db);
  await sql`update members set ledger_given = s.w
    from (select giver_id, sum(weight) as w from ledger_entries group by giver_id) s
    where s.giver_id = members.id`.execute(db);
  await sql`update members set ledger_received = s.w
    from (select receiver_id, sum(weight) as w from ledger_entries group by receiver_id) s
    where s.receiver_id = members.id`.execute(db);
  await sql`delete from member_ledger_kinds`.execute(db);
  await sql`insert into member_ledger_kinds (member_id, kind, given_weight, given_count)
    select giver_id, kind, sum(weight), count(*) from ledger_entries group by giver_id, kind`.execute(db);
  await sql`insert into member_ledger_kinds (member_id, kind, received_weight, received_count)
    select receiver_id, kind, sum(weight), count(*) from ledger_entries group by receiver_id, kind
    on conflict (member_id, kind) do update set
      received_weight = excluded.received_weight, received_count = excluded.received_count`.execute(db);
}

/** A member's ledger by kind (at most one row per kind): what the giving style's reasons are read from. */
export async function ledgerByKind(db: Db, memberId: string) {
  return db
    .selectFrom('member_ledger_kinds')
    .select(['kind', 'given_weight', 'given_count', 'received_weight', 'received_count'])
    .where('member_id', '=', memberId)
    .execute();
}

/**
 * Recomputes ties.completed_together (0016) from the completed engagements: one grouped pass, as the
 * migration's backfill (after a bulk load, and in tests comparing it with the stored figure).
 */
export async function recomputeCompletedTogether(db: Db): Promise<void> {
  await sql`update ties set completed_together = 0`.execute(db);
  await sql`update ties set completed_together = s.n
    from (
      select case when owner_id < helper_id then owner_id else helper_id end as a,
        case when owner_id < helper_id then helper_id else owner_id end as b,
        count(*) as n
      from engagements where status = 'completed'
      group by case when owner_id < helper_id then owner_id else helper_id end,
        case when owner_id < helper_id then helper_id else owner_id end
    ) s
    where s.a = ties.member_a and s.b = ties.member_b`.execute(db);
}
