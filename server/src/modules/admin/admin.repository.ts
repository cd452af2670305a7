import type { Db } from '../../db/database.js';
import { pastCursor } from '../../db/keyset.js';
import type { EmailOutboxRow, InstanceSettingsTable } from '../../db/schema.js';
import type { Cursor } from '../../shared/pagination.js';
import type { Updateable } from 'kysely';

export async function getInstanceSettings(db: Db) {
  return db.selectFrom('instance_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}

/**
 * Inside a transaction, takes the settings row's write lock until commit (a no-op UPDATE works on both
 * dialects; SQLite transactions are serialised anyway). Sign-ups take it so two first accounts cannot both
 * see an empty instance and both become administrator.
 */
export async function lockInstanceSettings(db: Db): Promise<void> {
  await db
    .updateTable('instance_settings')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('id', '=', 1)
    .execute();
}

export async function updateInstanceSettings(
  db: Db,
  patch: Updateable<InstanceSettingsTable>,
): Promise<void> {
  await db.updateTable('instance_settings').set(patch).where('id', '=', 1).execute();
}

export async function insertInvite(
  db: Db,
  i: { codeHash: string; createdBy: string; now: string; expiresAt: string },
) {
  await db
    .insertInto('invites')
    .values({ code_hash: i.codeHash, created_by: i.createdBy, created_at: i.now, expires_at: i.expiresAt })
    .execute();
}

/** Uses an invite once: the conditional UPDATE is the claim. */
export async function claimInvite(db: Db, codeHash: string, memberId: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('invites')
    .set({ used_at: now, used_by: memberId })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findUsableInvite(db: Db, codeHash: string, now: string) {
  return db
    .selectFrom('invites')
    .select('code_hash')
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** An outbox row for the admin list: everything but the bodies. */
export type OutboxListRow = Pick<
  EmailOutboxRow,
  | 'id'
  | 'to_address'
  | 'subject'
  | 'kind'
  | 'attempts'
  | 'last_error'
  | 'created_at'
  | 'sent_at'
  | 'failed_at'
  | 'next_attempt_at'
  | 'message_id'
>;

const LIST_COLUMNS = [
  'id',
  'to_address',
  'subject',
  'kind',
  'attempts',
  'last_error',
  'created_at',
  'sent_at',
  'failed_at',
  'next_attempt_at',
  'message_id',
] as const;

/**
 * A page of the outbox, newest first, `limit + 1` rows. Without a status it walks email_outbox_created;
 * each status walks its own partial index (0019), whose predicate these conditions repeat word for word.
 */
export async function listOutboxPage(
  db: Db,
  q: { status?: OutboxStatus | undefined; limit: number; cursor?: Cursor | undefined },
): Promise<OutboxListRow[]> {
  let query = db.selectFrom('email_outbox').select(LIST_COLUMNS);
  if (q.status === 'pending') query = query.where('sent_at', 'is', null).where('failed_at', 'is', null);
  if (q.status === 'sent') query = query.where('sent_at', 'is not', null);
  if (q.status === 'failed') query = query.where('failed_at', 'is not', null);
  if (q.cursor) query = query.where(pastCursor('created_at', 'id', q.cursor));
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
}

export async function findOutboxMessage(db: Db, id: string): Promise<EmailOutboxRow | undefined> {
  return db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}
