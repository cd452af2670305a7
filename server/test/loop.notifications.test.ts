// Issue 3 — notifications: every event of the loop notifies the right member with the right type;
// listNotifications (unread count, unread filter, pagination) and markNotificationsRead (some / all);
// members never see each other's notifications.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createWorkRecord, registerMember } from './helpers/factories.js';
import {
  abandonEngagement,
  acceptOffer,
  completeEngagement,
  dateIn,
  deliver,
  makeOffer,
  notificationsOf,
  postOverflow,
  requestRevision,
  verifiedMember,
  withToken,
  type LoopMember,
  type NotificationList,
} from './helpers/loop.js';
import { autoCompleteOverdue } from '../src/modules/engagements/engagements.service.js';
import { expireOverdueOverflow } from '../src/modules/overflow/overflow.service.js';
import { DAY, MINUTE } from '../src/shared/clock.js';

let t: TestApp;
let owner: LoopMember;
let h1: LoopMember;
let h2: LoopMember;
let h3: LoopMember;
let author: LoopMember;
const ids: Record<string, string> = {};

/** Runs the whole loop once, touching every kind of event. */
beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
  // Tokens: the scenario moves the clock by weeks.
  owner = await withToken(await verifiedMember(t, { name: 'Olga Owner' }));
  h1 = await withToken(await verifiedMember(t, { name: 'Hana One' }));
  h2 = await withToken(await verifiedMember(t, { name: 'Hugo Two' }));
  h3 = await withToken(await verifiedMember(t, { name: 'Hiro Three' }));
  author = await withToken(await verifiedMember(t, { name: 'Ada Author' }));
  const step = () => t.clock.advance(MINUTE);

  // X1: two offers, one accepted; deliver, revision, deliver, complete.
  const x1 = await postOverflow(owner.client, { title: 'X1 guide' });
  ids.x1 = x1.id;
  const x1o1 = await makeOffer(t, h1.client, x1.id);
  step();
  const x1o2 = await makeOffer(t, h2.client, x1.id);
  ids.x1o1 = x1o1.id;
  ids.x1o2 = x1o2.id;
  step();
  ids.e1 = await acceptOffer(owner.client, x1o1.id);
  step();
  await deliver(h1.client, ids.e1);
  step();
  await requestRevision(owner.client, ids.e1);
  step();
  await deliver(h1.client, ids.e1);
  step();
  await completeEngagement(owner.client, ids.e1);

  // X2: declined with a note. X3: cancelled. X4: expired.
  step();
  const x2 = await postOverflow(owner.client, { title: 'X2 declined' });
  ids.x2o = (await makeOffer(t, h3.client, x2.id)).id;
  await owner.client.post(`offers/${ids.x2o}/decline`, { note: 'We found someone in-house.' });
  step();
  const x3 = await postOverflow(owner.client, { title: 'X3 cancelled' });
  ids.x3o = (await makeOffer(t, h3.client, x3.id)).id;
  await owner.client.post(`overflow/${x3.id}/cancel`);
  step();
  const x4 = await postOverflow(owner.client, { title: 'X4 expires', dueOn: dateIn(t, 1) });
  ids.x4o = (await makeOffer(t, h2.client, x4.id)).id;
  t.clock.advance(3 * DAY);
  await expireOverdueOverflow(t.app.ctx);

  // X5: accepted, then abandoned by the helper.
  step();
  const x5 = await postOverflow(owner.client, { title: 'X5 abandoned' });
  ids.e5 = await acceptOffer(owner.client, (await makeOffer(t, h2.client, x5.id)).id);
  await abandonEngagement(h2.client, ids.e5, 'Family emergency.');

  // X6: delivered, then the owner goes silent: auto-completed.
  step();
  const x6 = await postOverflow(owner.client, { title: 'X6 ghosted' });
  ids.e6 = await acceptOffer(owner.client, (await makeOffer(t, h3.client, x6.id)).id);
  await deliver(h3.client, ids.e6);
  t.clock.advance(15 * DAY);
  await autoCompleteOverdue(t.app.ctx);

  // Noticed (accepted), thanks, a direct ask.
  step();
  const record = await createWorkRecord(author.client, { title: 'Talk on queues', kind: 'talk' });
  const noticed = await h2.client.post<{ id: string }>('noticed', {
    workRecordId: record.id,
    message: 'Your talk on queues was exactly what I needed.',
  });
  ids.noticed = noticed.body.id;
  await author.client.post(`noticed/${ids.noticed}/accept`);
  step();
  ids.thanks = (
    await h1.client.post<{ id: string }>('thanks', {
      toHandle: owner.handle,
      message: 'Thanks for trusting me.',
    })
  ).body.id;
  step();
  ids.ask = (
    await postOverflow(owner.client, { title: 'X7 ask', visibility: 'ask', askHandle: h1.handle })
  ).id;
});
afterAll(() => t.close());

