// Issue 8 — the engagement conversation: listEngagementMessages, sendEngagementMessage, editEngagementMessage,
// markEngagementRead. Who may read (the parties; an admin, audited) and write (the parties, not on an abandoned
// engagement), the 10-minute edit window, never deleted, keyset pages, the one coalesced notification per
// (recipient, engagement) and its read marking, and bad input.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../packages/rules/index.js';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { captureStatements, sqlitePlan } from './helpers/statements.js';
import { testDialect } from './setup/database.js';
import type { TestClient } from './helpers/client.js';
import { registerMember, type RegisteredMember } from './helpers/factories.js';
import {
  abandonEngagement,
  completedEngagement,
  notificationsOf,
  notificationsOfType,
  startEngagement,
  verifiedMember,
  withToken,
  type LoopMember,
} from './helpers/loop.js';
import type { MessagePage, MessageView } from '../src/modules/engagements/messages.service.js';
import { MINUTE } from '../src/shared/clock.js';

const SECOND_FOR_TESTS = 1000;

let t: TestApp;
let admin: RegisteredMember;
let owner: LoopMember;
let helper: LoopMember;
let stranger: LoopMember;

beforeAll(async () => {
  t = await createTestApp();
  // Tokens, not sessions: the edit-window tests move the clock.
  admin = await withToken(await registerMember(t.app, { handle: 'admin' }));
  owner = await withToken(await verifiedMember(t));
  stranger = await withToken(await verifiedMember(t));
});
// A fresh helper per test, so the helper's capacity never runs out across the suite.
beforeEach(async () => {
  helper = await withToken(await verifiedMember(t, { capacity: 5 }));
});
afterAll(() => t.close());

const send = async (client: TestClient, engagementId: string, body: string) => {
  const res = await client.post<MessageView>(`engagements/${engagementId}/messages`, { body });
  expect(res.status, res.text).toBe(201);
  t.clock.advance(SECOND_FOR_TESTS);
  return res.body;
};
const list = async (client: TestClient, engagementId: string, query: Record<string, string> = {}) => {
  const res = await client.get<MessagePage>(`engagements/${engagementId}/messages`, { query });
  expect(res.status, res.text).toBe(200);
  return res.body;
};
const markRead = async (client: TestClient, engagementId: string) => {
  const res = await client.post<{ lastReadAt: string; unreadCount: number }>(
    `engagements/${engagementId}/read`,
  );
  expect(res.status, res.text).toBe(200);
  return res.body;
};
const messageNotifications = async (client: TestClient, engagementId: string) =>
  (await notificationsOfType(client, 'engagement_message')).filter((n) => n.subject.id === engagementId);

