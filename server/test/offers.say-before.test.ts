// Issue 8 — the contact line on acceptance, capacity before offering (getMyCapacity, helperAtCapacity on the
// owner's offers) and withdrawn offers (no pitch for the owner; the owner's notification says so).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createWorkRecord } from './helpers/factories.js';
import {
  abandonEngagement,
  acceptOffer,
  completeEngagement,
  deliver,
  makeOffer,
  notificationsOfType,
  postOverflow,
  startEngagement,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';
import type { CapacityView, OfferView } from '../src/modules/offers/offers.service.js';

let t: TestApp;
let admin: LoopMember;

beforeAll(async () => {
  t = await createTestApp();
  admin = await verifiedMember(t, { handle: 'admin' });
});
afterAll(() => t.close());

const setContact = (m: LoopMember, contactLine: string) =>
  m.client.patch<{ contactLine: string }>('me', { contactLine });
const contactOf = async (m: LoopMember, engagementId: string) => {
  const res = await m.client.get<{ counterpartContact: string | null }>(`engagements/${engagementId}`);
  expect(res.status, res.text).toBe(200);
  return res.body.counterpartContact;
};

describe('the contact line', () => {
  it('is part of updateMe: limited, one line, control characters removed', async () => {
    const m = await verifiedMember(t);
    const res = await setContact(m, '  ana@example.org\n\tor Signal\u0000 +1 555\u202e  ');
    expect(res.status, res.text).toBe(200);
    expect(res.body.contactLine).toBe('ana@example.org or Signal +1 555');
    expect((await m.client.get<{ member: { contactLine: string } }>('auth/session')).status).toBeLessThan(
      500,
    );
    expectValidationError(await setContact(m, 'x'.repeat(201)), 'body.contactLine');
    expect((await setContact(m, '')).body.contactLine).toBe('');
  });

  it('shows to the other party from acceptance on, not before, not once abandoned, never to a third member', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t);
    const third = await verifiedMember(t);
    await setContact(owner, 'owner-line@example.org');
    await setContact(helper, 'helper-line on Matrix');

    // Before acceptance there is no engagement, and the offer carries no contact.
    const o = await postOverflow(owner.client);
    const offer = await makeOffer(t, helper.client, o.id);
    const before = await owner.client.get(`overflow/${o.id}/offers`);
    expect(before.text).not.toContain('helper-line');
    expect(offer).not.toHaveProperty('counterpartContact');

    const engagementId = await acceptOffer(owner.client, offer.id);
    expect(await contactOf(owner, engagementId)).toBe('helper-line on Matrix');
    expect(await contactOf(helper, engagementId)).toBe('owner-line@example.org');
    expectError(await third.client.get(`engagements/${engagementId}`), 404, 'ENGAGEMENT_NOT_FOUND');
    expect(await contactOf(admin, engagementId)).toBeNull();

    await deliver(helper.client, engagementId);
    expect(await contactOf(owner, engagementId)).toBe('helper-line on Matrix');
    await completeEngagement(owner.client, engagementId);
    expect(await contactOf(helper, engagementId)).toBe('owner-line@example.org');

    // Lists, profiles, search and notifications never carry it.
    const reads = [
      owner.client.get('me/engagements'),
      helper.client.get('me/engagements'),
      helper.client.get('me/offers'),
      owner.client.get(`overflow/${o.id}/offers`),
      third.client.get(`members/${helper.handle}`),
      owner.client.get(`members/${helper.handle}`),
      helper.client.get(`members/${owner.handle}`),
      third.client.get('search/members', { query: { q: helper.handle } }),
      owner.client.get('me/notifications'),
      helper.client.get('me/notifications'),
      owner.client.get('me/ties'),
      owner.client.get(`members/${helper.handle}/work-records`),
    ];
    for (const res of await Promise.all(reads)) {
      expect(res.text).not.toContain('helper-line');
      expect(res.text).not.toContain('owner-line');
    }
    // A member sees their own line only on their own session answer.
    const self = await helper.client.patch<{ contactLine: string }>('me', {});
    expect(self.body.contactLine).toBe('helper-line on Matrix');
  });

  it('is gone once the engagement is abandoned, and null when the other party left it empty', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t);
    await setContact(owner, 'reach-owner@example.org');
    const { engagementId } = await startEngagement(t, owner.client, helper.client);
    expect(await contactOf(helper, engagementId)).toBe('reach-owner@example.org');
    expect(await contactOf(owner, engagementId)).toBeNull();
    await abandonEngagement(helper.client, engagementId);
    expect(await contactOf(helper, engagementId)).toBeNull();
    expect(await contactOf(owner, engagementId)).toBeNull();
  });
});

