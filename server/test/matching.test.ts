// Issue 7, matching: recommendOverflow ("For you"), suggestHelpers and inviteToOffer, on hand-made fixtures
// whose right answers are known: the ranking order (verified > declared > owner merit > freshness > due date),
// the exclusions, visibility of members-only and ask overflow, cursor pages, and invitations claimed once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { insertVerifiedWorkRecord, registerMember, type RegisteredMember } from './helpers/factories.js';
import {
  dateIn,
  makeOffer,
  notificationsOfType,
  postOverflow,
  startEngagement,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';
import type { TestClient } from './helpers/client.js';
import { DAY, HOUR } from '../src/shared/clock.js';
import type { OverflowDetail } from '../src/modules/overflow/overflow.service.js';
import type { RecommendationPage, SuggestedHelper } from '../src/modules/matching/matching.service.js';

let t: TestApp;
const db = () => t.app.ctx.db;

async function setMerit(memberId: string, skill: string, topFraction: number, rank = 1): Promise<void> {
  await db()
    .insertInto('merit_scores')
    .values({
      member_id: memberId,
      skill,
      score: 1 - topFraction,
      rank,
      top_fraction: topFraction,
      computed_at: t.clock.now().toISOString(),
    })
    .execute();
}

async function setAsk(overflowId: string, askMemberId: string): Promise<void> {
  await db()
    .updateTable('overflow')
    .set({ visibility: 'ask', ask_member_id: askMemberId })
    .where('id', '=', overflowId)
    .execute();
}

async function recommended(client: TestClient, query: Record<string, string> = {}) {
  const res = await client.get<RecommendationPage>('me/recommended-overflow', { query });
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return res.body;
}

/** Every page of the recommendations at this page size, following the cursor. */
async function allPages(client: TestClient, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await recommended(client, { limit: String(limit), ...(cursor && { cursor }) });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items.map((i) => i.title));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return seen;
}

beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
});
afterAll(() => t.close());