describe('who may read and write', () => {
  it('lets the two parties talk, newest first, with author, Markdown body and edit window', async () => {
    const { engagementId } = await startEngagement(t, owner.client, helper.client);
    const m1 = await send(helper.client, engagementId, '  Where is the **dataset**?  ');
    expect(m1.body).toBe('Where is the **dataset**?');
    expect(m1).toMatchObject({ mine: true, editedAt: null, author: { id: helper.id } });
    expect(m1.editableUntil).toBe(new Date(Date.parse(m1.createdAt) + 10 * MINUTE).toISOString());
    await send(owner.client, engagementId, 'Here: <script>alert(1)</script> [link](https://example.org)');

    const asOwner = await list(owner.client, engagementId);
    expect(asOwner.items.map((m) => m.author.id)).toEqual([owner.id, helper.id]);
    expect(asOwner.items[1]).toMatchObject({ mine: false, editableUntil: null });
    expect(asOwner.canWrite).toBe(true);
    // Stored as written: the web renders Markdown without raw HTML.
    expect(asOwner.items[0]!.body).toContain('<script>');
    const asHelper = await list(helper.client, engagementId);
    expect(asHelper.items).toHaveLength(2);
  });

  it('gives a third member and a signed-out visitor the same answer as for the engagement', async () => {
    const { engagementId } = await startEngagement(t, owner.client, helper.client);
    await send(helper.client, engagementId, 'Private between us.');
    const engagement = await stranger.client.get(`engagements/${engagementId}`);
    expectError(engagement, 404, 'ENGAGEMENT_NOT_FOUND');
    expectError(
      await stranger.client.get(`engagements/${engagementId}/messages`),
      404,
      'ENGAGEMENT_NOT_FOUND',
    );
    expectError(
      await stranger.client.post(`engagements/${engagementId}/messages`, { body: 'Hi' }),
      404,
      'ENGAGEMENT_NOT_FOUND',
    );
    expectError(await stranger.client.post(`engagements/${engagementId}/read`), 404, 'ENGAGEMENT_NOT_FOUND');
    expectError(await t.client().get(`engagements/${engagementId}/messages`), 401, 'UNAUTHENTICATED');
    expectError(await stranger.client.get('engagements/nope/messages'), 404, 'ENGAGEMENT_NOT_FOUND');
  });

  it('lets an admin read for moderation, writing an audit row for every read, but not write', async () => {
    const { engagementId } = await startEngagement(t, owner.client, helper.client);
    await send(helper.client, engagementId, 'A message an admin may read.');
    const audits = () =>
      t.app.ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('subject_type', '=', 'engagement')
        .where('subject_id', '=', engagementId)
        .execute();
    expect(await audits()).toHaveLength(0);
    await list(owner.client, engagementId); // a party's read is not audited
    const page = await list(admin.client, engagementId);
    expect(page.items).toHaveLength(1);
    expect(page).toMatchObject({ canWrite: false, lastReadAt: null, unreadCount: 0 });
    await list(admin.client, engagementId, { limit: '5' });
    const rows = await audits();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ actor_id: admin.member.id, action: 'engagement.messages.read' });
    expect(JSON.parse(rows[1]!.detail)).toMatchObject({ limit: 5 });

    expectError(
      await admin.client.post(`engagements/${engagementId}/messages`, { body: 'Moderator here.' }),
      403,
      'NOT_ENGAGEMENT_PARTY',
    );
    expectError(await admin.client.post(`engagements/${engagementId}/read`), 403, 'NOT_ENGAGEMENT_PARTY');
  });

  it('keeps a completed engagement open for messages and makes an abandoned one read-only', async () => {
    const done = await completedEngagement(t, owner.client, helper.client);
    await send(owner.client, done.engagementId, 'Thank you, great work.');

    const { engagementId } = await startEngagement(t, owner.client, helper.client);
    const m = await send(helper.client, engagementId, 'Starting now.');
    await abandonEngagement(owner.client, engagementId);
    const res = await helper.client.post(`engagements/${engagementId}/messages`, { body: 'Still there?' });
    expectError(res, 409, 'CONVERSATION_CLOSED');
    expectError(
      await helper.client.patch(`engagements/${engagementId}/messages/${m.id}`, { body: 'Edit' }),
      409,
      'CONVERSATION_CLOSED',
    );
    const page = await list(helper.client, engagementId);
    expect(page.canWrite).toBe(false);
    expect(page.items).toHaveLength(1);
  });
});

