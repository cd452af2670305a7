// Issue 8 — the member home's "needs you" (GET /me/needs-you, getNeedsYou): offers to decide on my open
// overflow, deliveries waiting for my review, engagements I help with due within 3 days or overdue, and
// unread engagement_message notifications. Only my own things; each list bounded, with its total.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import type { TestClient } from './helpers/client.js';
import {
  acceptOffer,
  dateIn,
  deliver,
  deliveredEngagement,
  makeOffer,
  postOverflow,
  startEngagement,
  verifiedMember,
  withToken,
  type LoopMember,
} from './helpers/loop.js';
import { captureStatements, sqlitePlan } from './helpers/statements.js';
import { testDialect } from './setup/database.js';
import type { NeedsYouView } from '../src/modules/home/home.service.js';
import { insertNotifications } from '../src/modules/notifications/notifications.repository.js';
import { iso } from '../src/shared/clock.js';
import { newId } from '../src/shared/ids.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function needsYou(client: TestClient): Promise<NeedsYouView> {
  const res = await client.get<NeedsYouView>('me/needs-you');
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const member = async (capacity = 3) => withToken(await verifiedMember(t, { capacity }));

/** An unread (or read) notification as the chat feature writes it: one per recipient and engagement. */
async function messageNotification(
  to: LoopMember,
  engagementId: string,
  opts: { title?: string; count?: number; read?: boolean; type?: string } = {},
) {
  const now = t.clock.now();
  await insertNotifications(t.app.ctx.db, [
    {
      id: newId(now),
      member_id: to.id,
      type: opts.type ?? 'engagement_message',
      actor_id: null,
      subject_type: 'engagement',
      subject_id: engagementId,
      data: JSON.stringify({ title: opts.title ?? 'A conversation', count: opts.count ?? 1 }),
      read_at: opts.read ? iso(now) : null,
      created_at: iso(now),
    },
  ]);
}

