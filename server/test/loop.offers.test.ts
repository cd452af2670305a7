// Issue 3 — offers and the focus guard: createOffer, listOffersForOverflow, listMyOffers, withdrawOffer,
// declineOffer, acceptOffer; one pending offer per overflow, evidence, CAPACITY_REACHED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createWorkRecord, registerMember } from './helpers/factories.js';
import {
  acceptOffer,
  completeEngagement,
  completedEngagement,
  dateIn,
  deliver,
  makeOffer,
  notificationsOfType,
  offerBody,
  postOverflow,
  requestRevision,
  startEngagement,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';
import type { EngagementView } from '../src/modules/engagements/engagements.service.js';
import type { OfferView } from '../src/modules/offers/offers.service.js';
import type { OverflowDetail, OverflowView } from '../src/modules/overflow/overflow.service.js';
import { MINUTE } from '../src/shared/clock.js';

let t: TestApp;
let owner: LoopMember;
let helper: LoopMember;
let other: LoopMember;

beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
  owner = await verifiedMember(t);
  helper = await verifiedMember(t);
  other = await verifiedMember(t);
});
afterAll(() => t.close());

const offersOn = async (client: LoopMember['client'], overflowId: string) => {
  const res = await client.get<{ items: OfferView[] }>(`overflow/${overflowId}/offers`);
  expect(res.status, res.text).toBe(200);
  return res.body.items;
};

describe('createOffer', () => {
  it('makes a pending offer and tells the owner', async () => {
    const o = await postOverflow(owner.client, { title: 'Offer target' });
    const res = await helper.client.post<OfferView>(`overflow/${o.id}/offers`, {
      pitch: '  I shipped two guides like this last year.  ',
      proposedOn: dateIn(t, 5),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      overflowId: o.id,
      helper: { id: helper.id, handle: helper.handle, verifiedWorkCount: 0, completedEngagements: 0 },
      pitch: 'I shipped two guides like this last year.',
      evidence: [],
      proposedOn: dateIn(t, 5),
      status: 'pending',
      declineNote: null,
      engagementId: null,
    });
    const detail = await helper.client.get<OverflowDetail>(`overflow/${o.id}`);
    expect(detail.body.viewer).toMatchObject({
      myPendingOfferId: res.body.id,
      offerBlockedReason: 'You already have a pending offer here.',
    });
    expect(detail.body.pendingOfferCount).toBe(1);
    const n = await notificationsOfType(owner.client, 'offer_received');
    expect(n[0]).toMatchObject({
      subject: { type: 'offer', id: res.body.id },
      actor: { handle: helper.handle },
    });
    expect(n[0]!.text).toContain('Offer target');
  });

  it('allows one pending offer per member per overflow (OFFER_ALREADY_PENDING); after a withdrawal, a new one', async () => {
    const o = await postOverflow(owner.client);
    const first = await makeOffer(t, helper.client, o.id);
    expectError(
      await helper.client.post(`overflow/${o.id}/offers`, offerBody(t)),
      409,
      'OFFER_ALREADY_PENDING',
    );
    expect((await helper.client.post(`offers/${first.id}/withdraw`)).status).toBe(200);
    expect((await makeOffer(t, helper.client, o.id)).status).toBe('pending');
  });

  it('refuses an offer on your own overflow (OWN_OVERFLOW)', async () => {
    const o = await postOverflow(owner.client);
    const res = await owner.client.post(`overflow/${o.id}/offers`, offerBody(t));
    expectError(res, 403, 'OWN_OVERFLOW');
  });

  it('takes up to five of your own work records as evidence, verified or not', async () => {
    const m = await verifiedMember(t);
    const someone = await verifiedMember(t);
    const verified = (await completedEngagement(t, someone.client, m.client)).engagement.workRecordId!;
    const own = [];
    for (let i = 0; i < 4; i++)
      own.push((await createWorkRecord(m.client, { title: `Talk ${i}`, kind: 'talk' })).id);
    const o = await postOverflow(owner.client);
    const offer = await makeOffer(t, m.client, o.id, { evidence: [verified, ...own] });
    expect(offer.evidence.map((e) => e.id)).toEqual([verified, ...own]);
    // The same record twice counts once.
    const again = await makeOffer(t, m.client, (await postOverflow(owner.client)).id, {
      evidence: [own[1]!, own[1]!],
    });
    expect(again.evidence.map((e) => e.id)).toEqual([own[1]]);
    expect(offer.evidence[0]).toMatchObject({ verified: true, kind: 'delivery' });
    expect(offer.evidence[1]).toMatchObject({ verified: false, kind: 'talk', title: 'Talk 0' });
  });

  it("refuses someone else's (or unknown) work as evidence, and more than five pieces", async () => {
    const stranger = await verifiedMember(t);
    const theirs = await createWorkRecord(stranger.client);
    const mine = await createWorkRecord(helper.client);
    const o = await postOverflow(owner.client);
    const res = await helper.client.post(
      `overflow/${o.id}/offers`,
      offerBody(t, { evidence: [mine.id, theirs.id, 'nope'] }),
    );
    expectError(res, 400, 'EVIDENCE_NOT_YOURS');
    expect(res.error!.details).toEqual({ unknown: [theirs.id, 'nope'] });
    const six = Array.from({ length: 6 }, (_, i) => `wr${i}`);
    expectValidationError(
      await helper.client.post(`overflow/${o.id}/offers`, offerBody(t, { evidence: six })),
      'body.evidence',
    );
    expect(await offersOn(owner.client, o.id)).toEqual([]);
  });

  it.each([
    ['a pitch under 10 characters', { pitch: 'Me!' }, 'body.pitch'],
    ['a pitch over 2 000 characters', { pitch: 'p'.repeat(2001) }, 'body.pitch'],
    ['a malformed date', { proposedOn: 'soon' }, 'body.proposedOn'],
  ])('refuses %s', async (_what, patch, path) => {
    const o = await postOverflow(owner.client);
    expectValidationError(
      await helper.client.post(`overflow/${o.id}/offers`, { ...offerBody(t), ...patch }),
      path,
    );
  });

  it('refuses a delivery date in the past', async () => {
    const o = await postOverflow(owner.client);
    expectError(
      await helper.client.post(`overflow/${o.id}/offers`, offerBody(t, { proposedOn: dateIn(t, -1) })),
      400,
      'PROPOSED_DATE_IN_PAST',
    );
  });

  it('needs a confirmed email, and sign-in', async () => {
    const o = await postOverflow(owner.client);
    const unconfirmed = await registerMember(t.app);
    expectError(
      await unconfirmed.client.post(`overflow/${o.id}/offers`, offerBody(t)),
      403,
      'EMAIL_NOT_VERIFIED',
    );
    expectError(await t.client().post(`overflow/${o.id}/offers`, offerBody(t)), 401, 'UNAUTHENTICATED');
  });

  it('refuses an offer on overflow that is not open', async () => {
    const s = await startEngagement(t, owner.client, helper.client);
    expectError(
      await other.client.post(`overflow/${s.overflow.id}/offers`, offerBody(t)),
      409,
      'OVERFLOW_NOT_OPEN',
    );
    const c = await postOverflow(owner.client);
    await owner.client.post(`overflow/${c.id}/cancel`);
    expectError(await other.client.post(`overflow/${c.id}/offers`, offerBody(t)), 409, 'OVERFLOW_NOT_OPEN');
  });
});

