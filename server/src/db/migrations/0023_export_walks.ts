import { sql, type Kysely } from 'kysely';

// Frozen: indexes for the member's export (issue 10; docs/decisions/0023). No table changes. One export queued or
// running per member at a time, enforced by the database even when two requests race (member_exports_one_pending). The export job
// reads every section of one member's history as keyset pages ordered by (created_at, id) — or started_at for
// engagements, which never changes, so a row updated while the export runs is neither skipped nor read twice.
// Each walk below starts with the member; the ones the schema already had (offers_helper_created,
// notifications_member, thanks_to, ledger_*_created, ties_*_created, audit_log_member) are not repeated, and
// neither are those that differ from one only by a trailing id (overflow_owner, engagement_events_engagement,
// noticed_from, noticed_to_created, thanks_from_created, sessions_member, access_tokens_member): an export
// pages them with a sort of the ties of one created_at, and the hot tables keep their write cost.

/** [name, table, columns] */
const INDEXES: [string, string, string[]][] = [
  ['work_records_member_created', 'work_records', ['member_id', 'created_at', 'id']],
  ['engagements_owner_started', 'engagements', ['owner_id', 'started_at', 'id']],
  ['engagements_helper_started', 'engagements', ['helper_id', 'started_at', 'id']],
  ['offers_overflow_created', 'offers', ['overflow_id', 'created_at', 'id']],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
  await db.schema
    .createIndex('member_exports_one_pending')
    .on('member_exports')
    .column('member_id')
    .unique()
    .where(sql<boolean>`status in ('queued', 'running')`)
    .execute();
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('member_exports_one_pending').execute();
  for (const [name] of [...INDEXES].reverse()) await db.schema.dropIndex(name).execute();
}