describe('GET /me/needs-you', () => {
  it('needs a signed-in member', async () => {
    expectError(await t.client().get('me/needs-you'), 401, 'UNAUTHENTICATED');
  });

  it('says nothing needs a new member', async () => {
    const m = await member();
    expect(await needsYou(m.client)).toEqual({
      offersToDecide: { items: [], total: 0, overflowCount: 0 },
      deliveriesToReview: { items: [], total: 0 },
      engagementsDue: { items: [], total: 0 },
      unreadMessages: { items: [], total: 0 },
    });
  });

  it('offers to decide: pending offers on my open overflow only, grouped per overflow with counts', async () => {
    const owner = await member();
    const otherOwner = await member();
    const h1 = await member();
    const h2 = await member();
    const h3 = await member();
    const busy = await postOverflow(owner.client, { title: 'Two offers' });
    const quiet = await postOverflow(owner.client, { title: 'One offer' });
    await postOverflow(owner.client, { title: 'No offers yet' });
    const taken = await postOverflow(owner.client, { title: 'Already accepted' });
    const theirs = await postOverflow(otherOwner.client, { title: 'Not mine' });
    await makeOffer(t, h1.client, busy.id);
    t.clock.advance(60_000);
    await makeOffer(t, h2.client, busy.id);
    const withdrawn = await makeOffer(t, h3.client, busy.id);
    expect((await h3.client.post(`offers/${withdrawn.id}/withdraw`)).status).toBe(200);
    t.clock.advance(60_000);
    await makeOffer(t, h1.client, quiet.id);
    await makeOffer(t, h2.client, theirs.id);
    const accepted = await makeOffer(t, h3.client, taken.id);
    await makeOffer(t, h2.client, taken.id); // declined when the other is accepted
    await acceptOffer(owner.client, accepted.id);

    const mine = (await needsYou(owner.client)).offersToDecide;
    // Newest offer first: the quiet overflow's offer came last.
    expect(mine.items.map((i) => [i.title, i.pendingOffers])).toEqual([
      ['One offer', 1],
      ['Two offers', 2],
    ]);
    expect(mine.items[0]!.overflowId).toBe(quiet.id);
    expect(mine.total).toBe(3);
    expect(mine.overflowCount).toBe(2);

    // The other owner sees theirs only; a helper's own offers are not theirs to decide.
    expect((await needsYou(otherOwner.client)).offersToDecide.items.map((i) => i.overflowId)).toEqual([
      theirs.id,
    ]);
    expect((await needsYou(h1.client)).offersToDecide).toEqual({ items: [], total: 0, overflowCount: 0 });
  });

  it('deliveries to review: delivered engagements I own, not the ones I delivered or still active', async () => {
    const owner = await member();
    const helper = await member();
    const delivered = await deliveredEngagement(t, owner.client, helper.client, { title: 'Delivered' });
    await startEngagement(t, owner.client, helper.client, { title: 'Still active' });
    // The helper's own overflow, delivered by the owner: the helper reviews that one.
    const reverse = await deliveredEngagement(t, helper.client, owner.client, { title: 'Other way' });

    const mine = (await needsYou(owner.client)).deliveriesToReview;
    expect(mine.total).toBe(1);
    expect(mine.items).toHaveLength(1);
    const item = mine.items[0]!;
    expect(item).toMatchObject({ engagementId: delivered.engagementId, title: 'Delivered' });
    expect(item.helper).toMatchObject({ id: helper.id, handle: helper.member.handle });
    // The instance's review window (14 days by default) after the delivery.
    expect(Date.parse(item.autoCompleteAt) - Date.parse(item.deliveredAt)).toBe(14 * 86_400_000);

    const theirs = (await needsYou(helper.client)).deliveriesToReview;
    expect(theirs.items.map((i) => i.engagementId)).toEqual([reverse.engagementId]);
  });

  it('engagements due: active ones I help with, due within 3 days (inclusive) or overdue, soonest first', async () => {
    const owner = await member();
    const helper = await member(6);
    const inThree = await startEngagement(t, owner.client, helper.client, { title: 'In three days' });
    const inFour = await startEngagement(t, owner.client, helper.client, { title: 'In four days' });
    const byOverflow = await startEngagement(t, owner.client, helper.client, {
      title: 'Overflow due tomorrow',
      dueOn: dateIn(t, 1),
    });
    const late = await startEngagement(t, owner.client, helper.client, { title: 'Overdue' });
    const deliveredSoon = await startEngagement(t, owner.client, helper.client, { title: 'Delivered' });
    const db = t.app.ctx.db;
    const propose = (offerId: string, on: string) =>
      db.updateTable('offers').set({ proposed_on: on }).where('id', '=', offerId).execute();
    await propose(inThree.offer.id, dateIn(t, 3));
    await propose(inFour.offer.id, dateIn(t, 4));
    await propose(byOverflow.offer.id, dateIn(t, 10)); // the overflow's date (tomorrow) comes first
    await propose(late.offer.id, dateIn(t, -2));
    await propose(deliveredSoon.offer.id, dateIn(t, 1));
    await deliver(helper.client, deliveredSoon.engagementId);

    const due = (await needsYou(helper.client)).engagementsDue;
    expect(due.items.map((i) => [i.title, i.dueOn, i.overdue])).toEqual([
      ['Overdue', dateIn(t, -2), true],
      ['Overflow due tomorrow', dateIn(t, 1), false],
      ['In three days', dateIn(t, 3), false],
    ]);
    expect(due.total).toBe(3);
    expect(due.items[0]!.engagementId).toBe(late.engagementId);
    expect(due.items[0]!.owner).toMatchObject({ id: owner.id });

    // The owner is not the one who delivers.
    expect((await needsYou(owner.client)).engagementsDue).toEqual({ items: [], total: 0 });
  });

  it('unread messages: unread engagement_message notifications of mine, with their counts', async () => {
    const owner = await member();
    const helper = await member();
    const a = await startEngagement(t, owner.client, helper.client, { title: 'Chatty' });
    const b = await startEngagement(t, owner.client, helper.client, { title: 'Quiet' });
    await messageNotification(owner, a.engagementId, { title: 'Chatty', count: 3 });
    t.clock.advance(1000);
    await messageNotification(owner, b.engagementId, { title: 'Quiet', count: 1, read: true });
    await messageNotification(owner, b.engagementId, { type: 'delivery_submitted' });
    await messageNotification(helper, b.engagementId, { title: 'Quiet', count: 2 });

    const mine = (await needsYou(owner.client)).unreadMessages;
    expect(mine.total).toBe(1);
    expect(mine.items).toEqual([
      { engagementId: a.engagementId, title: 'Chatty', unread: 3, at: expect.any(String) },
    ]);
    const theirs = (await needsYou(helper.client)).unreadMessages;
    expect(theirs.items.map((i) => [i.engagementId, i.unread])).toEqual([[b.engagementId, 2]]);

    // Marking it read (as opening the conversation does) takes it off the list.
    expect((await owner.client.post('me/notifications/read', { all: true })).status).toBe(200);
    expect((await needsYou(owner.client)).unreadMessages).toEqual({ items: [], total: 0 });
  });

  it('bounds every list to 5 items and counts the rest (up to 100)', async () => {
    const owner = await member();
    const helper = await member(10);
    const started: Awaited<ReturnType<typeof startEngagement>>[] = [];
    for (let i = 0; i < 7; i++) {
      started.push(await startEngagement(t, owner.client, helper.client, { title: `Piece ${i}` }));
    }
    for (const s of started) {
      await t.app.ctx.db
        .updateTable('offers')
        .set({ proposed_on: dateIn(t, 1) })
        .where('id', '=', s.offer.id)
        .execute();
    }
    const due = (await needsYou(helper.client)).engagementsDue;
    expect(due.items).toHaveLength(5);
    expect(due.total).toBe(7);

    for (const s of started) {
      t.clock.advance(1000);
      await deliver(helper.client, s.engagementId);
    }
    const review = (await needsYou(owner.client)).deliveriesToReview;
    expect(review.items).toHaveLength(5);
    expect(review.total).toBe(7);
    // Oldest delivery first.
    expect(review.items[0]!.engagementId).toBe(started[0]!.engagementId);

    const now = t.clock.now();
    await insertNotifications(
      t.app.ctx.db,
      Array.from({ length: 120 }, (_, i) => ({
        id: newId(now),
        member_id: helper.id,
        type: 'engagement_message',
        actor_id: null,
        subject_type: 'engagement',
        subject_id: started[i % 7]!.engagementId,
        data: JSON.stringify({ title: 'Piece', count: 1 }),
        read_at: null,
        created_at: iso(new Date(now.getTime() + i)),
      })),
    );
    const unread = (await needsYou(helper.client)).unreadMessages;
    expect(unread.items).toHaveLength(5);
    expect(unread.total).toBe(100);

    // A helper has at most 5 pending offers at once: two helpers make the seven.
    const offersOwner = await member();
    const offerers = [await member(), await member()];
    for (let i = 0; i < 7; i++) {
      const o = await postOverflow(offersOwner.client, { title: `Open ${i}` });
      await makeOffer(t, offerers[i % 2]!.client, o.id);
    }
    const offers = (await needsYou(offersOwner.client)).offersToDecide;
    expect(offers.items).toHaveLength(5);
    expect(offers.total).toBe(7);
    expect(offers.overflowCount).toBe(7);
  });

  if (testDialect() === 'sqlite') {
    it('searches an index for every statement and scans no table (SQLite plans)', async () => {
      const owner = await member();
      const helper = await member();
      await deliveredEngagement(t, owner.client, helper.client);
      const { queries, result } = await captureStatements(t, () => owner.client.get('me/needs-you'));
      expect(result.status).toBe(200);
      const indexes = new Set<string>();
      for (const q of queries.filter((x) => /^\s*select/i.test(x.sql))) {
        const plan = await sqlitePlan(t.app.ctx.db, q);
        const show = `${q.sql}\n${plan.map((l) => l.detail).join('\n')}`;
        for (const l of plan) {
          expect(l.detail, show).not.toMatch(/^SCAN (?!w\b)/);
          expect(l.detail, show).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
          const m = /INDEX (\w+)/.exec(l.detail);
          if (m) indexes.add(m[1]!);
        }
      }
      for (const name of [
        'overflow_owner_status',
        'engagements_owner_delivered',
        'notifications_unread_type',
      ])
        expect([...indexes]).toContain(name);
    });
  }
});