describe('the focus guard (CAPACITY_REACHED)', () => {
  it('refuses an offer at capacity active engagements, and explains why', async () => {
    const busy = await verifiedMember(t, { capacity: 1 });
    await startEngagement(t, owner.client, busy.client);
    const o = await postOverflow(owner.client);
    const res = await busy.client.post(`overflow/${o.id}/offers`, offerBody(t));
    expectError(res, 409, 'CAPACITY_REACHED');
    expect(res.error!.details).toEqual({ active: 1, capacity: 1 });
    expect(res.error!.message).toMatch(
      /1 engagement \(active, or delivered and awaiting review\), your capacity/,
    );
    expect(res.error!.message).toMatch(/finish one before offering more/i);

    // Raising the capacity in the profile settings lets them offer again.
    expect((await busy.client.patch('me', { capacity: 2 })).status).toBe(200);
    expect((await makeOffer(t, busy.client, o.id)).status).toBe('pending');
  });

  it('the default capacity is 2 active engagements', async () => {
    const m = await verifiedMember(t);
    await startEngagement(t, owner.client, m.client);
    await startEngagement(t, owner.client, m.client);
    const o = await postOverflow(owner.client);
    const res = await m.client.post(`overflow/${o.id}/offers`, offerBody(t));
    expectError(res, 409, 'CAPACITY_REACHED');
    expect(res.error!.details).toEqual({ active: 2, capacity: 2 });
  });

  it('refuses a sixth pending offer, and explains why; withdrawing one makes room', async () => {
    const eager = await verifiedMember(t);
    const offers: OfferView[] = [];
    for (let i = 0; i < 5; i++)
      offers.push(await makeOffer(t, eager.client, (await postOverflow(owner.client)).id));
    const sixth = await postOverflow(owner.client);
    const res = await eager.client.post(`overflow/${sixth.id}/offers`, offerBody(t));
    expectError(res, 409, 'CAPACITY_REACHED');
    expect(res.error!.details).toEqual({ pendingOffers: 5, max: 5 });
    expect(res.error!.message).toMatch(/5 pending offers/);
    expect((await eager.client.post(`offers/${offers[0]!.id}/withdraw`)).status).toBe(200);
    expect((await makeOffer(t, eager.client, sixth.id)).status).toBe('pending');
  });

  it('a delivered engagement keeps its capacity slot until it completes, and both sides are told why', async () => {
    const m = await verifiedMember(t, { capacity: 1 });
    const offer = await makeOffer(t, m.client, (await postOverflow(other.client)).id);
    const first = await startEngagement(t, owner.client, m.client);
    const o = await postOverflow(owner.client);
    await deliver(m.client, first.engagementId);

    // The helper cannot offer while the delivery awaits review...
    const refused = await m.client.post(`overflow/${o.id}/offers`, offerBody(t));
    expectError(refused, 409, 'CAPACITY_REACHED');
    expect(refused.error!.details).toEqual({ active: 1, capacity: 1 });
    expect(refused.error!.message).toMatch(/delivery keeps its slot until the owner completes it/);
    // ...and an owner cannot start a second engagement with them (their offer was made before).
    const accept = await other.client.post(`offers/${offer.id}/accept`);
    expectError(accept, 409, 'CAPACITY_REACHED');
    expect(accept.error!.message).toMatch(/a delivery keeps its slot until you or its owner complete it/);

    // Completing the delivered engagement frees the slot.
    await completeEngagement(owner.client, first.engagementId);
    expect((await makeOffer(t, m.client, o.id)).status).toBe('pending');
  });

  it('capacity 1: accept, deliver, accept again (refused), revision: never two active engagements', async () => {
    const m = await verifiedMember(t, { capacity: 1 });
    const a = await postOverflow(owner.client);
    const b = await postOverflow(owner.client);
    const offerA = await makeOffer(t, m.client, a.id);
    const offerB = await makeOffer(t, m.client, b.id);
    const engagementId = await acceptOffer(owner.client, offerA.id);
    await deliver(m.client, engagementId);
    expectError(await owner.client.post(`offers/${offerB.id}/accept`), 409, 'CAPACITY_REACHED');
    // The revision is always allowed: the owner is entitled to it, and the slot was kept for it.
    expect((await requestRevision(owner.client, engagementId)).status).toBe('active');
    const live = await m.client.get<{ items: { status: string }[] }>('me/engagements', {
      query: { role: 'helper', status: 'live' },
    });
    expect(live.body.items.map((e) => e.status)).toEqual(['active']);
  });

  it('refuses to accept an offer from a helper who reached capacity since offering; nothing changes', async () => {
    const m = await verifiedMember(t, { capacity: 1 });
    const o = await postOverflow(owner.client);
    const offer = await makeOffer(t, m.client, o.id);
    await startEngagement(t, other.client, m.client);
    const res = await owner.client.post(`offers/${offer.id}/accept`);
    expectError(res, 409, 'CAPACITY_REACHED');
    expect(res.error!.message).toContain(`@${m.handle} is at their capacity`);
    const detail = await owner.client.get<OverflowDetail>(`overflow/${o.id}`);
    expect(detail.body).toMatchObject({ status: 'open', pendingOfferCount: 1 });
  });
});

