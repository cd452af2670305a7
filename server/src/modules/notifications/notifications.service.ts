import type { Actor, AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { iso } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import { requireMember } from '../auth/auth.policy.js';
import { describeNotification, type Data } from './notifications.describe.js';
import { emailChannel } from './notifications.email.js';
import * as repo from './notifications.repository.js';

/**
 * Every event a member should hear about. Domains call `notify()` inside their transaction; the
 * notification module decides how it reaches the member: the in-app list, and email (a row in the outbox in
 * the same transaction, per the member's email settings). The domains need not know which.
 */
export type NotificationType =
  | 'offer_received'
  | 'offer_accepted'
  | 'offer_declined'
  | 'delivery_submitted'
  | 'revision_requested'
  | 'engagement_completed'
  | 'engagement_auto_completed'
  | 'engagement_abandoned'
  | 'overflow_asked'
  | 'offer_invited'
  | 'noticed_received'
  | 'noticed_accepted'
  | 'thanks_received'
  | 'tie_formed'
  | 'engagement_message'
  | 'question_asked'
  | 'question_answered'
  | 'report_resolved'
  | 'ask_closed';

export interface NotificationInput {
  memberId: string;
  type: NotificationType;
  actorId?: string | null | undefined;
  subject: {
    type: 'overflow' | 'offer' | 'engagement' | 'noticed' | 'thanks' | 'tie' | 'report';
    id: string;
  };
  /** Small facts for the sentence (titles, names) so reading a notification needs no joins. */
  data?: Record<string, string | number | boolean | null>;
  /** Member-written text the event carries (an offer's pitch, a note): quoted in the email, never stored here. */
  quote?: string | null | undefined;
}

export interface Channel {
  deliver(ctx: AppContext, db: Db, now: Date, items: NotificationInput[]): Promise<void>;
}

const inAppChannel: Channel = {
  async deliver(_ctx, db, now, items) {
    await repo.insertNotifications(
      db,
      items.map((n) => ({
        id: newId(now),
        member_id: n.memberId,
        type: n.type,
        actor_id: n.actorId ?? null,
        subject_type: n.subject.type,
        subject_id: n.subject.id,
        data: JSON.stringify(n.data ?? {}),
        read_at: null,
        created_at: iso(now),
      })),
    );
  },
};

const channels: Channel[] = [inAppChannel, emailChannel];

/** `db` is the caller's transaction: what the channels write commits or rolls back with the event. */
export async function notify(
  ctx: AppContext,
  db: Db,
  now: Date,
  ...items: NotificationInput[]
): Promise<void> {
  for (const channel of channels) await channel.deliver(ctx, db, now, items);
}

/**
 * Like notify(), for a notification that should stay one per (member, type, subject) while unread: an unread
 * one is refreshed (its facts, actor and time: it sorts first again) instead of a second being written.
 * Call it inside the domain's transaction.
 */
export async function notifyOrRefresh(
  ctx: AppContext,
  db: Db,
  now: Date,
  n: NotificationInput,
): Promise<void> {
  const existing = await repo.findUnreadAbout(db, n.memberId, n.type, n.subject);
  if (!existing) return notify(ctx, db, now, n);
  await repo.refreshNotification(db, existing.id, {
    data: JSON.stringify(n.data ?? {}),
    actor_id: n.actorId ?? null,
    created_at: iso(now),
  });
}

/** Marks read the member's unread notifications of this type about this subject (e.g. a conversation read). */
export async function markReadAbout(
  db: Db,
  now: Date,
  memberId: string,
  type: NotificationType,
  subject: NotificationInput['subject'],
): Promise<number> {
  return repo.markReadAbout(db, memberId, type, subject, iso(now));
}

/**
 * Marks what happened since to a notification already sent (e.g. `{ withdrawn: true }` on an
 * `offer_received` whose offer was withdrawn), inside the caller's transaction. The notification is found
 * by its recipient and creation time (notifications_member) and its subject, so this reads one or two rows.
 */
export async function amendNotification(
  db: Db,
  where: {
    memberId: string;
    type: NotificationType;
    createdAt: string;
    subject: NotificationInput['subject'];
  },
  patch: Record<string, string | number | boolean | null>,
): Promise<void> {
  const found = await repo.findNotifications(db, where);
  for (const n of found) {
    const data = { ...(JSON.parse(n.data) as Record<string, unknown>), ...patch };
    await repo.updateNotificationData(db, n.id, JSON.stringify(data));
  }
}

export interface NotificationView {
  id: string;
  type: string;
  text: string;
  path: string;
  actor: { handle: string; name: string } | null;
  subject: { type: string; id: string };
  read: boolean;
  createdAt: string;
}

export async function listNotifications(
  ctx: AppContext,
  actor: Actor | null,
  query: { cursor?: string | undefined; limit: number; unread?: boolean | undefined },
) {
  const a = requireMember(actor);
  const rows = await repo.listNotificationsPage(ctx.db, a.memberId, query.limit, {
    cursor: decodeCursor(query.cursor),
    unreadOnly: query.unread,
  });
  const page = toPage(rows, query.limit, (r) => ({ key: r.created_at, id: r.id }));
  const items: NotificationView[] = page.items.map((r) => ({
    id: r.id,
    type: r.type,
    ...describeNotification(r.type, JSON.parse(r.data) as Data, r.actor_name),
    actor: r.actor_handle && r.actor_name ? { handle: r.actor_handle, name: r.actor_name } : null,
    subject: { type: r.subject_type, id: r.subject_id },
    read: r.read_at !== null,
    createdAt: r.created_at,
  }));
  return { items, nextCursor: page.nextCursor, unreadCount: await repo.countUnread(ctx.db, a.memberId) };
}

export async function markNotificationsRead(
  ctx: AppContext,
  actor: Actor | null,
  input: { ids?: string[] | undefined; all?: boolean | undefined },
) {
  const a = requireMember(actor);
  const marked = await repo.markRead(
    ctx.db,
    a.memberId,
    // An id with a NUL names no notification (and PostgreSQL cannot compare text with one: it answered 500).
    input.all ? 'all' : (input.ids ?? []).filter((id) => !id.includes('\u0000')),
    iso(ctx.clock.now()),
  );
  return { marked, unreadCount: await repo.countUnread(ctx.db, a.memberId) };
}
