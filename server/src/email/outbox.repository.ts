import type { Insertable } from 'kysely';
import type { Db } from '../db/database.js';
import type { EmailOutboxRow, EmailOutboxTable } from '../db/schema.js';

/** The email outbox table: enqueue, find what is due, claim a row, record how sending went. */

export async function insertEmail(db: Db, row: Insertable<EmailOutboxTable>): Promise<void> {
  await db.insertInto('email_outbox').values(row).execute();
}

/** Unsent rows due by `now` that nobody holds a live claim on, oldest due first. */
export async function listDue(db: Db, now: string, maxAttempts: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('email_outbox')
    .select(['id'])
    .where('sent_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .where('attempts', '<', maxAttempts)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Claims one row until `until` and counts the attempt; the conditional UPDATE is the claim, so two
 * processes never send the same row. Returns the row when this process won it.
 */
export async function claimEmail(
  db: Db,
  id: string,
  now: string,
  until: string,
): Promise<EmailOutboxRow | undefined> {
  return db
    .updateTable('email_outbox')
    .set((eb) => ({ claimed_until: until, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
}

export async function markSent(db: Db, id: string, sentAt: string, messageId: string): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set({ sent_at: sentAt, message_id: messageId, claimed_until: null, last_error: null })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Db, id: string, error: string, nextAttemptAt: string): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set({ claimed_until: null, last_error: error, next_attempt_at: nextAttemptAt })
    .where('id', '=', id)
    .execute();
}
