import { sql, type Kysely } from 'kysely';

// The board sorted by soonest due walks an index (issue 7): `due_key` is the due date, or '9999-12-31' for
// overflow without one, so it is never NULL and sorts undated overflow last. It is stored on overflow and
// copied to overflow_skills (like status and created_at) so each skill's arm of the board walks one index.

/** [name, table, columns] */
const INDEXES: [string, string, string[]][] = [
  ['overflow_board_due', 'overflow', ['status', 'due_key', 'id']],
  ['overflow_skills_board_due', 'overflow_skills', ['skill', 'status', 'due_key', 'overflow_id']],
  // The ledger page's recent entries, newest first, as giver and as receiver: one bounded walk each (the
  // (giver_id, receiver_id) indexes made it read and sort a member's whole ledger on every visit).
  ['ledger_giver_created', 'ledger_entries', ['giver_id', 'created_at', 'id']],
  ['ledger_receiver_created', 'ledger_entries', ['receiver_id', 'created_at', 'id']],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['overflow', 'overflow_skills']) {
    await db.schema
      .alterTable(table)
      .addColumn('due_key', 'text', (c) => c.notNull().defaultTo('9999-12-31'))
      .execute();
  }
  await sql`update overflow set due_key = due_on where due_on is not null`.execute(db);
  await sql`update overflow_skills set due_key = (
    select o.due_key from overflow o where o.id = overflow_skills.overflow_id
  )`.execute(db);
  for (const [name, table, columns] of INDEXES) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) await db.schema.dropIndex(name).execute();
  for (const table of ['overflow_skills', 'overflow']) {
    await db.schema.alterTable(table).dropColumn('due_key').execute();
  }
}
