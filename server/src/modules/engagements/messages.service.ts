// The engagement conversation (issue 8): a thread between the owner and the helper, shown in one timeline
// with the engagement's events.
//
// Who may read: the two parties; an admin may read for moderation, and every admin read writes an
// admin_audit row ('engagement.messages.read'). Anyone else gets the engagement's own "not found".
// Who may write: the two parties, while the engagement is active, delivered or completed (a completed one
// stays open for thanks and follow-up questions); an abandoned engagement's conversation is read-only.
// Messages are editable by their author for LIMITS.messageEditMinutes after sending, and never deleted.
// A new message creates or refreshes ONE unread `engagement_message` notification per (recipient,
// engagement) in the same transaction; marking the conversation read marks that notification read.
import { LIMITS } from '../../../../packages/rules/index.js';
import type { Actor, AppContext } from '../../context.js';
import type { EngagementRow, EngagementStatus } from '../../db/schema.js';
import { addMs, iso, MINUTE } from '../../shared/clock.js';
import { AppError, conflict, forbidden, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import { recordAudit } from '../audit/audit.service.js';
import { markReadAbout, notifyOrRefresh } from '../notifications/notifications.service.js';
import * as overflowRepo from '../overflow/overflow.repository.js';
import { requireParty } from './engagements.policy.js';
import * as repo from './engagements.repository.js';
import * as messagesRepo from './messages.repository.js';

/** The statuses in which the two parties may write; abandoned is read-only. */
export const WRITABLE_STATUSES: readonly EngagementStatus[] = ['active', 'delivered', 'completed'];
/** Unread counts stop here (the badge says "99"): the count is one LIMITed range, never a whole thread. */
export const UNREAD_CAP = 99;
const EDIT_WINDOW_MS = LIMITS.messageEditMinutes * MINUTE;

export interface MessageView {
  id: string;
  engagementId: string;
  author: { id: string; handle: string; name: string };
  body: string;
  createdAt: string;
  editedAt: string | null;
  mine: boolean;
  editableUntil: string | null;
  removed: boolean;
}

/** What others read in place of a message, question or note a moderator hid. */
export const REMOVED_TEXT = '_Removed by a moderator._';

export interface MessagePage {
  items: MessageView[];
  nextCursor: string | null;
  lastReadAt: string | null;
  unreadCount: number;
  canWrite: boolean;
}

function toMessageView(m: messagesRepo.MessageRow, viewerId: string): MessageView {
  const mine = m.author_id === viewerId;
  const removed = m.hidden_at !== null;
  return {
    id: m.id,
    engagementId: m.engagement_id,
    author: { id: m.author_id, handle: m.author_handle, name: m.author_name },
    body: removed && !mine ? REMOVED_TEXT : m.body,
    createdAt: m.created_at,
    editedAt: m.edited_at,
    mine,
    editableUntil: mine && !removed ? iso(addMs(new Date(m.created_at), EDIT_WINDOW_MS)) : null,
    removed,
  };
}

const isParty = (e: EngagementRow, memberId: string) => e.owner_id === memberId || e.helper_id === memberId;

/** Writing (and read state) is the two parties' only: an admin who may read gets a clear 403. */
function requireWriter(actor: Actor, e: EngagementRow): void {
  if (!isParty(e, actor.memberId))
    throw forbidden('Only the owner and the helper can write in this conversation.', 'NOT_ENGAGEMENT_PARTY');
}

function requireOpenConversation(e: EngagementRow): void {
  if (!WRITABLE_STATUSES.includes(e.status))
    throw conflict(
      'CONVERSATION_CLOSED',
      `This engagement is ${e.status}, so its conversation is read-only.`,
      { status: e.status },
    );
}

export async function listEngagementMessages(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  q: { cursor?: string | undefined; limit: number },
): Promise<MessagePage> {
  const e = requireParty(actor, await repo.findEngagement(ctx.db, id), true);
  const a = actor!;
  const cursor = decodeCursor(q.cursor);
  const party = isParty(e, a.memberId);
  if (!party) {
    // An admin reading for moderation: the read itself is on record.
    const now = ctx.clock.now();
    await recordAudit(
      ctx.db,
      {
        memberId: null,
        actorId: a.memberId,
        action: 'engagement.messages.read',
        subjectType: 'engagement',
        subjectId: id,
        detail: { cursor: q.cursor ?? null, limit: q.limit },
      },
      now,
    );
  }
  const rows = await messagesRepo.listMessagesPage(ctx.db, id, q.limit, cursor);
  const page = toPage(rows, q.limit, (r) => ({ key: r.created_at, id: r.id }));
  const lastReadAt = party ? await messagesRepo.findLastRead(ctx.db, id, a.memberId) : null;
  const unreadCount = party
    ? await messagesRepo.countUnread(ctx.db, id, a.memberId, lastReadAt, UNREAD_CAP)
    : 0;
  return {
    items: page.items.map((m) => toMessageView(m, a.memberId)),
    nextCursor: page.nextCursor,
    lastReadAt,
    unreadCount,
    canWrite: party && WRITABLE_STATUSES.includes(e.status),
  };
}

export async function sendEngagementMessage(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: { body: string },
): Promise<MessageView> {
  const now = ctx.clock.now();
  const messageId = newId(now);
  await ctx.db.transaction().execute(async (trx) => {
    const e = requireParty(actor, await repo.findEngagement(trx, id), true);
    requireWriter(actor!, e);
    requireOpenConversation(e);
    const author = actor!.memberId;
    // The sender has read their own conversation up to now. Written first, it also takes the sender's
    // read-state row: two messages from the same sender at once then meet one notification, not two.
    await messagesRepo.markRead(trx, id, author, iso(now));
    await messagesRepo.insertMessage(trx, {
      id: messageId,
      engagement_id: id,
      author_id: author,
      body: input.body,
      created_at: iso(now),
    });
    const recipient = author === e.owner_id ? e.helper_id : e.owner_id;
    const lastRead = await messagesRepo.findLastRead(trx, id, recipient);
    const count = await messagesRepo.countUnread(trx, id, recipient, lastRead, UNREAD_CAP);
    const o = await overflowRepo.findOverflowById(trx, e.overflow_id);
    await notifyOrRefresh(ctx, trx, now, {
      memberId: recipient,
      type: 'engagement_message',
      actorId: author,
      subject: { type: 'engagement', id },
      data: { title: o?.title ?? '', count, engagementId: id },
    });
  });
  const m = await messagesRepo.findMessage(ctx.db, messageId);
  return toMessageView(m!, actor!.memberId);
}

export async function editEngagementMessage(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  messageId: string,
  input: { body: string },
): Promise<MessageView> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const e = requireParty(actor, await repo.findEngagement(trx, id), true);
    const m = await messagesRepo.findMessage(trx, messageId);
    if (!m || m.engagement_id !== e.id) throw notFound('Message', 'MESSAGE_NOT_FOUND');
    if (m.author_id !== actor!.memberId)
      throw forbidden('Only the author of a message can edit it.', 'NOT_MESSAGE_AUTHOR');
    requireOpenConversation(e);
    const notBefore = iso(addMs(now, -EDIT_WINDOW_MS));
    const closed = () =>
      new AppError(
        409,
        'MESSAGE_EDIT_WINDOW_CLOSED',
        `A message can be edited for ${LIMITS.messageEditMinutes} minutes after sending; this one can no longer be changed.`,
        { editableUntil: iso(addMs(new Date(m.created_at), EDIT_WINDOW_MS)) },
      );
    if (m.created_at < notBefore) throw closed();
    if (
      !(await messagesRepo.editMessage(trx, messageId, m.author_id, notBefore, {
        body: input.body,
        edited_at: iso(now),
      }))
    )
      throw closed();
  });
  const m = await messagesRepo.findMessage(ctx.db, messageId);
  return toMessageView(m!, actor!.memberId);
}

/** The viewer has read the conversation up to now: their read mark moves and the message notification is read. */
export async function markEngagementRead(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
): Promise<{ lastReadAt: string; unreadCount: number }> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const e = requireParty(actor, await repo.findEngagement(trx, id), true);
    requireWriter(actor!, e);
    await messagesRepo.markRead(trx, id, actor!.memberId, iso(now));
    await markReadAbout(trx, now, actor!.memberId, 'engagement_message', { type: 'engagement', id });
  });
  return { lastReadAt: iso(now), unreadCount: 0 };
}
