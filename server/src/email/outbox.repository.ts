import type { Insertable } from 'kysely';
import type { Db } from '../db/database.js';
import type { EmailOutboxRow, EmailOutboxTable } from '../db/schema.js';

/** The email outbox table: enqueue, find what is due, claim a row, record how sending went. */

export async function insertEmail(db: Db, row: Insertable<EmailOutboxTable>): Promise<void> {
  await db.insertInto('email_outbox').values(row).execute();
}

/**
 * Rows that may still be sent and are due by `now`, soonest due first: one range of the partial index
 * `email_outbox_pending`. A claimed row is not due (its claim moved next_attempt_at to the claim's end), so
 * the walk needs no other filter.
 */
export async function listDue(db: Db, now: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('email_outbox')
    .select(['id'])
    .where('sent_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Claims one due row until `until` and counts the attempt; the conditional UPDATE is the claim, so two
 * processes never send the same row. The claim also moves next_attempt_at to `until`: if this process dies
 * holding it, the row is due again when the claim ends. Returns the row when this process won it.
 */
export async function claimEmail(
  db: Db,
  id: string,
  now: string,
  until: string,
): Promise<EmailOutboxRow | undefined> {
  return db
    .updateTable('email_outbox')
    .set((eb) => ({ claimed_until: until, next_attempt_at: until, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .returningAll()
    .executeTakeFirst();
}

export async function markSent(
  db: Db,
  id: string,
  sentAt: string,
  messageId: string,
  smtpResponse: string | null,
): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set({
      sent_at: sentAt,
      message_id: messageId,
      smtp_response: smtpResponse,
      claimed_until: null,
      last_error: null,
    })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .execute();
}

/** A temporary failure: try again at `nextAttemptAt`. */
export async function markRetry(db: Db, id: string, error: string, nextAttemptAt: string): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set({ claimed_until: null, last_error: error, next_attempt_at: nextAttemptAt })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .execute();
}

/** A permanent failure (or the last attempt failed): no more retries, and admins see it. */
export async function markFailed(db: Db, id: string, error: string, failedAt: string): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set({ claimed_until: null, last_error: error, failed_at: failedAt })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .execute();
}
