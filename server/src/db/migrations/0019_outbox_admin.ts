import { sql, type Kysely } from 'kysely';

// Frozen: the admin outbox (issue 9). No table changes.
// The drain now walks email_outbox_pending (0018), so email_outbox_due (0001: every row by sent_at, then due
// time) goes: it only cost writes, and SQLite, seeing `sent_at is null`, would pick it for the admin's
// pending list and sort the whole queue. The admin list is newest first, of every row
// (email_outbox_created, 0018) or of one status; each status gets a partial (created_at, id) index so its
// page is one LIMITed walk however many rows of the other statuses there are (sent rows are nearly all of
// them, failed ones a handful).
// - pending: not sent and not failed (the drain's own walk, email_outbox_pending, is by next attempt instead)
// - sent: sent_at set
// - failed: failed_at set (a permanent failure, or the last attempt failed)

/** [name, predicate] */
const INDEXES: [string, string][] = [
  ['email_outbox_pending_created', 'sent_at is null and failed_at is null'],
  ['email_outbox_sent_created', 'sent_at is not null'],
  ['email_outbox_failed_created', 'failed_at is not null'],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, predicate] of INDEXES) {
    await db.schema
      .createIndex(name)
      .on('email_outbox')
      .columns(['created_at', 'id'])
      .where(sql.raw<boolean>(predicate))
      .execute();
  }
  await db.schema.dropIndex('email_outbox_due').execute();
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('email_outbox_due')
    .on('email_outbox')
    .columns(['sent_at', 'next_attempt_at'])
    .execute();
  for (const [name] of [...INDEXES].reverse()) await db.schema.dropIndex(name).execute();
}
