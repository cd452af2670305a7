import { sql, type Kysely } from 'kysely';

// Insights (issue 8): a member's time series walk one index per series, from the start of the period up.
// Already there: engagements by helper and completion (0007), ledger entries by giver and by receiver with
// their time (0005). Added here: ties by either side and creation, noticed notes by recipient and creation
// (0002's index leads with the status), direct asks by the member asked, invitations by member and time.

/** [name, table, columns, partial-index condition] */
const INDEXES: [string, string, string[], string | null][] = [
  ['ties_a_created', 'ties', ['member_a', 'created_at', 'id'], null],
  ['ties_b_created', 'ties', ['member_b', 'created_at', 'id'], null],
  ['noticed_to_created', 'noticed_notes', ['to_id', 'created_at'], null],
  ['overflow_ask_member_created', 'overflow', ['ask_member_id', 'created_at'], 'ask_member_id is not null'],
  ['overflow_invitations_member_created', 'overflow_invitations', ['member_id', 'created_at'], null],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
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
}