describe('capacity before offering', () => {
  it('getMyCapacity says where the member stands against capacity and the pending-offer budget', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t, { capacity: 1 });
    const fresh = await helper.client.get<CapacityView>('me/capacity');
    expect(fresh.status, fresh.text).toBe(200);
    expect(fresh.body).toEqual({
      capacity: 1,
      slotsTaken: 0,
      pendingOffers: 0,
      maxPendingOffers: 5,
      canOffer: true,
      blockedReason: null,
    });
    expectError(await t.client().get('me/capacity'), 401, 'UNAUTHENTICATED');

    // A second pending offer on other overflow, then an accept: at capacity, and the owner sees it.
    const other = await postOverflow(owner.client, { title: 'Second posting' });
    const pendingOffer = await makeOffer(t, helper.client, other.id);
    await startEngagement(t, owner.client, helper.client);
    const full = (await helper.client.get<CapacityView>('me/capacity')).body;
    expect(full).toMatchObject({ capacity: 1, slotsTaken: 1, pendingOffers: 1, canOffer: false });
    expect(full.blockedReason).toContain('capacity');
    const third = await postOverflow(owner.client);
    expectError(
      await helper.client.post(`overflow/${third.id}/offers`, {
        pitch: 'I can do this one as well.',
        proposedOn: new Date(t.clock.now().getTime() + 5 * 86400_000).toISOString().slice(0, 10),
      }),
      409,
      'CAPACITY_REACHED',
    );
    const ownersView = await owner.client.get<{ items: OfferView[] }>(`overflow/${other.id}/offers`);
    expect(ownersView.body.items.find((x) => x.id === pendingOffer.id)?.helperAtCapacity).toBe(true);
    expectError(await owner.client.post(`offers/${pendingOffer.id}/accept`), 409, 'CAPACITY_REACHED');
  });

  it('a helper with room is not at capacity; the pending-offer budget blocks at five', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t, { capacity: 3 });
    const offers: OfferView[] = [];
    for (let i = 0; i < 5; i++) {
      const o = await postOverflow(owner.client);
      offers.push(await makeOffer(t, helper.client, o.id));
    }
    const list = await owner.client.get<{ items: OfferView[] }>(`overflow/${offers[0]!.overflowId}/offers`);
    expect(list.body.items[0]!.helperAtCapacity).toBe(false);
    const budget = (await helper.client.get<CapacityView>('me/capacity')).body;
    expect(budget).toMatchObject({ slotsTaken: 0, pendingOffers: 5, canOffer: false });
    expect(budget.blockedReason).toContain('5 pending offers');
  });
});

describe('withdrawn offers', () => {
  it('the owner sees that it was withdrawn, without the pitch; their notification says so; a new offer is new', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t);
    const work = await createWorkRecord(helper.client, { title: 'Evidence piece' });
    const o = await postOverflow(owner.client, { title: 'Withdrawal target' });
    const offer = await makeOffer(t, helper.client, o.id, {
      pitch: 'A secret pitch about my approach.',
      evidence: [work.id],
    });
    const before = await notificationsOfType(owner.client, 'offer_received');
    expect(before[0]!.text).toContain('offered to help');

    expect((await helper.client.post(`offers/${offer.id}/withdraw`)).status).toBe(200);
    const ownerList = await owner.client.get<{ items: OfferView[] }>(`overflow/${o.id}/offers`);
    expect(ownerList.body.items[0]).toMatchObject({
      id: offer.id,
      status: 'withdrawn',
      pitch: '',
      evidence: [],
    });
    expect(ownerList.text).not.toContain('secret pitch');
    // The helper still reads their own pitch.
    const mine = await helper.client.get<{ items: OfferView[] }>(`overflow/${o.id}/offers`);
    expect(mine.body.items[0]!.pitch).toBe('A secret pitch about my approach.');

    const after = await notificationsOfType(owner.client, 'offer_received');
    expect(after).toHaveLength(1);
    expect(after[0]!.text).toBe(`${helper.member.name} withdrew their offer on “Withdrawal target”.`);

    t.clock.advance(60_000);
    await makeOffer(t, helper.client, o.id);
    const again = await notificationsOfType(owner.client, 'offer_received');
    expect(again.map((n) => n.text.includes('withdrew'))).toEqual([false, true]);
  });
});
