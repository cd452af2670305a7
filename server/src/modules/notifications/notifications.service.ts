import type { Actor, AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { iso } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import { requireMember } from '../auth/auth.policy.js';
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
  | 'question_answered';

export interface NotificationInput {
  memberId: string;
  type: NotificationType;
  actorId?: string | null | undefined;
  subject: { type: 'overflow' | 'offer' | 'engagement' | 'noticed' | 'thanks' | 'tie'; id: string };
  /** Small facts for the sentence (titles, names) so reading a notification needs no joins. */
  data?: Record<string, string | number | boolean | null>;
}

interface Channel {
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

const channels: Channel[] = [inAppChannel];

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

type Data = Record<string, string | number | boolean | null | undefined>;

/** The sentence and the web path for a notification: shared by the in-app list and (later) email. */
function describeNotification(
  type: string,
  data: Data,
  actorName: string | null,
): { text: string; path: string } {
  const who = actorName ?? 'Someone';
  const t = `“${data.title ?? data.overflowTitle ?? ''}”`;
  const engagement = `/engagements/${data.engagementId}`;
  const overflow = `/overflow/${data.overflowId}`;
  switch (type) {
    case 'offer_received':
      return data.withdrawn
        ? { text: `${who} withdrew their offer on ${t}.`, path: overflow }
        : { text: `${who} offered to help with ${t}.`, path: overflow };
    case 'question_asked':
      return { text: `${who} asked a question about ${t}. Answer it on the posting.`, path: overflow };
    case 'question_answered':
      return { text: `${who} answered your question about ${t}.`, path: overflow };
    case 'offer_accepted':
      return { text: `${who} accepted your offer on ${t}. The engagement has started.`, path: engagement };
    case 'offer_declined':
      return {
        text:
          data.reason === 'cancelled'
            ? `${t} was cancelled by its owner, so your offer is closed. Thank you for offering.`
            : data.reason === 'narrowed'
              ? `${t} is now a direct ask to someone else, so your offer is closed. Thank you for offering.`
              : data.reason === 'expired'
                ? `${t} expired before anyone was assigned, so your offer is closed.`
                : data.reason === 'other_accepted'
                  ? `${who} went with another offer on ${t}. Thank you for offering — your help is noticed.`
                  : `${who} declined your offer on ${t}.${data.note ? ` Their note: “${data.note}”` : ''}`,
        path: overflow,
      };
    case 'delivery_submitted':
      return {
        text: `${who} delivered ${t}. Review it, then complete the engagement or ask for a revision.`,
        path: engagement,
      };
    case 'revision_requested':
      return { text: `${who} asked for a revision on ${t}.`, path: engagement };
    case 'engagement_completed':
      return {
        text:
          data.recipient === 'owner'
            ? `${t} is complete. Thank you for reviewing it: it is now verified work on ${data.detailsPublic === false ? 'their profile, with its details private' : 'their profile'}.`
            : `${t} is complete. It is now verified work on your profile${data.detailsPublic === false ? ' (its details show only to you and the owner)' : ''}.`,
        path: engagement,
      };
    case 'engagement_auto_completed':
      return {
        text: `${t} completed automatically: the owner did not respond within the review window after delivery.`,
        path: engagement,
      };
    case 'engagement_abandoned':
      return {
        text: `${who} stepped away from ${t}.${data.reason ? ` Reason: “${data.reason}”` : ''}`,
        path: engagement,
      };
    case 'overflow_asked':
      return { text: `${who} asked you directly for help with ${t}.`, path: overflow };
    case 'offer_invited':
      return {
        text: `${who} invites you to offer on ${t}. Your call: offer if it fits you and your capacity.`,
        path: overflow,
      };
    case 'noticed_received':
      return { text: `${who} noticed your work “${data.workTitle}”.`, path: '/ties?tab=noticed' };
    case 'noticed_accepted':
      return {
        text: `${who} accepted your note about “${data.workTitle}”. You now have a tie.`,
        path: '/ties',
      };
    case 'thanks_received':
      return { text: `${who} thanked you publicly.`, path: `/@${data.recipientHandle}` };
    case 'tie_formed':
      return { text: `You and ${who} now have a tie (${data.label}).`, path: '/ties' };
    case 'engagement_message': {
      const n = Number(data.count ?? 1);
      return {
        text:
          n > 1 ? `${n} new messages on ${t}, the latest from ${who}.` : `${who} sent you a message on ${t}.`,
        path: engagement,
      };
    }
    default:
      return { text: `${who} did something on ${t}.`, path: '/' };
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
    input.all ? 'all' : (input.ids ?? []),
    iso(ctx.clock.now()),
  );
  return { marked, unreadCount: await repo.countUnread(ctx.db, a.memberId) };
}
