import type { Db } from '../../db/database.js';
import { pastCursor } from '../../db/keyset.js';
import type { Cursor } from '../../shared/pagination.js';

export interface MessageRow {
  id: string;
  engagement_id: string;
  author_id: string;
  author_handle: string;
  author_name: string;
  body: string;
  created_at: string;
  edited_at: string | null;
  /** Hidden by a moderator (0020): its author still reads it; the other party reads that it was removed. */
  hidden_at: string | null;
}

const messageColumns = [
  'engagement_messages.id',
  'engagement_messages.engagement_id',
  'engagement_messages.author_id',
  'members.handle as author_handle',
  'members.name as author_name',
  'engagement_messages.body',
  'engagement_messages.created_at',
  'engagement_messages.edited_at',
  'engagement_messages.hidden_at',
] as const;

/**
 * A page of an engagement's messages, newest first: one walk of engagement_messages_timeline
 * (engagement_id, created_at, id) from the cursor, LIMITed (limit + 1 rows; the extra one says there is more).
 */
export async function listMessagesPage(
  db: Db,
  engagementId: string,
  limit: number,
  cursor?: Cursor,
): Promise<MessageRow[]> {
  let q = db
    .selectFrom('engagement_messages')
    .innerJoin('members', 'members.id', 'engagement_messages.author_id')
    .select(messageColumns)
    .where('engagement_messages.engagement_id', '=', engagementId);
  if (cursor)
    q = q.where(pastCursor('engagement_messages.created_at', 'engagement_messages.id', cursor, 'desc'));
  return q
    .orderBy('engagement_messages.created_at', 'desc')
    .orderBy('engagement_messages.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function findMessage(db: Db, id: string): Promise<MessageRow | undefined> {
  return db
    .selectFrom('engagement_messages')
    .innerJoin('members', 'members.id', 'engagement_messages.author_id')
    .select(messageColumns)
    .where('engagement_messages.id', '=', id)
    .executeTakeFirst();
}

export async function insertMessage(
  db: Db,
  row: { id: string; engagement_id: string; author_id: string; body: string; created_at: string },
): Promise<void> {
  await db
    .insertInto('engagement_messages')
    .values({ ...row, edited_at: null })
    .execute();
}

/** Edits a message only while it is still the author's and created at or after `notBefore` (the edit window). */
export async function editMessage(
  db: Db,
  id: string,
  authorId: string,
  notBefore: string,
  patch: { body: string; edited_at: string },
): Promise<boolean> {
  const r = await db
    .updateTable('engagement_messages')
    .set(patch)
    .where('id', '=', id)
    .where('author_id', '=', authorId)
    .where('created_at', '>=', notBefore)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findLastRead(db: Db, engagementId: string, memberId: string): Promise<string | null> {
  const row = await db
    .selectFrom('engagement_reads')
    .select('last_read_at')
    .where('engagement_id', '=', engagementId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row?.last_read_at ?? null;
}

/** Moves a member's read mark forward (never back). */
export async function markRead(db: Db, engagementId: string, memberId: string, at: string): Promise<void> {
  await db
    .insertInto('engagement_reads')
    .values({ engagement_id: engagementId, member_id: memberId, last_read_at: at })
    .onConflict((oc) =>
      oc
        .columns(['engagement_id', 'member_id'])
        .doUpdateSet({ last_read_at: at })
        .where('engagement_reads.last_read_at', '<', at),
    )
    .execute();
}

/**
 * How many messages from the other party came after `after` (all of them when null), counted up to `cap`:
 * one range of engagement_messages_timeline, never more than `cap` rows.
 */
export async function countUnread(
  db: Db,
  engagementId: string,
  readerId: string,
  after: string | null,
  cap: number,
): Promise<number> {
  let inner = db
    .selectFrom('engagement_messages')
    .select('id')
    .where('engagement_id', '=', engagementId)
    .where('author_id', '<>', readerId);
  if (after) inner = inner.where('created_at', '>', after);
  const row = await db
    .selectFrom(inner.orderBy('created_at', 'desc').limit(cap).as('recent'))
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