describe('editing', () => {
  it('lets the author edit within 10 minutes, marks it edited, then refuses with a 409', async () => {
    const { engagementId } = await startEngagement(t, owner.client, helper.client);
    const m = await send(helper.client, engagementId, 'First draft.');
    expectError(
      await owner.client.patch(`engagements/${engagementId}/messages/${m.id}`, { body: 'Not mine.' }),
      403,
      'NOT_MESSAGE_AUTHOR',
    );
    t.clock.advance(9 * MINUTE);
    const res = await helper.client.patch<MessageView>(`engagements/${engagementId}/messages/${m.id}`, {
      body: 'Second draft.',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.body).toBe('Second draft.');
    expect(res.body.editedAt).toBe(t.clock.now().toISOString());

    t.clock.advance(1 * MINUTE);
    const late = await helper.client.patch(`engagements/${engagementId}/messages/${m.id}`, {
      body: 'Third.',
    });
    expectError(late, 409, 'MESSAGE_EDIT_WINDOW_CLOSED');
    expect(late.error?.details).toEqual({ editableUntil: m.editableUntil });
    const page = await list(owner.client, engagementId);
    expect(page.items[0]).toMatchObject({ id: m.id, body: 'Second draft.', editedAt: res.body.editedAt });
  });

  it('answers 404 for a message of another engagement and validates the edit', async () => {
    const a = await startEngagement(t, owner.client, helper.client);
    const b = await startEngagement(t, owner.client, helper.client);
    const m = await send(helper.client, a.engagementId, 'On engagement A.');
    expectError(
      await helper.client.patch(`engagements/${b.engagementId}/messages/${m.id}`, { body: 'Moved?' }),
      404,
      'MESSAGE_NOT_FOUND',
    );
    expectValidationError(
      await helper.client.patch(`engagements/${a.engagementId}/messages/${m.id}`, { body: '   ' }),
      'body.body',
    );
  });

  it('never deletes a message: there is no delete route and the row stays', async () => {
    const { engagementId } = await startEngagement(t, owner.client, helper.client);
    const m = await send(helper.client, engagementId, 'Keep me.');
    const del = await helper.client.request('DELETE', `engagements/${engagementId}/messages/${m.id}`);
    expect([404, 405]).toContain(del.status);
    const row = await t.app.ctx.db
      .selectFrom('engagement_messages')
      .selectAll()
      .where('id', '=', m.id)
      .executeTakeFirst();
    expect(row?.body).toBe('Keep me.');
    expect((await list(owner.client, engagementId)).items.map((x) => x.id)).toEqual([m.id]);
  });
});

describe('pages', () => {
  it('walks the conversation newest first with a keyset cursor, stable under new messages', async () => {
    const { engagementId } = await startEngagement(t, owner.client, helper.client);
    const sent: string[] = [];
    for (let i = 0; i < 7; i++)
      sent.push((await send(i % 2 ? owner.client : helper.client, engagementId, `m${i}`)).id);
    const first = await list(owner.client, engagementId, { limit: '3' });
    expect(first.items.map((m) => m.body)).toEqual(['m6', 'm5', 'm4']);
    expect(first.nextCursor).not.toBeNull();
    await send(helper.client, engagementId, 'm7 (after the first page)');
    const second = await list(owner.client, engagementId, { limit: '3', cursor: first.nextCursor! });
    expect(second.items.map((m) => m.body)).toEqual(['m3', 'm2', 'm1']);
    const third = await list(owner.client, engagementId, { limit: '3', cursor: second.nextCursor! });
    expect(third.items.map((m) => m.body)).toEqual(['m0']);
    expect(third.nextCursor).toBeNull();
  });

  it('refuses a bad cursor and a bad limit', async () => {
    const { engagementId } = await startEngagement(t, owner.client, helper.client);
    expectError(
      await owner.client.get(`engagements/${engagementId}/messages`, { query: { cursor: 'not-a-cursor' } }),
      400,
      'INVALID_CURSOR',
    );
    expectValidationError(
      await owner.client.get(`engagements/${engagementId}/messages`, { query: { limit: '1000' } }),
    );
  });
});

describe('input', () => {
  it('refuses an empty, blank, too long or malformed body', async () => {
    const { engagementId } = await startEngagement(t, owner.client, helper.client);
    const url = `engagements/${engagementId}/messages`;
    expectValidationError(await helper.client.post(url, { body: '' }), 'body.body');
    expectValidationError(await helper.client.post(url, { body: ' \n\t ' }), 'body.body');
    expectValidationError(
      await helper.client.post(url, { body: 'x'.repeat(LIMITS.messageBodyMax + 1) }),
      'body.body',
    );
    expectValidationError(await helper.client.post(url, {}), 'body.body');
    expectValidationError(await helper.client.post(url, { body: 'Hi', extra: true }));
    await send(helper.client, engagementId, 'x'.repeat(LIMITS.messageBodyMax));
  });
});

describe('notifications and read state', () => {
  it('keeps ONE unread notification per recipient and engagement, refreshed and counted, read with the conversation', async () => {
    const { engagementId, overflow } = await startEngagement(t, owner.client, helper.client);
    await send(helper.client, engagementId, 'One.');
    let mine = await messageNotifications(owner.client, engagementId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ read: false, path: `/engagements/${engagementId}` });
    expect(mine[0]!.text).toContain(overflow.title);
    const firstAt = mine[0]!.createdAt;

    await send(helper.client, engagementId, 'Two.');
    await send(helper.client, engagementId, 'Three.');
    mine = await messageNotifications(owner.client, engagementId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toMatch(/^3 new messages on/);
    expect(mine[0]!.createdAt > firstAt).toBe(true);
    // Refreshed to now, it sorts first among the owner's notifications.
    expect((await notificationsOf(owner.client)).items[0]!.id).toBe(mine[0]!.id);
    const stored = await t.app.ctx.db
      .selectFrom('notifications')
      .select('data')
      .where('id', '=', mine[0]!.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.data)).toMatchObject({ title: overflow.title, count: 3 });
    // The sender is not notified about their own messages.
    expect(await messageNotifications(helper.client, engagementId)).toHaveLength(0);

    const before = await list(owner.client, engagementId);
    expect(before).toMatchObject({ unreadCount: 3, lastReadAt: null });
    const unreadBefore = (await notificationsOf(owner.client)).unreadCount;
    const read = await markRead(owner.client, engagementId);
    expect(read.lastReadAt).toBe(t.clock.now().toISOString());
    mine = await messageNotifications(owner.client, engagementId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.read).toBe(true);
    expect((await notificationsOf(owner.client)).unreadCount).toBe(unreadBefore - 1);
    expect(await list(owner.client, engagementId)).toMatchObject({
      unreadCount: 0,
      lastReadAt: read.lastReadAt,
    });

    // After reading, the next message starts a new unread notification counting from the read mark.
    t.clock.advance(SECOND_FOR_TESTS);
    await send(helper.client, engagementId, 'Four.');
    mine = await messageNotifications(owner.client, engagementId);
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatchObject({ read: false });
    expect(mine[0]!.text).not.toMatch(/new messages/);
    expect((await list(owner.client, engagementId)).unreadCount).toBe(1);
  });

  it('moves the sender’s read mark when they send, and keeps engagements apart', async () => {
    const a = await startEngagement(t, owner.client, helper.client);
    const b = await startEngagement(t, owner.client, helper.client);
    await send(owner.client, a.engagementId, 'On A.');
    await send(owner.client, b.engagementId, 'On B.');
    expect(await messageNotifications(helper.client, a.engagementId)).toHaveLength(1);
    expect(await messageNotifications(helper.client, b.engagementId)).toHaveLength(1);
    await send(helper.client, a.engagementId, 'Reply on A.');
    expect((await list(helper.client, a.engagementId)).unreadCount).toBe(0);
    await markRead(helper.client, a.engagementId);
    expect((await messageNotifications(helper.client, a.engagementId))[0]!.read).toBe(true);
    expect((await messageNotifications(helper.client, b.engagementId))[0]!.read).toBe(false);
  });
});