describe('listOffersForOverflow', () => {
  it("shows the owner every offer with the helper's verified work and completed-engagement count", async () => {
    const proven = await verifiedMember(t);
    const fresh = await verifiedMember(t);
    const a = await completedEngagement(t, other.client, proven.client, { title: 'Proof one' });
    t.clock.advance(MINUTE);
    await completedEngagement(t, other.client, proven.client, { title: 'Proof two' });
    const o = await postOverflow(owner.client);
    const p = await makeOffer(t, proven.client, o.id);
    t.clock.advance(MINUTE);
    const f = await makeOffer(t, fresh.client, o.id);

    const items = await offersOn(owner.client, o.id);
    expect(items.map((i) => i.id)).toEqual([p.id, f.id]);
    expect(items[0]!.helper).toMatchObject({ id: proven.id, verifiedWorkCount: 2, completedEngagements: 2 });
    expect(items[0]!.helper.recentVerifiedWork.map((w) => w.title).sort()).toEqual([
      'Proof one',
      'Proof two',
    ]);
    expect(items[0]!.helper.recentVerifiedWork.map((w) => w.id)).toContain(a.engagement.workRecordId);
    expect(items[1]!.helper).toMatchObject({
      id: fresh.id,
      verifiedWorkCount: 0,
      completedEngagements: 0,
      recentVerifiedWork: [],
    });

    // A helper sees only their own; someone else sees none; anonymous must sign in.
    expect((await offersOn(fresh.client, o.id)).map((i) => i.id)).toEqual([f.id]);
    expect(await offersOn(other.client, o.id)).toEqual([]);
    expectError(await t.client().get(`overflow/${o.id}/offers`), 401, 'UNAUTHENTICATED');
  });

  it('404s on overflow the viewer may not see', async () => {
    const o = await postOverflow(owner.client, { visibility: 'members' });
    expectError(await t.client().get(`overflow/${o.id}/offers`), 401, 'UNAUTHENTICATED');
    expectError(await other.client.get('overflow/unknown-id/offers'), 404, 'OVERFLOW_NOT_FOUND');
  });
});

