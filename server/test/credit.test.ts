// Issue 8 — fair credit: what becomes public of a verified record is the owner's and helper's choice (private
// delivery notes, details_public by visibility, the owner allowing or not), one rule on every read path, the
// verifier and overflow named, the owner's record and endorsements on profiles, the owner's ledger kinds and
// the giving style's threshold and reasons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { registerMember } from './helpers/factories.js';
import {
  abandonEngagement,
  acceptOffer,
  makeOffer,
  notificationsOfType,
  postOverflow,
  startEngagement,
  storedAndRecomputedFigures,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';
import type { LedgerView } from '../src/modules/ties/ties.service.js';
import type { ProfileView, WorkRecordView } from '../src/modules/members/members.service.js';
import type { OfferView } from '../src/modules/offers/offers.service.js';
import { PRIVATE_WORK_TITLE } from '../src/modules/members/members.policy.js';
import { autoCompleteOverdue } from '../src/modules/engagements/engagements.service.js';
import { DAY } from '../src/shared/clock.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
});
afterAll(() => t.close());

const db = () => t.app.ctx.db;

async function expectFiguresKept() {
  const { stored, recomputed } = await storedAndRecomputedFigures(db());
  expect(stored).toEqual(recomputed);
}

/** Owner posts (with this visibility), helper offers, owner accepts, helper delivers (note private or not). */
async function delivered(
  owner: LoopMember,
  helper: LoopMember,
  o: { title: string; visibility?: 'public' | 'members' | 'ask'; effortHours?: number },
  notePrivate = false,
) {
  const s = await startEngagement(t, owner.client, helper.client, {
    title: o.title,
    visibility: o.visibility ?? 'public',
    ...(o.visibility === 'ask' && { askHandle: helper.handle }),
    ...(o.effortHours !== undefined && { effortHours: o.effortHours }),
  });
  const res = await helper.client.post(`engagements/${s.engagementId}/deliveries`, {
    note: 'The guide, with a private customer name in it.',
    links: ['https://example.org/internal'],
    notePrivate,
  });
  expect(res.status, res.text).toBe(201);
  return s;
}

async function complete(
  owner: LoopMember,
  engagementId: string,
  extra: { detailsPublic?: boolean; endorsement?: string; rating?: number } = {},
) {
  const res = await owner.client.post<{ workRecordId: string }>(`engagements/${engagementId}/complete`, {
    rating: extra.rating ?? 5,
    endorsement: extra.endorsement ?? 'Careful and fast.',
    skills: ['typescript'],
    ...(extra.detailsPublic !== undefined && { detailsPublic: extra.detailsPublic }),
  });
  expect(res.status, res.text).toBe(200);
  return res.body.workRecordId;
}