const typesOf = (list: NotificationList) => list.items.map((n) => n.type).sort();

describe('every event notifies the right member', () => {
  it('the owner hears about offers, deliveries, completions, ties, abandonment, auto-completion and thanks', async () => {
    const list = await notificationsOf(owner.client);
    expect(typesOf(list)).toEqual(
      [
        ...Array(7).fill('offer_received'),
        ...Array(3).fill('delivery_submitted'),
        'engagement_completed',
        'engagement_abandoned',
        'engagement_auto_completed',
        'tie_formed',
        'tie_formed',
        'thanks_received',
      ].sort(),
    );
    const byType = (type: string) => list.items.filter((n) => n.type === type);
    expect(byType('offer_received').find((n) => n.subject.id === ids.x1o2)).toMatchObject({
      actor: { handle: h2.handle, name: 'Hugo Two' },
      subject: { type: 'offer' },
      text: 'Hugo Two offered to help with “X1 guide”.',
      path: `/overflow/${ids.x1}`,
      read: false,
    });
    expect(byType('engagement_abandoned')[0]).toMatchObject({
      subject: { type: 'engagement', id: ids.e5 },
      text: 'Hugo Two stepped away from “X5 abandoned”. Reason: “Family emergency.”',
      path: `/engagements/${ids.e5}`,
    });
    expect(byType('engagement_auto_completed')[0]).toMatchObject({ subject: { id: ids.e6 }, actor: null });
    expect(byType('thanks_received')[0]).toMatchObject({
      subject: { type: 'thanks', id: ids.thanks },
      actor: { handle: h1.handle },
      path: `/@${owner.handle}`,
    });
    expect(list.unreadCount).toBe(16);
  });

  it('helpers hear about acceptance, declines (with the reason), revisions, completion, asks and noticed answers', async () => {
    const one = await notificationsOf(h1.client);
    expect(typesOf(one)).toEqual(
      ['offer_accepted', 'revision_requested', 'engagement_completed', 'tie_formed', 'overflow_asked'].sort(),
    );
    expect(one.items.find((n) => n.type === 'offer_accepted')).toMatchObject({
      subject: { type: 'engagement', id: ids.e1 },
      path: `/engagements/${ids.e1}`,
      actor: { handle: owner.handle },
    });
    expect(one.items.find((n) => n.type === 'overflow_asked')).toMatchObject({
      subject: { type: 'overflow', id: ids.ask },
      text: 'Olga Owner asked you directly for help with “X7 ask”.',
    });

    const two = await notificationsOf(h2.client);
    expect(typesOf(two)).toEqual(
      ['offer_declined', 'offer_declined', 'offer_accepted', 'noticed_accepted', 'tie_formed'].sort(),
    );
    const declined2 = Object.fromEntries(
      two.items.filter((n) => n.type === 'offer_declined').map((n) => [n.subject.id, n.text]),
    );
    expect(declined2[ids.x1o2!]).toMatch(/went with another offer on “X1 guide”/);
    expect(declined2[ids.x4o!]).toMatch(/“X4 expires” expired before anyone was assigned/);
    expect(two.items.find((n) => n.type === 'noticed_accepted')).toMatchObject({
      subject: { type: 'noticed', id: ids.noticed },
      actor: { handle: author.handle },
      text: 'Ada Author accepted your note about “Talk on queues”. You now have a tie.',
    });

    const three = await notificationsOf(h3.client);
    expect(typesOf(three)).toEqual(
      [
        'offer_declined',
        'offer_declined',
        'offer_accepted',
        'engagement_auto_completed',
        'tie_formed',
      ].sort(),
    );
    const declined3 = Object.fromEntries(
      three.items.filter((n) => n.type === 'offer_declined').map((n) => [n.subject.id, n.text]),
    );
    expect(declined3[ids.x2o!]).toBe(
      'Olga Owner declined your offer on “X2 declined”. Their note: “We found someone in-house.”',
    );
    expect(declined3[ids.x3o!]).toMatch(/“X3 cancelled” was cancelled by its owner/);
  });

  it('the author of noticed work hears about the note and the tie', async () => {
    const list = await notificationsOf(author.client);
    expect(typesOf(list)).toEqual(['noticed_received', 'tie_formed']);
    expect(list.items.find((n) => n.type === 'noticed_received')).toMatchObject({
      subject: { type: 'noticed', id: ids.noticed },
      text: 'Hugo Two noticed your work “Talk on queues”.',
      path: '/ties?tab=noticed',
    });
    expect(list.items.find((n) => n.type === 'tie_formed')!.text).toBe(
      'You and Hugo Two now have a tie (met through “Talk on queues”).',
    );
  });

  it('members never see each other’s notifications', async () => {
    const members = [owner, h1, h2, h3, author];
    const seen = new Set<string>();
    for (const m of members) {
      const list = await notificationsOf(m.client);
      const rows = await t.app.ctx.db
        .selectFrom('notifications')
        .select(['id', 'member_id'])
        .where(
          'id',
          'in',
          list.items.map((n) => n.id),
        )
        .execute();
      expect(rows).toHaveLength(list.items.length);
      expect(new Set(rows.map((r) => r.member_id))).toEqual(new Set([m.id]));
      for (const n of list.items) {
        expect(seen.has(n.id)).toBe(false);
        seen.add(n.id);
      }
    }
    const total = await t.app.ctx.db.selectFrom('notifications').select('id').execute();
    expect(seen.size).toBe(total.length);
  });
});