describe('acceptOffer', () => {
  it('assigns the overflow, starts the engagement and declines the other pending offers courteously', async () => {
    const [h1, h2, h3] = [await verifiedMember(t), await verifiedMember(t), await verifiedMember(t)];
    const o = await postOverflow(owner.client, { title: 'Three offers' });
    const o1 = await makeOffer(t, h1.client, o.id);
    const o2 = await makeOffer(t, h2.client, o.id);
    const o3 = await makeOffer(t, h3.client, o.id);
    await h3.client.post(`offers/${o3.id}/withdraw`);

    const res = await owner.client.post<{ engagementId: string }>(`offers/${o1.id}/accept`);
    expect(res.status).toBe(201);
    const engagementId = res.body.engagementId;

    const detail = await owner.client.get<OverflowDetail>(`overflow/${o.id}`);
    expect(detail.body).toMatchObject({ status: 'assigned', pendingOfferCount: 0, viewer: { engagementId } });
    const e = await h1.client.get<EngagementView>(`engagements/${engagementId}`);
    expect(e.body).toMatchObject({
      status: 'active',
      offerId: o1.id,
      owner: { id: owner.id },
      helper: { id: h1.id },
      viewerRole: 'helper',
      review: null,
      workRecordId: null,
    });
    expect(e.body.events.map((ev) => ev.kind)).toEqual(['started']);

    const statuses = Object.fromEntries(
      (await offersOn(owner.client, o.id)).map((x) => [x.id, [x.status, x.engagementId]]),
    );
    expect(statuses).toEqual({
      [o1.id]: ['accepted', engagementId],
      [o2.id]: ['declined', null],
      [o3.id]: ['withdrawn', null],
    });

    const accepted = await notificationsOfType(h1.client, 'offer_accepted');
    expect(accepted.map((n) => n.subject)).toEqual([{ type: 'engagement', id: engagementId }]);
    const declined = await notificationsOfType(h2.client, 'offer_declined');
    expect(declined).toHaveLength(1);
    expect(declined[0]!.text).toMatch(/went with another offer.*Thank you for offering/);
    expect(await notificationsOfType(h3.client, 'offer_declined')).toEqual([]);

    // Accepting again, or another offer, is a 409 with a code.
    expectError(await owner.client.post(`offers/${o1.id}/accept`), 409, 'OFFER_STATE_CONFLICT');
    expectError(await owner.client.post(`offers/${o2.id}/accept`), 409, 'OFFER_STATE_CONFLICT');
  });

  it('is for the owner of the overflow only', async () => {
    const o = await postOverflow(owner.client);
    const offer = await makeOffer(t, helper.client, o.id);
    expectError(await helper.client.post(`offers/${offer.id}/accept`), 403, 'NOT_OVERFLOW_OWNER');
    expectError(await other.client.post(`offers/${offer.id}/accept`), 403, 'NOT_OVERFLOW_OWNER');
    expectError(await t.client().post(`offers/${offer.id}/accept`), 401, 'UNAUTHENTICATED');
    expectError(await owner.client.post('offers/no-such-offer/accept'), 404, 'OFFER_NOT_FOUND');
  });
});