describe('recommendOverflow', () => {
  let viewer: LoopMember;
  let unverified: RegisteredMember;
  let expected: string[];

  beforeAll(async () => {
    // The viewer has proven rust and elixir (verified work) and claims design on their profile too.
    viewer = await verifiedMember(t, { skills: ['Design', 'Rust'] });
    await insertVerifiedWorkRecord(db(), viewer.id, { skills: ['rust', 'elixir'] });
    const strong = await verifiedMember(t); // overall merit: top 1 %
    const plain = await verifiedMember(t); // no merit yet
    const middling = await verifiedMember(t); // top 60 %: below the top half, so no band
    const asker = await verifiedMember(t);
    await setMerit(strong.id, '', 0.01);
    await setMerit(middling.id, '', 0.6, 5);

    const post = (m: LoopMember, title: string, skills: string[], extra = {}) =>
      postOverflow(m.client, { title, skills, ...extra });
    // Day 0
    await post(plain, 'A rust+elixir', ['Rust', 'Elixir']);
    await post(plain, 'G design', ['Design']);
    const k = await post(asker, 'K rust, asked of the viewer', ['Rust']);
    await setAsk(k.id, viewer.id);
    const elsewhere = await post(asker, 'X ask to someone else', ['Rust']);
    await setAsk(elsewhere.id, plain.id);
    await post(plain, 'X cobol', ['Cobol']);
    t.clock.advance(DAY);
    // Day 1
    await post(plain, 'C rust', ['Rust']);
    await post(strong, 'D elixir, strong owner', ['Elixir']);
    await post(viewer, 'X own rust', ['Rust']);
    const offered = await post(plain, 'X offered on', ['Rust']);
    await makeOffer(t, viewer.client, offered.id);
    const withdrawn = await post(plain, 'X offered, withdrawn', ['Rust']);
    const offer = await makeOffer(t, viewer.client, withdrawn.id);
    expect((await viewer.client.post(`offers/${offer.id}/withdraw`)).status).toBe(200);
    const cancelled = await post(plain, 'X cancelled', ['Rust']);
    expect((await plain.client.post(`overflow/${cancelled.id}/cancel`)).status).toBe(200);
    t.clock.advance(DAY);
    // Day 2
    await post(plain, 'B rust+design', ['Rust', 'Design']);
    await post(plain, 'M rust, members only', ['Rust'], { visibility: 'members' });
    await post(strong, 'E design, strong owner', ['Design']);
    await post(plain, 'F design, undated', ['Design']);
    t.clock.advance(HOUR);
    await post(middling, 'H design, due in 3 days', ['Design'], { dueOn: dateIn(t, 3) });
    await post(middling, 'I design, due in 10 days', ['Design'], { dueOn: dateIn(t, 10) });
    t.clock.advance(HOUR);

    expected = [
      'A rust+elixir', // 2 proven skills
      'B rust+design', // 1 proven + 1 claimed
      'D elixir, strong owner', // 1 proven, owner in the top 1 %
      'M rust, members only', // 1 proven, newest day
      'C rust', // 1 proven, a day older
      'K rust, asked of the viewer', // 1 proven, oldest
      'E design, strong owner', // 1 claimed, strong owner
      'H design, due in 3 days', // 1 claimed, same day: soonest due first
      'I design, due in 10 days',
      'F design, undated',
      'G design', // 1 claimed, oldest
    ];
    unverified = await registerMember(t.app);
    expect((await unverified.client.patch('me', { skills: ['rust'] })).status).toBe(200);
  });

  it('ranks by proven skills, then claimed skills, then the owner’s merit, freshness and due date; excludes own, offered, invisible, closed and unrelated overflow', async () => {
    const page = await recommended(viewer.client, { limit: '50' });
    expect(page.items.map((i) => i.title)).toEqual(expected);
    expect(page.nextCursor).toBeNull();
    expect(page.basis).toEqual({ verifiedSkills: ['elixir', 'rust'], declaredSkills: ['design'] });
    const byTitle = new Map(page.items.map((i) => [i.title, i]));
    expect(byTitle.get('B rust+design')!.match).toEqual({
      verifiedSkills: ['rust'],
      declaredSkills: ['design'],
      ownerMeritBand: null,
    });
    expect(byTitle.get('D elixir, strong owner')!.match.ownerMeritBand).toBe('top 1 %');
    expect(byTitle.get('H design, due in 3 days')!.match.ownerMeritBand).toBeNull();
  });

  it('walks every page without gaps or repeats', async () => {
    for (const limit of [1, 2, 3, 4]) {
      expect(await allPages(viewer.client, limit), `limit ${limit}`).toEqual(expected);
    }
  });

  it('an offer made takes the overflow out of the recommendations', async () => {
    const first = await recommended(viewer.client, { limit: '1' });
    const page = await recommended(viewer.client, { limit: '50' });
    const target = page.items.find((i) => i.title === 'C rust')!;
    const offer = await makeOffer(t, viewer.client, target.id);
    expect((await recommended(viewer.client, { limit: '50' })).items.map((i) => i.title)).toEqual(
      expected.filter((x) => x !== 'C rust'),
    );
    // A cursor from before still continues after its own place.
    const next = await recommended(viewer.client, { limit: '50', cursor: first.nextCursor! });
    expect(next.items.map((i) => i.title)).toEqual(expected.slice(1).filter((x) => x !== 'C rust'));
    expect((await viewer.client.post(`offers/${offer.id}/withdraw`)).status).toBe(200);
    expected = expected.filter((x) => x !== 'C rust');
  });

  it('members-only overflow needs a confirmed email; a direct ask shows only to the member asked', async () => {
    const titles = (await recommended(unverified.client, { limit: '50' })).items.map((i) => i.title);
    expect(titles).toContain('A rust+elixir');
    expect(titles).not.toContain('M rust, members only');
    expect(titles).not.toContain('K rust, asked of the viewer');
    expect(titles).not.toContain('X ask to someone else');
    expect(titles).not.toContain('X cancelled');
  });

  it('a member with no skills gets an empty list and says why; signed out is 401; a forged cursor is 400', async () => {
    const blank = await verifiedMember(t);
    expect(await recommended(blank.client)).toEqual({
      items: [],
      nextCursor: null,
      basis: { verifiedSkills: [], declaredSkills: [] },
    });
    expectError(await t.client().get('me/recommended-overflow'), 401, 'UNAUTHENTICATED');
    expectError(
      await viewer.client.get('me/recommended-overflow', { query: { cursor: 'nonsense' } }),
      400,
      'INVALID_CURSOR',
    );
    const wrongShape = Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url');
    expectError(
      await viewer.client.get('me/recommended-overflow', { query: { cursor: wrongShape } }),
      400,
      'INVALID_CURSOR',
    );
    expectError(
      await viewer.client.get('me/recommended-overflow', { query: { limit: '500' } }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('suggestHelpers and inviteToOffer', () => {
  let owner: LoopMember;
  let stranger: LoopMember;
  let h: Record<string, LoopMember>;
  let unverifiedHelper: RegisteredMember;
  let open: OverflowDetail;
  let membersOnly: OverflowDetail;
  let ask: OverflowDetail;

  const suggestions = async (client: TestClient, id: string) => {
    const res = await client.get<{ items: SuggestedHelper[] }>(`overflow/${id}/suggested-helpers`, {
      query: { limit: '20' },
    });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    return res.body.items;
  };

  beforeAll(async () => {
    owner = await verifiedMember(t, { skills: ['typescript'] });
    stranger = await verifiedMember(t);
    h = {};
    for (const name of ['h1', 'h2', 'h3', 'h4', 'h5', 'busy', 'offered', 'claims']) {
      h[name] = await verifiedMember(t, { handle: `${name}-${Math.random().toString(36).slice(2, 6)}` });
    }
    const work = (m: { id: string }, skills: string[]) => insertVerifiedWorkRecord(db(), m.id, { skills });
    await work(h.h1!, ['typescript', 'postgresql']);
    await setMerit(h.h1!.id, 'typescript', 0.02, 2);
    await setMerit(h.h1!.id, 'postgresql', 0.1, 3);
    await work(h.h2!, ['typescript']);
    await setMerit(h.h2!.id, 'typescript', 0.01, 1);
    await work(h.h3!, ['postgresql']);
    await setMerit(h.h3!.id, '', 0.05, 1);
    await work(h.h4!, ['typescript']);
    await work(h.h4!, ['typescript', 'react']);
    await work(h.h5!, ['typescript']);
    await work(h.h5!, ['cooking']);
    // At capacity: top merit, but one active engagement fills a capacity of 1.
    await work(h.busy!, ['typescript']);
    await setMerit(h.busy!.id, 'typescript', 0.001, 1);
    expect((await h.busy!.client.patch('me', { capacity: 1 })).status).toBe(200);
    await startEngagement(t, stranger.client, h.busy!.client, { skills: ['Go'] });
    await work(h.offered!, ['typescript']);
    await setMerit(h.offered!.id, '', 0.01, 1);
    // Claims the skill on their profile and has merit in it, but no verified work there.
    expect((await h.claims!.client.patch('me', { skills: ['typescript'] })).status).toBe(200);
    await setMerit(h.claims!.id, 'typescript', 0.3, 9);
    unverifiedHelper = await registerMember(t.app);
    await work(unverifiedHelper.member, ['typescript']);
    await setMerit(unverifiedHelper.member.id, 'typescript', 0.01, 1);
    // The owner's own proven skill does not make them a candidate.
    await work(owner, ['typescript']);
    await setMerit(owner.id, 'typescript', 0.001, 1);

    open = await postOverflow(owner.client, { title: 'Typed queries', skills: ['TypeScript', 'PostgreSQL'] });
    membersOnly = await postOverflow(owner.client, {
      title: 'Members-only typed queries',
      skills: ['TypeScript'],
      visibility: 'members',
    });
    ask = await postOverflow(owner.client, { title: 'Asked typed queries', skills: ['TypeScript'] });
    await setAsk(ask.id, h.h1!.id);
    await makeOffer(t, h.offered!.client, open.id);
  });

  it('ranks members with verified work in its skills by merit there, then overall, then verified work; excludes the owner, offerers, the busy, the unconfirmed and mere claims', async () => {
    const items = await suggestions(owner.client, open.id);
    expect(items.map((i) => i.member.id)).toEqual([h.h1!.id, h.h2!.id, h.h3!.id, h.h4!.id, h.h5!.id]);
    const [h1, , h3, h4, h5] = items;
    expect(h1).toMatchObject({
      meritBand: { label: 'top 5 %', skill: 'typescript' },
      verifiedSkills: ['typescript', 'postgresql'],
      verifiedWorkInSkills: 1,
      verifiedWorkCount: 1,
      capacity: 2,
      freeCapacity: 2,
      invited: false,
    });
    expect(h3!.meritBand).toEqual({ label: 'top 5 %', skill: null });
    expect(h4).toMatchObject({ meritBand: null, verifiedWorkInSkills: 2, verifiedWorkCount: 2 });
    expect(h5).toMatchObject({ verifiedWorkInSkills: 1, verifiedWorkCount: 2 });
  });

  it('members-only overflow suggests only members who can see it; a direct ask suggests nobody', async () => {
    const items = await suggestions(owner.client, membersOnly.id);
    expect(items.map((i) => i.member.id)).toEqual([h.h2!.id, h.h1!.id, h.offered!.id, h.h4!.id, h.h5!.id]);
    expect(await suggestions(owner.client, ask.id)).toEqual([]);
  });

  it('only the owner may ask: 401 signed out, 404 when they may not see it, 403 for another member, 409 when not open', async () => {
    expectError(await t.client().get(`overflow/${open.id}/suggested-helpers`), 401, 'UNAUTHENTICATED');
    expectError(await stranger.client.get(`overflow/${ask.id}/suggested-helpers`), 404, 'OVERFLOW_NOT_FOUND');
    expectError(await stranger.client.get('overflow/nope/suggested-helpers'), 404, 'OVERFLOW_NOT_FOUND');
    expectError(
      await stranger.client.get(`overflow/${open.id}/suggested-helpers`),
      403,
      'NOT_OVERFLOW_OWNER',
    );
    const closed = await postOverflow(owner.client, {
      title: 'Closed typed queries',
      skills: ['TypeScript'],
    });
    expect((await owner.client.post(`overflow/${closed.id}/cancel`)).status).toBe(200);
    expectError(await owner.client.get(`overflow/${closed.id}/suggested-helpers`), 409, 'OVERFLOW_NOT_OPEN');
    expectError(
      await owner.client.post(`overflow/${closed.id}/invitations`, { handle: h.h1!.handle }),
      409,
      'OVERFLOW_NOT_OPEN',
    );
  });

  it('invites once: a notification (not an ask) linking to the overflow; a second invitation is 409 and notifies nobody', async () => {
    const res = await owner.client.post<{ member: { id: string }; createdAt: string }>(
      `overflow/${open.id}/invitations`,
      { handle: `@${h.h2!.handle.toUpperCase()}` },
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body.member.id).toBe(h.h2!.id);
    const [n, ...more] = await notificationsOfType(h.h2!.client, 'offer_invited');
    expect(more).toHaveLength(0);
    expect(n).toMatchObject({
      path: `/overflow/${open.id}`,
      subject: { type: 'overflow', id: open.id },
      actor: { handle: owner.handle },
    });
    expect(n!.text).toContain('invites you to offer on “Typed queries”');
    // Not an ask: no ledger entry, and the overflow stays open to everyone.
    const asks = await db()
      .selectFrom('ledger_entries')
      .selectAll()
      .where('source_id', '=', open.id)
      .execute();
    expect(asks).toHaveLength(0);

    expectError(
      await owner.client.post(`overflow/${open.id}/invitations`, { handle: h.h2!.handle }),
      409,
      'ALREADY_INVITED',
    );
    expect(await notificationsOfType(h.h2!.client, 'offer_invited')).toHaveLength(1);
    const items = await suggestions(owner.client, open.id);
    expect(items.find((i) => i.member.id === h.h2!.id)!.invited).toBe(true);
    expect(items.filter((i) => i.invited)).toHaveLength(1);
  });

  it('two invitations at once: one wins, the other is ALREADY_INVITED', async () => {
    const [a, b] = await Promise.all([
      owner.client.post(`overflow/${open.id}/invitations`, { handle: h.h3!.handle }),
      owner.client.post(`overflow/${open.id}/invitations`, { handle: h.h3!.handle }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await notificationsOfType(h.h3!.client, 'offer_invited')).toHaveLength(1);
  });

  it('refuses yourself, strangers to the overflow, those who offered, unknown handles, non-owners and signed-out callers', async () => {
    const invite = (client: TestClient, id: string, handle: string) =>
      client.post(`overflow/${id}/invitations`, { handle });
    expectError(await invite(owner.client, open.id, owner.handle), 400, 'INVITE_SELF');
    expectError(await invite(owner.client, open.id, 'nobody-here'), 404, 'MEMBER_NOT_FOUND');
    expectError(await invite(owner.client, open.id, h.offered!.handle), 409, 'INVITEE_ALREADY_OFFERED');
    expectError(
      await invite(owner.client, membersOnly.id, unverifiedHelper.handle),
      409,
      'INVITEE_CANNOT_SEE',
    );
    expectError(await invite(owner.client, ask.id, h.h2!.handle), 409, 'INVITEE_CANNOT_SEE');
    expectError(await invite(stranger.client, open.id, h.h4!.handle), 403, 'NOT_OVERFLOW_OWNER');
    expectError(await invite(stranger.client, ask.id, h.h4!.handle), 404, 'OVERFLOW_NOT_FOUND');
    expectError(await invite(t.client(), open.id, h.h4!.handle), 401, 'UNAUTHENTICATED');
    expectError(
      await owner.client.post(`overflow/${open.id}/invitations`, { handle: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await notificationsOfType(h.h4!.client, 'offer_invited')).toHaveLength(0);
  });

  it('at most 10 invitations per overflow', async () => {
    const posting = await postOverflow(owner.client, { title: 'Widely shared', skills: ['TypeScript'] });
    const people = [];
    for (let i = 0; i < 11; i++) people.push(await registerMember(t.app));
    for (const p of people.slice(0, 10)) {
      expect(
        (await owner.client.post(`overflow/${posting.id}/invitations`, { handle: p.handle })).status,
      ).toBe(201);
    }
    expectError(
      await owner.client.post(`overflow/${posting.id}/invitations`, { handle: people[10]!.handle }),
      409,
      'INVITATIONS_LIMIT_REACHED',
    );
  });
});
