import type { Kysely } from 'kysely';

// Frozen: indexes for the read paths at scale (issue 6). No table changes, so it applies to a database that
// already holds 0001–0002 data without rewriting a row.

/** [name, table, columns] */
const INDEXES: [string, string, string[]][] = [
  // The signed-in overflow page's engagement lookup (overflow_id = ? ORDER BY started_at DESC): the only
  // overflow_id index was the partial one-live index, which that query cannot use.
  ['engagements_overflow_started', 'engagements', ['overflow_id', 'started_at']],
  // An offer's engagement (offer views, my offers).
  ['engagements_offer', 'engagements', ['offer_id']],
  // My engagements, newest activity first, as helper and as owner (keyset on updated_at, id).
  ['engagements_helper_updated', 'engagements', ['helper_id', 'updated_at', 'id']],
  ['engagements_owner_updated', 'engagements', ['owner_id', 'updated_at', 'id']],
  // My offers, newest first, with or without a status filter (keyset on created_at, id).
  ['offers_helper_created', 'offers', ['helper_id', 'created_at', 'id']],
  // The thanks-per-day check: thanks sent by a member since a time.
  ['thanks_from_created', 'thanks_notes', ['from_id', 'created_at']],
  // Foreign keys without an index of their own (deleting a work record cascades through them).
  ['offer_evidence_work_record', 'offer_evidence', ['work_record_id']],
  ['noticed_work_record', 'noticed_notes', ['work_record_id']],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) {
    await db.schema.dropIndex(name).execute();
  }
}