describe('withdrawOffer and declineOffer', () => {
  it('the helper withdraws a pending offer once; nobody else can', async () => {
    const o = await postOverflow(owner.client);
    const offer = await makeOffer(t, helper.client, o.id);
    expectError(await owner.client.post(`offers/${offer.id}/withdraw`), 404, 'OFFER_NOT_FOUND');
    expectError(await other.client.post(`offers/${offer.id}/withdraw`), 404, 'OFFER_NOT_FOUND');
    const res = await helper.client.post<OfferView>(`offers/${offer.id}/withdraw`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('withdrawn');
    const again = await helper.client.post(`offers/${offer.id}/withdraw`);
    expectError(again, 409, 'OFFER_STATE_CONFLICT');
    expect(again.error!.details).toEqual({ status: 'withdrawn', event: 'withdraw' });
    expectError(await owner.client.post(`offers/${offer.id}/accept`), 409, 'OFFER_STATE_CONFLICT');
  });

  it('the owner declines with a note; the helper is told, with the note', async () => {
    const o = await postOverflow(owner.client, { title: 'Decline target' });
    const offer = await makeOffer(t, helper.client, o.id);
    expectError(await helper.client.post(`offers/${offer.id}/decline`, {}), 403, 'NOT_OVERFLOW_OWNER');
    expectValidationError(
      await owner.client.post(`offers/${offer.id}/decline`, { note: 'n'.repeat(501) }),
      'body.note',
    );
    const res = await owner.client.post<OfferView>(`offers/${offer.id}/decline`, {
      note: ' We went in-house, thank you! ',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'declined', declineNote: 'We went in-house, thank you!' });
    const n = (await notificationsOfType(helper.client, 'offer_declined')).find(
      (x) => x.subject.id === offer.id,
    );
    expect(n!.text).toContain('declined your offer on “Decline target”');
    expect(n!.text).toContain('We went in-house, thank you!');
    expectError(await owner.client.post(`offers/${offer.id}/decline`), 409, 'OFFER_STATE_CONFLICT');
    expectError(await helper.client.post(`offers/${offer.id}/withdraw`), 409, 'OFFER_STATE_CONFLICT');
  });

  it('declining without a note works too', async () => {
    const o = await postOverflow(owner.client);
    const offer = await makeOffer(t, helper.client, o.id);
    const res = await owner.client.post<OfferView>(`offers/${offer.id}/decline`);
    expect(res.body).toMatchObject({ status: 'declined', declineNote: null });
  });
});

describe('listMyOffers', () => {
  it('lists the offers I made, with their overflow, filtered by status and paginated', async () => {
    const m = await verifiedMember(t);
    const made: OfferView[] = [];
    for (let i = 0; i < 4; i++) {
      t.clock.advance(MINUTE);
      made.push(await makeOffer(t, m.client, (await postOverflow(owner.client, { title: `Mine ${i}` })).id));
    }
    await m.client.post(`offers/${made[1]!.id}/withdraw`);
    type MyOffers = { items: (OfferView & { overflow: OverflowView })[]; nextCursor: string | null };
    const all = await m.client.get<MyOffers>('me/offers');
    expect(all.body.items.map((i) => i.id)).toEqual(made.map((x) => x.id).reverse());
    expect(all.body.items[0]!.overflow).toMatchObject({ title: 'Mine 3', status: 'open' });
    const pending = await m.client.get<MyOffers>('me/offers', { query: { status: 'pending' } });
    expect(pending.body.items).toHaveLength(3);
    const p1 = await m.client.get<MyOffers>('me/offers', { query: { limit: '3' } });
    const p2 = await m.client.get<MyOffers>('me/offers', {
      query: { limit: '3', cursor: p1.body.nextCursor! },
    });
    expect([...p1.body.items, ...p2.body.items].map((i) => i.id)).toEqual(all.body.items.map((i) => i.id));
    expect(p2.body.nextCursor).toBeNull();
    expectError(await t.client().get('me/offers'), 401, 'UNAUTHENTICATED');
  });

  it('a delivered engagement shows in my offers as accepted', async () => {
    const m = await verifiedMember(t);
    const s = await startEngagement(t, owner.client, m.client);
    await deliver(m.client, s.engagementId);
    const res = await m.client.get<{ items: (OfferView & { overflow: OverflowView })[] }>('me/offers');
    expect(res.body.items[0]).toMatchObject({
      status: 'accepted',
      engagementId: s.engagementId,
      overflow: { status: 'delivered' },
    });
  });
});
