import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import { pastCursor } from '../../db/keyset.js';
import type { NotificationTable } from '../../db/schema.js';
import type { Cursor } from '../../shared/pagination.js';

export async function insertNotifications(db: Db, rows: Insertable<NotificationTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('notifications').values(rows).execute();
}

export async function listNotificationsPage(
  db: Db,
  memberId: string,
  limit: number,
  opts: { cursor?: Cursor | undefined; unreadOnly?: boolean | undefined },
) {
  let q = db
    .selectFrom('notifications')
    .leftJoin('members as actor', 'actor.id', 'notifications.actor_id')
    .select([
      'notifications.id',
      'notifications.type',
      'notifications.subject_type',
      'notifications.subject_id',
      'notifications.data',
      'notifications.read_at',
      'notifications.created_at',
      'actor.handle as actor_handle',
      'actor.name as actor_name',
    ])
    .where('notifications.member_id', '=', memberId);
  if (opts.unreadOnly) q = q.where('notifications.read_at', 'is', null);
  const c = opts.cursor;
  if (c) {
    q = q.where(pastCursor('notifications.created_at', 'notifications.id', c, 'desc'));
  }
  return q
    .orderBy('notifications.created_at', 'desc')
    .orderBy('notifications.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function countUnread(db: Db, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('member_id', '=', memberId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function markRead(
  db: Db,
  memberId: string,
  ids: string[] | 'all',
  now: string,
): Promise<number> {
  let q = db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('member_id', '=', memberId)
    .where('read_at', 'is', null);
  if (ids !== 'all') {
    if (ids.length === 0) return 0;
    q = q.where('id', 'in', ids);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * The member's one unread notification of this type about this subject, if any (for notifications that are
 * refreshed rather than repeated). Walks notifications_unread (member_id, read_at): the member's unread ones.
 */
export async function findUnreadAbout(
  db: Db,
  memberId: string,
  type: string,
  subject: { type: string; id: string },
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('notifications')
    .select('id')
    .where('member_id', '=', memberId)
    .where('read_at', 'is', null)
    .where('type', '=', type)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Refreshes an unread notification: new facts, new actor, and now as its time (so it sorts first again). */
export async function refreshNotification(
  db: Db,
  id: string,
  patch: { data: string; actor_id: string | null; created_at: string },
): Promise<void> {
  await db
    .updateTable('notifications')
    .set(patch)
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .execute();
}

/** Marks read the member's unread notifications of this type about this subject. */
export async function markReadAbout(
  db: Db,
  memberId: string,
  type: string,
  subject: { type: string; id: string },
  now: string,
): Promise<number> {
  const r = await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('member_id', '=', memberId)
    .where('read_at', 'is', null)
    .where('type', '=', type)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A member's notifications of one type about one subject, created at one instant (notifications_member). */
export async function findNotifications(
  db: Db,
  where: {
    memberId: string;
    type: string;
    createdAt: string;
    subject: { type: string; id: string };
  },
): Promise<{ id: string; data: string }[]> {
  return db
    .selectFrom('notifications')
    .select(['id', 'data'])
    .where('member_id', '=', where.memberId)
    .where('created_at', '=', where.createdAt)
    .where('type', '=', where.type)
    .where('subject_type', '=', where.subject.type)
    .where('subject_id', '=', where.subject.id)
    .limit(5)
    .execute();
}

export async function updateNotificationData(db: Db, id: string, data: string): Promise<void> {
  await db.updateTable('notifications').set({ data }).where('id', '=', id).execute();
}