const record = (id: string) =>
  db().selectFrom('work_records').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const profile = async (viewer: LoopMember | null, handle: string) => {
  const res = await (viewer ? viewer.client : t.client()).get<ProfileView>(`members/${handle}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
};

describe('what becomes public of a verified record', () => {
  it('public overflow: details public by default; members-only and a direct ask: private by default', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t);
    const ids: Record<string, string> = {};
    for (const visibility of ['public', 'members', 'ask'] as const) {
      const s = await delivered(owner, helper, { title: `A ${visibility} job`, visibility });
      const e = (await owner.client.get<{ detailsPublicByDefault: boolean }>(`engagements/${s.engagementId}`))
        .body;
      expect(e.detailsPublicByDefault).toBe(visibility === 'public');
      ids[visibility] = await complete(owner, s.engagementId);
    }
    expect((await record(ids.public!)).details_public).toBe(1);
    expect((await record(ids.members!)).details_public).toBe(0);
    expect((await record(ids.ask!)).details_public).toBe(0);
    await expectFiguresKept();
  });

  it('the owner may allow the details of a direct ask, or keep a public one private', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t);
    const pub = await delivered(owner, helper, { title: 'Denied public' });
    const denied = await complete(owner, pub.engagementId, { detailsPublic: false });
    expect((await record(denied)).details_public).toBe(0);
    // A direct ask needs a tie: they have one now.
    const ask = await delivered(owner, helper, { title: 'Allowed ask', visibility: 'ask' });
    const allowed = await complete(owner, ask.engagementId, { detailsPublic: true });
    expect((await record(allowed)).details_public).toBe(1);
    const bad = await owner.client.post(`engagements/${pub.engagementId}/complete`, {
      rating: 5,
      endorsement: 'x',
      detailsPublic: 'yes',
    });
    expect(bad.status).toBe(400);
  });

  it('a private delivery note: the record’s summary is the owner’s endorsement and the link stays private', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t);
    const s = await delivered(owner, helper, { title: 'Private note job' }, true);
    const e = (
      await helper.client.get<{ events: { kind: string; notePrivate: boolean }[] }>(
        `engagements/${s.engagementId}`,
      )
    ).body;
    expect(e.events.find((ev) => ev.kind === 'delivered')!.notePrivate).toBe(true);
    const id = await complete(owner, s.engagementId, { endorsement: 'Untangled our billing in a day.' });
    const r = await record(id);
    expect(r).toMatchObject({ summary: 'Untangled our billing in a day.', url: null, details_public: 1 });
    const shown = (await profile(null, helper.handle)).verifiedWork.items[0]!;
    expect(shown).toMatchObject({ title: 'Private note job', summary: 'Untangled our billing in a day.' });
    expect(JSON.stringify(shown)).not.toContain('private customer');
  });
});

describe('a private record on every other viewer’s read path', () => {
  let owner: LoopMember;
  let helper: LoopMember;
  let other: LoopMember;
  let privateId: string;
  let publicId: string;
  let publicOverflowId: string;

  beforeAll(async () => {
    owner = await verifiedMember(t);
    helper = await verifiedMember(t);
    other = await verifiedMember(t);
    const pub = await delivered(owner, helper, { title: 'Open docs' });
    publicOverflowId = pub.overflow.id;
    publicId = await complete(owner, pub.engagementId);
    t.clock.advance(DAY);
    // A direct ask (they share a tie now): private details by default.
    const priv = await delivered(owner, helper, { title: 'Secret migration', visibility: 'ask' });
    privateId = await complete(owner, priv.engagementId, { rating: 4, endorsement: 'Quietly excellent.' });
  }, 60_000);

  const neutral = (w: WorkRecordView | undefined) => {
    expect(w).toMatchObject({
      title: PRIVATE_WORK_TITLE,
      summary: '',
      url: null,
      detailsHidden: true,
      rating: 4,
      endorsement: 'Quietly excellent.',
      skills: ['typescript'],
      verifiedBy: null,
      overflow: null,
    });
    expect(JSON.stringify(w)).not.toContain('Secret');
  };

  it('the public profile, signed out and for another member, shows only rating, skills, endorsement and date', async () => {
    for (const viewer of [null, other]) {
      const p = await profile(viewer, helper.handle);
      neutral(p.verifiedWork.items.find((w) => w.id === privateId));
      const pages = await (viewer ? viewer.client : t.client()).get<{ items: WorkRecordView[] }>(
        `members/${helper.handle}/work-records`,
        { query: { verified: 'true' } },
      );
      neutral(pages.body.items.find((w) => w.id === privateId));
    }
  });

  it('the helper and the owner see the details', async () => {
    for (const viewer of [helper, owner]) {
      const w = (await profile(viewer, helper.handle)).verifiedWork.items.find((x) => x.id === privateId);
      expect(w).toMatchObject({ title: 'Secret migration', detailsHidden: false, detailsPublic: false });
      expect(w!.verifiedBy).toEqual({ handle: owner.handle, name: expect.any(String) });
    }
  });

  it('a public record names who verified it and the overflow it came from', async () => {
    const w = (await profile(null, helper.handle)).verifiedWork.items.find((x) => x.id === publicId);
    expect(w).toMatchObject({
      title: 'Open docs',
      verifiedBy: { handle: owner.handle },
      overflow: { id: publicOverflowId, title: 'Open docs' },
      rating: 5,
    });
  });

  it('offer evidence and the helper’s recent work, seen by another owner, keep the details private', async () => {
    const o = await postOverflow(other.client, { title: 'Need a hand' });
    await makeOffer(t, helper.client, o.id, { evidence: [privateId, publicId] });
    const offers = (await other.client.get<OfferView[] | { items: OfferView[] }>(`overflow/${o.id}/offers`))
      .body;
    const offer = (Array.isArray(offers) ? offers : offers.items)[0]!;
    const ev = offer.evidence.find((x) => x.id === privateId)!;
    expect(ev).toMatchObject({ title: PRIVATE_WORK_TITLE, url: null });
    expect(offer.evidence.find((x) => x.id === publicId)!.title).toBe('Open docs');
    expect(offer.helper.recentVerifiedWork.find((x) => x.id === privateId)!.title).toBe(PRIVATE_WORK_TITLE);
    expect(JSON.stringify(offer)).not.toContain('Secret');
  });

  it('a noticed note about a private record does not show its title to the sender', async () => {
    const res = await other.client.post('noticed', {
      workRecordId: privateId,
      message: 'Your endorsement says it all — well done.',
    });
    expect(res.status, res.text).toBe(201);
    const sent = (
      await other.client.get<{ items: { workRecord: { title: string } }[] }>('me/noticed', {
        query: { box: 'sent' },
      })
    ).body.items;
    expect(sent[0]!.workRecord.title).toBe(PRIVATE_WORK_TITLE);
    const received = (await helper.client.get<{ items: { workRecord: { title: string } }[] }>('me/noticed'))
      .body.items;
    expect(received[0]!.workRecord.title).toBe('Secret migration');
  });

  it('the owner’s profile lists the endorsements they wrote, newest first, with a private record’s title hidden', async () => {
    const p = await profile(null, owner.handle);
    expect(p.ownerRecord).toEqual({
      givenOut: 2,
      completed: 2,
      averageRatingGiven: 4.5,
      ratingsGiven: 2,
      endorsementsWritten: 2,
    });
    expect(p.endorsementsWritten.map((e) => [e.workRecord.title, e.endorsement])).toEqual([
      [PRIVATE_WORK_TITLE, 'Quietly excellent.'],
      ['Open docs', 'Careful and fast.'],
    ]);
    expect(p.endorsementsWritten[0]!.helper.handle).toBe(helper.handle);
    const own = await profile(owner, owner.handle);
    expect(own.endorsementsWritten[0]!.workRecord.title).toBe('Secret migration');
  });

  it('the completion notification tells the helper it is on their own profile', async () => {
    const n = await notificationsOfType(helper.client, 'engagement_completed');
    expect(n.every((x) => /verified work on your profile/.test(x.text))).toBe(true);
    expect(n.some((x) => /only to you and the owner/.test(x.text))).toBe(true);
    const o = await notificationsOfType(owner.client, 'engagement_completed');
    expect(o.every((x) => !/your profile/.test(x.text))).toBe(true);
  });
});

describe('the owner’s record and ledger', () => {
  it('accept, complete, abandon and auto-complete keep the owner’s counters and the ledger in step', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t, { capacity: 5 });
    const rec = async () => (await profile(null, owner.handle)).ownerRecord;

    const a = await startEngagement(t, owner.client, helper.client);
    expect(await rec()).toMatchObject({ givenOut: 1, completed: 0 });
    await expectFiguresKept();
    await abandonEngagement(helper.client, a.engagementId);
    expect(await rec()).toMatchObject({ givenOut: 1, completed: 0 });

    const b = await delivered(owner, helper, { title: 'Rated', effortHours: 8 });
    await complete(owner, b.engagementId, { rating: 4 });
    expect(await rec()).toEqual({
      givenOut: 2,
      completed: 1,
      averageRatingGiven: 4,
      ratingsGiven: 1,
      endorsementsWritten: 1,
    });
    await expectFiguresKept();

    const c = await delivered(owner, helper, { title: 'Ignored', effortHours: 8 });
    t.clock.advance(15 * DAY);
    expect(await autoCompleteOverdue(t.app.ctx)).toBeGreaterThanOrEqual(1);
    // Auto-completion: completed, no rating, no endorsement written; the owner gets the opportunity only.
    expect(await rec()).toEqual({
      givenOut: 3,
      completed: 2,
      averageRatingGiven: 4,
      ratingsGiven: 1,
      endorsementsWritten: 1,
    });
    const entries = await db()
      .selectFrom('ledger_entries')
      .select(['kind', 'weight', 'giver_id'])
      .where('source_id', '=', c.engagementId)
      .execute();
    expect(entries.map((x) => x.kind).sort()).toEqual(['help', 'opportunity']);
    // Auto-completion follows the default: public overflow, public details.
    const e = await db()
      .selectFrom('work_records')
      .select('details_public')
      .where('engagement_id', '=', c.engagementId)
      .executeTakeFirstOrThrow();
    expect(e.details_public).toBe(1);
    await expectFiguresKept();
  });

  it('a late review is not credited as a review', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t);
    const s = await delivered(owner, helper, { title: 'Late', effortHours: 8 });
    // The job has not run yet; the owner completes after the window.
    t.clock.advance(15 * DAY);
    await complete(owner, s.engagementId);
    const kinds = await db()
      .selectFrom('ledger_entries')
      .select('kind')
      .where('source_id', '=', s.engagementId)
      .execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual(['endorsement', 'help', 'opportunity']);
  });
});

describe('giving style', () => {
  it('an owner who posted 3 pieces of work, reviewed on time and endorsed is not a taker, and is told why', async () => {
    const owner = await verifiedMember(t);
    const helpers = [await verifiedMember(t), await verifiedMember(t), await verifiedMember(t)];
    const ledger = async () => (await owner.client.get<LedgerView>('me/ledger')).body;
    for (const [i, h] of helpers.entries()) {
      const s = await delivered(owner, h, { title: `Work ${i}`, effortHours: 4 });
      const before = await ledger();
      expect(before.style).toBe('new');
      expect(before.styleNeeds).toBe(3 - i);
      expect(before.styleExplanation).toMatch(/Not enough history yet/);
      await complete(owner, s.engagementId);
    }
    const l = await ledger();
    expect(l.style).not.toBe('taker');
    expect(l).toMatchObject({
      style: 'matcher',
      given: 12,
      received: 12,
      completedEngagements: 3,
      styleNeeds: 0,
    });
    expect(l.reasons.received.helpHours).toBe(12);
    expect(l.reasons.given).toMatchObject({ opportunities: 3, reviews: 3, endorsements: 3, helpHours: 0 });
    for (const h of helpers) {
      const hl = (await h.client.get<LedgerView>('me/ledger')).body;
      expect(hl).toMatchObject({ given: 4, received: 4, style: 'new', styleNeeds: 2 });
      expect(hl.reasons.received).toMatchObject({ reviews: 1, endorsements: 1 });
    }
    await expectFiguresKept();
  });

  it('accepting an offer when the helper has one started counts once per engagement', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t);
    const o = await postOverflow(owner.client, { title: 'Once' });
    const offer = await makeOffer(t, helper.client, o.id);
    await acceptOffer(owner.client, offer.id);
    const again = await owner.client.post(`offers/${offer.id}/accept`);
    expect(again.status).toBe(409);
    expect((await profile(null, owner.handle)).ownerRecord.givenOut).toBe(1);
  });
});