describe('listNotifications and markNotificationsRead', () => {
  it('pages newest first without duplicates', async () => {
    const all = await notificationsOf(owner.client);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { limit: '5', ...(cursor && { cursor }) };
      const page = await notificationsOf(owner.client, query);
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((n) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((n) => n.id));
    const created = all.items.map((n) => n.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('marks some read, then all; the unread count follows; other members’ ids are not touched', async () => {
    const before = await notificationsOf(owner.client);
    const two = before.items.slice(0, 2).map((n) => n.id);
    const res = await owner.client.post<{ marked: number; unreadCount: number }>('me/notifications/read', {
      ids: two,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ marked: 2, unreadCount: before.unreadCount - 2 });
    const after = await notificationsOf(owner.client);
    expect(
      after.items
        .filter((n) => n.read)
        .map((n) => n.id)
        .sort(),
    ).toEqual([...two].sort());
    const unread = await notificationsOf(owner.client, { unread: 'true' });
    expect(unread.items).toHaveLength(before.unreadCount - 2);
    expect(unread.items.every((n) => !n.read)).toBe(true);

    // Marking the same ids again changes nothing; someone else's ids are not mine to mark.
    expect((await owner.client.post('me/notifications/read', { ids: two })).body).toEqual({
      marked: 0,
      unreadCount: before.unreadCount - 2,
    });
    const theirs = (await notificationsOf(h1.client)).items.map((n) => n.id);
    const h1Unread = (await notificationsOf(h1.client)).unreadCount;
    expect((await owner.client.post('me/notifications/read', { ids: theirs })).body).toMatchObject({
      marked: 0,
    });
    expect((await h1.client.post('me/notifications/read', { ids: two })).body).toMatchObject({ marked: 0 });
    expect((await notificationsOf(h1.client)).unreadCount).toBe(h1Unread);

    const all = await owner.client.post<{ marked: number; unreadCount: number }>('me/notifications/read', {
      all: true,
    });
    expect(all.body).toEqual({ marked: before.unreadCount - 2, unreadCount: 0 });
    expect((await notificationsOf(owner.client)).items.every((n) => n.read)).toBe(true);
    expect((await notificationsOf(h1.client)).unreadCount).toBe(h1Unread);
  });

  it('validates the request and needs sign-in', async () => {
    expectValidationError(await owner.client.post('me/notifications/read', {}));
    expectValidationError(await owner.client.post('me/notifications/read', { ids: [] }));
    expectValidationError(
      await owner.client.get('me/notifications', { query: { limit: '0' } }),
      'querystring.limit',
    );
    expectError(await t.client().get('me/notifications'), 401, 'UNAUTHENTICATED');
    expectError(await t.client().post('me/notifications/read', { all: true }), 401, 'UNAUTHENTICATED');
  });
});
