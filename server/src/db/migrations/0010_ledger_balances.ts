import { sql, type Kysely } from 'kysely';

// Stored ledger balances and completion counters (issue 7): the ledger page, the ties page and a profile's
// completion record read figures kept on the rows they show, instead of summing a member's whole ledger or
// counting every engagement of a helper on each visit (docs/decisions/0017-stored-ledger-balances.md).
//
//   ties.weight_a_to_b / weight_b_to_a  the ledger weight member_a gave member_b, and back (every entry of
//                                        the pair, those written before the tie formed included)
//   members.ledger_given / ledger_received                   over everyone
//   members.completed_as_helper / abandoned_by_helper / abandoned_by_owner   engagements this member helped on
//
// Every write of a ledger entry, a tie or an engagement's end keeps them in the same transaction. The
// backfill below is one grouped pass over ledger_entries and one over engagements (UPDATE … FROM, which
// SQLite ≥ 3.33 and PostgreSQL both run), not a statement per row.

const MEMBER_COLUMNS = [
  'ledger_given',
  'ledger_received',
  'completed_as_helper',
  'abandoned_by_helper',
  'abandoned_by_owner',
];
const TIE_COLUMNS = ['weight_a_to_b', 'weight_b_to_a'];

/** [name, table, columns, partial-index condition] */
const INDEXES: [string, string, string[], string | null][] = [
  // The ties list, newest activity first: one bounded walk per side of the pair, merged.
  ['ties_a_updated', 'ties', ['member_a', 'updated_at', 'id'], null],
  ['ties_b_updated', 'ties', ['member_b', 'updated_at', 'id'], null],
  // Give-back suggestions: the ties where this side only ever received, without reading the others.
  ['ties_a_give_back', 'ties', ['member_a', 'updated_at', 'id'], 'weight_a_to_b = 0 and weight_b_to_a > 0'],
  ['ties_b_give_back', 'ties', ['member_b', 'updated_at', 'id'], 'weight_b_to_a = 0 and weight_a_to_b > 0'],
];

/** Recomputes every stored figure from the rows (the migration's backfill). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
async function backfill(db: Kysely<any>): Promise<void> {
  await sql`update ties set weight_a_to_b = 0, weight_b_to_a = 0`.execute(db);
  await sql`update ties set weight_a_to_b = s.w
    from (select giver_id, receiver_id, sum(weight) as w from ledger_entries group by giver_id, receiver_id) s
    where s.giver_id = ties.member_a and s.receiver_id = ties.member_b`.execute(db);
  await sql`update ties set weight_b_to_a = s.w
    from (select giver_id, receiver_id, sum(weight) as w from ledger_entries group by giver_id, receiver_id) s
    where s.giver_id = ties.member_b and s.receiver_id = ties.member_a`.execute(db);
  await sql`update members set ledger_given = 0, ledger_received = 0, completed_as_helper = 0,
    abandoned_by_helper = 0, abandoned_by_owner = 0`.execute(db);
  await sql`update members set ledger_given = s.w
    from (select giver_id, sum(weight) as w from ledger_entries group by giver_id) s
    where s.giver_id = members.id`.execute(db);
  await sql`update members set ledger_received = s.w
    from (select receiver_id, sum(weight) as w from ledger_entries group by receiver_id) s
    where s.receiver_id = members.id`.execute(db);
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function up(db: Kysely<any>): Promise<void> {
  for (const c of MEMBER_COLUMNS) {
    await db.schema
      .alterTable('members')
      .addColumn(c, 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
  }
  for (const c of TIE_COLUMNS) {
    await db.schema
      .alterTable('ties')
      .addColumn(c, 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
  }
  await backfill(db);
  for (const [name, table, columns, where] of INDEXES) {
    let b = db.schema.createIndex(name).on(table).columns(columns);
    if (where) b = b.where(sql.raw<boolean>(where));
    await b.execute();
  }
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) await db.schema.dropIndex(name).execute();
  for (const c of [...TIE_COLUMNS].reverse()) await db.schema.alterTable('ties').dropColumn(c).execute();
  for (const c of [...MEMBER_COLUMNS].reverse())
    await db.schema.alterTable('members').dropColumn(c).execute();
}