// EXPLAIN QUERY PLAN is SQLite's: every statement of the conversation's routes searches by an index.
if (testDialect() === 'sqlite') {
  describe('bounded reads (SQLite plans)', () => {
    it('list, send and mark read search by index; the page walks engagement_messages_timeline', async () => {
      const { engagementId } = await startEngagement(t, owner.client, helper.client);
      for (let i = 0; i < 3; i++) await send(helper.client, engagementId, `m${i}`);
      const first = await list(owner.client, engagementId, { limit: '2' });
      const routes = [
        () => owner.client.get(`engagements/${engagementId}/messages`, { query: { limit: '2' } }),
        () =>
          owner.client.get(`engagements/${engagementId}/messages`, {
            query: { limit: '2', cursor: first.nextCursor! },
          }),
        () => helper.client.post(`engagements/${engagementId}/messages`, { body: 'Another.' }),
        () => owner.client.post(`engagements/${engagementId}/read`),
      ];
      const seen: string[] = [];
      for (const route of routes) {
        const { queries, result } = await captureStatements(t, route);
        expect(result.status).toBeLessThan(300);
        for (const q of queries.filter((x) => /^\s*select/i.test(x.sql))) {
          const plan = await sqlitePlan(t.app.ctx.db, q);
          const text = `${q.sql}\n${plan.map((l) => l.detail).join('\n')}`;
          for (const l of plan) expect(l.detail, text).not.toMatch(/^SCAN (?!recent)/);
          seen.push(text);
        }
      }
      expect(seen.some((s) => /engagement_messages_timeline/.test(s))).toBe(true);
    });
  });
}
