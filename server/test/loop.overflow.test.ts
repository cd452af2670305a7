// Issue 3 — overflow: createOverflow, updateOverflow, cancelOverflow, getOverflow, listOverflow (the board),
// visibility (public / members / ask), illegal transitions, and the expiry job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { registerMember } from './helpers/factories.js';
import {
  acceptOffer,
  completedEngagement,
  dateIn,
  makeOffer,
  notificationsOfType,
  overflowBody,
  postOverflow,
  startEngagement,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';
import {
  expireOverdueOverflow,
  type OverflowDetail,
  type OverflowView,
} from '../src/modules/overflow/overflow.service.js';
import type { OfferView } from '../src/modules/offers/offers.service.js';
import { DAY, HOUR, MINUTE } from '../src/shared/clock.js';

interface BoardPage {
  items: OverflowView[];
  nextCursor: string | null;
}

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

describe('createOverflow', () => {
  it('posts open overflow with normalised skills; the owner is told it is theirs', async () => {
    const res = await owner.client.post<OverflowDetail>(
      'overflow',
      overflowBody({
        title: '  Review our API  ',
        skills: ['Type Script', 'type-script', 'C#'],
        dueOn: null,
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Review our API',
      skills: ['type-script', 'csharp'],
      effortHours: 6,
      dueOn: null,
      visibility: 'public',
      askMember: null,
      status: 'open',
      owner: { id: owner.id, handle: owner.handle },
      createdAt: t.clock.now().toISOString(),
      viewer: {
        isOwner: true,
        offerBlockedReason: 'This is your own overflow.',
        myPendingOfferId: null,
        engagementId: null,
      },
      pendingOfferCount: 0,
    });
  });

  it.each([
    ['title longer than 120', { title: 'x'.repeat(121) }, 'body.title'],
    ['title shorter than 3', { title: 'ab' }, 'body.title'],
    ['brief longer than 10 000', { brief: 'b'.repeat(10_001) }, 'body.brief'],
    ['empty brief', { brief: '   ' }, 'body.brief'],
    ['no skills', { skills: [] }, 'body.skills'],
    ['11 skills', { skills: Array.from({ length: 11 }, (_, i) => `skill${i}`) }, 'body.skills'],
    ['a skill with no letter or digit', { skills: ['!!!'] }, 'body.skills'],
    ['0 hours', { effortHours: 0 }, 'body.effortHours'],
    ['201 hours', { effortHours: 201 }, 'body.effortHours'],
    ['fractional hours', { effortHours: 1.5 }, 'body.effortHours'],
    ['an unknown visibility', { visibility: 'friends' }, 'body.visibility'],
    ['a malformed due date', { dueOn: '2026-02-30' }, 'body.dueOn'],
    ['ask without a handle', { visibility: 'ask' }, 'body.askHandle'],
  ])('refuses %s', async (_what, patch, path) => {
    const res = await owner.client.post('overflow', { ...overflowBody(), ...patch });
    expectValidationError(res, path);
  });

  it('refuses unknown fields', async () => {
    expectValidationError(await owner.client.post('overflow', { ...overflowBody(), status: 'completed' }));
  });

  it('accepts the limits exactly: 120-character title, 10 000-character brief, 10 skills, 1 and 200 hours', async () => {
    const big = await postOverflow(owner.client, {
      title: 't'.repeat(120),
      brief: 'b'.repeat(10_000),
      skills: Array.from({ length: 10 }, (_, i) => `skill${i}`),
      effortHours: 200,
    });
    expect(big.title).toHaveLength(120);
    expect(big.brief).toHaveLength(10_000);
    expect(big.skills).toHaveLength(10);
    expect((await postOverflow(owner.client, { effortHours: 1, skills: ['x'] })).effortHours).toBe(1);
  });

  it('keeps the brief as Markdown text (rendering is the client’s job)', async () => {
    const brief = '# Heading\n\n<script>alert(1)</script> and **bold**';
    const o = await postOverflow(owner.client, { brief });
    expect(o.brief).toBe(brief);
  });

  it('needs a due date of today or later (DUE_DATE_IN_PAST)', async () => {
    const res = await owner.client.post('overflow', overflowBody({ dueOn: dateIn(t, -1) }));
    expectError(res, 400, 'DUE_DATE_IN_PAST');
    expect((await postOverflow(owner.client, { dueOn: dateIn(t, 0) })).dueOn).toBe(dateIn(t, 0));
  });

  it("judges 'today' in the owner's time zone", async () => {
    const saved = t.clock.now();
    try {
      // 12:00 UTC is already tomorrow in Kiritimati (UTC+14).
      t.clock.set(`${dateIn(t, 0)}T12:00:00.000Z`);
      const ahead = await verifiedMember(t, { timeZone: 'Pacific/Kiritimati' });
      expectError(
        await ahead.client.post('overflow', overflowBody({ dueOn: dateIn(t, 0) })),
        400,
        'DUE_DATE_IN_PAST',
      );
      expect((await postOverflow(ahead.client, { dueOn: dateIn(t, 1) })).status).toBe('open');
    } finally {
      t.clock.set(saved);
    }
  });

  it('needs a signed-in member with a confirmed email', async () => {
    expectError(await t.client().post('overflow', overflowBody()), 401, 'UNAUTHENTICATED');
    const unconfirmed = await registerMember(t.app);
    const res = await unconfirmed.client.post('overflow', overflowBody());
    expectError(res, 403, 'EMAIL_NOT_VERIFIED');
    expect(res.error!.message).toMatch(/confirm your email/i);
  });
});

describe('updateOverflow', () => {
  it('edits only the fields sent, while the overflow is open', async () => {
    const o = await postOverflow(owner.client);
    t.clock.advance(MINUTE);
    const res = await owner.client.patch<OverflowDetail>(`overflow/${o.id}`, {
      title: 'Write the upgrade guide',
      skills: ['Docs'],
      effortHours: 12,
      dueOn: dateIn(t, 30),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: o.id,
      title: 'Write the upgrade guide',
      brief: o.brief,
      skills: ['docs'],
      effortHours: 12,
      dueOn: dateIn(t, 30),
      status: 'open',
      createdAt: o.createdAt,
      updatedAt: t.clock.now().toISOString(),
    });
  });

  it('refuses a due date in the past and keeps the old one', async () => {
    const o = await postOverflow(owner.client, { dueOn: dateIn(t, 3) });
    expectError(
      await owner.client.patch(`overflow/${o.id}`, { dueOn: dateIn(t, -2) }),
      400,
      'DUE_DATE_IN_PAST',
    );
    expect((await owner.client.get<OverflowDetail>(`overflow/${o.id}`)).body.dueOn).toBe(dateIn(t, 3));
  });

  it('is for the owner only (NOT_OVERFLOW_OWNER); anonymous is 401', async () => {
    const o = await postOverflow(owner.client);
    expectError(
      await other.client.patch(`overflow/${o.id}`, { title: 'Mine now' }),
      403,
      'NOT_OVERFLOW_OWNER',
    );
    expectError(await t.client().patch(`overflow/${o.id}`, { title: 'Mine now' }), 401, 'UNAUTHENTICATED');
  });

  it('refuses to edit a cancelled overflow (409 OVERFLOW_NOT_EDITABLE)', async () => {
    const o = await postOverflow(owner.client);
    expect((await owner.client.post(`overflow/${o.id}/cancel`)).status).toBe(200);
    const res = await owner.client.patch(`overflow/${o.id}`, { title: 'Try again' });
    expectError(res, 409, 'OVERFLOW_NOT_EDITABLE');
    expect(res.error!.message).toMatch(/cancelled/);
  });

  it('refuses to edit an assigned overflow', async () => {
    const s = await startEngagement(t, owner.client, helper.client);
    expectError(
      await owner.client.patch(`overflow/${s.overflow.id}`, { effortHours: 100 }),
      409,
      'OVERFLOW_NOT_EDITABLE',
    );
  });

  it('404s for an unknown overflow', async () => {
    expectError(await owner.client.patch('overflow/nope', { title: 'Nothing' }), 404, 'OVERFLOW_NOT_FOUND');
  });
});

describe('cancelOverflow', () => {
  it('cancels open overflow and declines its pending offers with a courteous notification', async () => {
    const o = await postOverflow(owner.client, { title: 'Cancel me' });
    const offer = await makeOffer(t, helper.client, o.id);
    const res = await owner.client.post<OverflowDetail>(`overflow/${o.id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', pendingOfferCount: 0 });
    const offers = await helper.client.get<{ items: OfferView[] }>(`overflow/${o.id}/offers`);
    expect(offers.body.items.map((x) => [x.id, x.status])).toEqual([[offer.id, 'declined']]);
    const n = (await notificationsOfType(helper.client, 'offer_declined')).find(
      (x) => x.subject.id === offer.id,
    );
    expect(n?.text).toMatch(/cancelled by its owner/);
  });

  it('refuses illegal transitions with 409 and a code: cancel twice, cancel an assigned overflow', async () => {
    const o = await postOverflow(owner.client);
    expect((await owner.client.post(`overflow/${o.id}/cancel`)).status).toBe(200);
    const again = await owner.client.post(`overflow/${o.id}/cancel`);
    expectError(again, 409, 'OVERFLOW_STATE_CONFLICT');
    expect(again.error!.details).toMatchObject({ status: 'cancelled', event: 'cancel' });

    const s = await startEngagement(t, owner.client, helper.client);
    const res = await owner.client.post(`overflow/${s.overflow.id}/cancel`);
    expectError(res, 409, 'OVERFLOW_STATE_CONFLICT');
    expect(res.error!.details).toMatchObject({ status: 'assigned', event: 'cancel' });
    expect((await owner.client.get<OverflowDetail>(`overflow/${s.overflow.id}`)).body.status).toBe(
      'assigned',
    );
  });

  it('is for the owner only', async () => {
    const o = await postOverflow(owner.client);
    expectError(await other.client.post(`overflow/${o.id}/cancel`), 403, 'NOT_OVERFLOW_OWNER');
    expectError(await t.client().post(`overflow/${o.id}/cancel`), 401, 'UNAUTHENTICATED');
  });
});

describe('visibility', () => {
  it('public overflow is visible to anyone, even signed out', async () => {
    const o = await postOverflow(owner.client, { visibility: 'public' });
    const res = await t.client().get<OverflowDetail>(`overflow/${o.id}`);
    expect(res.status).toBe(200);
    expect(res.body.viewer).toEqual({
      isOwner: false,
      offerBlockedReason: 'Sign in to offer your help.',
      myPendingOfferId: null,
      engagementId: null,
    });
    expect(
      (await other.client.get<OverflowDetail>(`overflow/${o.id}`)).body.viewer.offerBlockedReason,
    ).toBeNull();
  });

  it('members-only overflow is 404 for anonymous visitors and absent from their board', async () => {
    const o = await postOverflow(owner.client, { visibility: 'members' });
    expectError(await t.client().get(`overflow/${o.id}`), 404, 'OVERFLOW_NOT_FOUND');
    expect((await other.client.get(`overflow/${o.id}`)).status).toBe(200);
    const anon = await t.client().get<BoardPage>('overflow', { query: { owner: owner.handle, limit: '50' } });
    expect(anon.body.items.map((i) => i.id)).not.toContain(o.id);
    const member = await other.client.get<BoardPage>('overflow', {
      query: { owner: owner.handle, limit: '50' },
    });
    expect(member.body.items.map((i) => i.id)).toContain(o.id);
  });

  it('members-only overflow needs a confirmed email: an unproven address sees it as anonymous does', async () => {
    const o = await postOverflow(owner.client, { visibility: 'members' });
    const unconfirmed = await registerMember(t.app);
    expectError(await unconfirmed.client.get(`overflow/${o.id}`), 404, 'OVERFLOW_NOT_FOUND');
    const board = await unconfirmed.client.get<BoardPage>('overflow', {
      query: { owner: owner.handle, limit: '50' },
    });
    expect(board.body.items.map((i) => i.id)).not.toContain(o.id);
    // Once the email is confirmed, it is visible.
    await unconfirmed.client.post('auth/verify-email', {
      token: await t.linkTokenFromLastEmail(unconfirmed.email),
    });
    expect((await unconfirmed.client.get(`overflow/${o.id}`)).status).toBe(200);
  });

  it('a direct ask to a stranger is refused with ASK_REQUIRES_TIE: offer before you ask', async () => {
    const res = await owner.client.post(
      'overflow',
      overflowBody({ visibility: 'ask', askHandle: other.handle }),
    );
    expectError(res, 409, 'ASK_REQUIRES_TIE');
    expect(res.error!.message).toMatch(/offer before you ask/i);
  });

  it('refuses an ask to yourself or to nobody', async () => {
    expectError(
      await owner.client.post('overflow', overflowBody({ visibility: 'ask', askHandle: owner.handle })),
      400,
      'ASK_SELF',
    );
    expectError(
      await owner.client.post('overflow', overflowBody({ visibility: 'ask', askHandle: 'no-such-member' })),
      404,
      'MEMBER_NOT_FOUND',
    );
  });

  it('after a completed engagement the ask works; only the owner and the asked member see it', async () => {
    const asker = await verifiedMember(t);
    const asked = await verifiedMember(t);
    expectError(
      await asker.client.post('overflow', overflowBody({ visibility: 'ask', askHandle: asked.handle })),
      409,
      'ASK_REQUIRES_TIE',
    );
    await completedEngagement(t, asker.client, asked.client);

    const res = await asker.client.post<OverflowDetail>(
      'overflow',
      overflowBody({ title: 'Just for you', visibility: 'ask', askHandle: asked.handle.toUpperCase() }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ visibility: 'ask', askMember: { id: asked.id, handle: asked.handle } });
    const id = res.body.id;

    expect((await asked.client.get(`overflow/${id}`)).status).toBe(200);
    expectError(await other.client.get(`overflow/${id}`), 404, 'OVERFLOW_NOT_FOUND');
    expectError(await t.client().get(`overflow/${id}`), 404, 'OVERFLOW_NOT_FOUND');
    // Nobody else can offer on it either (it does not exist for them).
    expectError(
      await other.client.post(`overflow/${id}/offers`, {
        pitch: 'Let me do it, please.',
        proposedOn: dateIn(t, 3),
      }),
      404,
      'OVERFLOW_NOT_FOUND',
    );
    const boardOf = async (m: LoopMember) =>
      (await m.client.get<BoardPage>('overflow', { query: { owner: asker.handle } })).body.items.map(
        (i) => i.id,
      );
    expect(await boardOf(asked)).toContain(id);
    expect(await boardOf(other)).not.toContain(id);

    const asks = await notificationsOfType(asked.client, 'overflow_asked');
    expect(asks.map((n) => n.subject)).toEqual([{ type: 'overflow', id }]);
    expect(asks[0]!.text).toMatch(/asked you directly/);

    // The asked member can offer.
    expect((await makeOffer(t, asked.client, id)).status).toBe('pending');
  });

  it('turning open overflow into a direct ask by editing tells the asked member and records the ask once', async () => {
    const asker = await verifiedMember(t);
    const asked = await verifiedMember(t);
    await completedEngagement(t, asker.client, asked.client);
    const created = await asker.client.post<OverflowDetail>(
      'overflow',
      overflowBody({ title: 'Started public' }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    // A stranger offered while it was public; narrowing it to an ask closes that offer, courteously.
    const stranger = await verifiedMember(t);
    const strangerOffer = await makeOffer(t, stranger.client, id);
    const edited = await asker.client.patch<OverflowDetail>(`overflow/${id}`, {
      visibility: 'ask',
      askHandle: asked.handle,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ visibility: 'ask', askMember: { id: asked.id } });
    // Editing again with the same ask changes nothing more.
    expect(
      (await asker.client.patch(`overflow/${id}`, { visibility: 'ask', askHandle: asked.handle })).status,
    ).toBe(200);
    const asks = await notificationsOfType(asked.client, 'overflow_asked');
    expect(asks.map((n) => n.subject)).toEqual([{ type: 'overflow', id }]);
    const entries = await t.app.ctx.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('kind', '=', 'ask')
      .where('source_id', '=', id)
      .execute();
    // Counted, not weighed (ADR 0008, 0014).
    expect(entries.map((e) => [e.giver_id, e.receiver_id, e.weight])).toEqual([[asked.id, asker.id, 0]]);
    const offers = await t.app.ctx.db
      .selectFrom('offers')
      .select(['id', 'status'])
      .where('overflow_id', '=', id)
      .execute();
    expect(offers).toEqual([{ id: strangerOffer.id, status: 'declined' }]);
    const closed = await notificationsOfType(stranger.client, 'offer_declined');
    expect(closed.map((n) => n.text)).toEqual([expect.stringMatching(/now a direct ask to someone else/)]);
  });

  it('an unknown id is 404', async () => {
    expectError(await owner.client.get('overflow/01nothinghere'), 404, 'OVERFLOW_NOT_FOUND');
  });
});

describe('the board (listOverflow)', () => {
  let boardOwner: LoopMember;
  const board = async (query: Record<string, string>, viewer = other) => {
    const res = await viewer.client.get<BoardPage>('overflow', {
      query: { owner: boardOwner.handle, limit: '50', ...query },
    });
    expect(res.status, res.text).toBe(200);
    return res.body;
  };
  const titles = async (query: Record<string, string>, viewer = other) =>
    (await board(query, viewer)).items.map((i) => i.title);

  beforeAll(async () => {
    boardOwner = await verifiedMember(t);
    const post = async (title: string, o: Parameters<typeof postOverflow>[1]) => {
      t.clock.advance(MINUTE);
      return postOverflow(boardOwner.client, { title, ...o });
    };
    await post('design-2h-due3', { skills: ['Design'], effortHours: 2, dueOn: dateIn(t, 3) });
    await post('ts-10h-due10', { skills: ['TypeScript'], effortHours: 10, dueOn: dateIn(t, 10) });
    await post('design-rust-40h-undated', { skills: ['design', 'rust'], effortHours: 40, dueOn: null });
    await post('rust-5h-due5', { skills: ['rust'], effortHours: 5, dueOn: dateIn(t, 5) });
    const cancelled = await post('cobol-cancelled', { skills: ['cobol'], effortHours: 3 });
    await boardOwner.client.post(`overflow/${cancelled.id}/cancel`);
  });

  it('lists open overflow only, newest first by default', async () => {
    expect(await titles({})).toEqual([
      'rust-5h-due5',
      'design-rust-40h-undated',
      'ts-10h-due10',
      'design-2h-due3',
    ]);
    expect(await titles({ sort: 'newest' })).toEqual(await titles({}));
  });

  it('filters by skills (any of them, normalised)', async () => {
    expect(await titles({ skills: 'Design' })).toEqual(['design-rust-40h-undated', 'design-2h-due3']);
    expect(await titles({ skills: 'design, TypeScript' })).toEqual([
      'design-rust-40h-undated',
      'ts-10h-due10',
      'design-2h-due3',
    ]);
    expect(await titles({ skills: 'cobol' })).toEqual([]);
  });

  it('filters by effort range', async () => {
    expect(await titles({ minEffort: '10' })).toEqual(['design-rust-40h-undated', 'ts-10h-due10']);
    expect(await titles({ maxEffort: '5' })).toEqual(['rust-5h-due5', 'design-2h-due3']);
    expect(await titles({ minEffort: '3', maxEffort: '10' })).toEqual(['rust-5h-due5', 'ts-10h-due10']);
    expectError(
      await other.client.get('overflow', { query: { minEffort: '20', maxEffort: '5' } }),
      400,
      'INVALID_RANGE',
    );
    expectValidationError(
      await other.client.get('overflow', { query: { minEffort: '0' } }),
      'querystring.minEffort',
    );
  });

  it('filters by due date (due on or before; undated overflow has no due date to match)', async () => {
    expect(await titles({ dueBefore: dateIn(t, 6) })).toEqual(['rust-5h-due5', 'design-2h-due3']);
    expect(await titles({ dueBefore: dateIn(t, 3) })).toEqual(['design-2h-due3']);
    expect(await titles({ dueBefore: dateIn(t, 2) })).toEqual([]);
  });

  it('sorts by soonest due, undated last', async () => {
    expect(await titles({ sort: 'due' })).toEqual([
      'design-2h-due3',
      'rust-5h-due5',
      'ts-10h-due10',
      'design-rust-40h-undated',
    ]);
  });

  it('has no "best match" sort any more: `sort=match` is refused (400), For you replaced it', async () => {
    const viewer = await verifiedMember(t, { skills: ['Design'] });
    for (const c of [viewer.client, t.client()]) {
      expectError(await c.get('overflow', { query: { sort: 'match' } }), 400, 'VALIDATION_FAILED');
    }
  });

  it('`status=all` with an owner includes closed overflow; without an owner it is refused', async () => {
    expect(await titles({ status: 'all' })).toContain('cobol-cancelled');
    expectError(await other.client.get('overflow', { query: { status: 'all' } }), 400, 'OWNER_REQUIRED');
    const mine = await boardOwner.client.get<BoardPage>('overflow', {
      query: { owner: 'me', status: 'all' },
    });
    expect(mine.body.items.map((i) => i.title)).toContain('cobol-cancelled');
    expectError(await t.client().get('overflow', { query: { owner: 'me' } }), 401, 'UNAUTHENTICATED');
  });

  it('refuses a forged cursor', async () => {
    expectError(
      await other.client.get('overflow', { query: { cursor: 'not-a-cursor' } }),
      400,
      'INVALID_CURSOR',
    );
  });

  it('cursor pagination walks every sort without duplicates or gaps, even with identical timestamps', async () => {
    const pager = await verifiedMember(t, { skills: ['paging'] });
    const viewer = await verifiedMember(t, { skills: ['paging'] });
    // 7 overflow posted at the very same instant, 4 more a minute apart, with mixed due dates.
    for (let i = 0; i < 7; i++) {
      await postOverflow(pager.client, {
        title: `same-instant-${i}`,
        skills: ['paging'],
        dueOn: i % 2 ? dateIn(t, 4) : null,
      });
    }
    for (let i = 0; i < 4; i++) {
      t.clock.advance(MINUTE);
      await postOverflow(pager.client, { title: `later-${i}`, skills: ['paging'], dueOn: dateIn(t, 4 - i) });
    }
    for (const sort of ['newest', 'due'] as const) {
      const all = await viewer.client.get<BoardPage>('overflow', {
        query: { owner: pager.handle, sort, limit: '50' },
      });
      expect(all.body.items).toHaveLength(11);
      expect(all.body.nextCursor).toBeNull();
      for (const limit of [1, 2, 3, 5]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query: Record<string, string> = { owner: pager.handle, sort, limit: String(limit) };
          if (cursor) query.cursor = cursor;
          const res = await viewer.client.get<BoardPage>('overflow', { query });
          expect(res.status).toBe(200);
          expect(res.body.items.length).toBeLessThanOrEqual(limit);
          seen.push(...res.body.items.map((i) => i.id));
          cursor = res.body.nextCursor;
          pages++;
        } while (cursor && pages < 20);
        expect(seen, `${sort} limit ${limit}`).toEqual(all.body.items.map((i) => i.id));
        expect(new Set(seen).size).toBe(11);
      }
    }
  });
});

describe('expiry job (expireOverdueOverflow)', () => {
  it('expires open overflow past its due date, declining pending offers with a notification; a second run changes nothing', async () => {
    const exOwner = await verifiedMember(t);
    const h1 = await verifiedMember(t);
    const h2 = await verifiedMember(t);
    const due = await postOverflow(exOwner.client, { title: 'Due tomorrow', dueOn: dateIn(t, 1) });
    const undated = await postOverflow(exOwner.client, { title: 'No due date', dueOn: null });
    const assigned = await postOverflow(exOwner.client, {
      title: 'Assigned, due tomorrow',
      dueOn: dateIn(t, 1),
    });
    const o1 = await makeOffer(t, h1.client, due.id);
    const o2 = await makeOffer(t, h2.client, due.id);
    await acceptOffer(exOwner.client, (await makeOffer(t, h1.client, assigned.id)).id);

    // Nothing is overdue yet; on the due date itself it is still open.
    await expireOverdueOverflow(t.app.ctx);
    t.clock.set(`${dateIn(t, 1)}T23:30:00.000Z`);
    await expireOverdueOverflow(t.app.ctx);
    expect((await exOwner.client.get<OverflowDetail>(`overflow/${due.id}`)).body.status).toBe('open');

    t.clock.advance(2 * DAY);
    expect(await expireOverdueOverflow(t.app.ctx)).toBeGreaterThanOrEqual(1);
    const after = await exOwner.client.get<OverflowDetail>(`overflow/${due.id}`);
    expect(after.body).toMatchObject({ status: 'expired', pendingOfferCount: 0 });
    expect((await exOwner.client.get<OverflowDetail>(`overflow/${undated.id}`)).body.status).toBe('open');
    expect((await exOwner.client.get<OverflowDetail>(`overflow/${assigned.id}`)).body.status).toBe(
      'assigned',
    );

    const offers = await exOwner.client.get<{ items: OfferView[] }>(`overflow/${due.id}/offers`);
    expect(offers.body.items.map((o) => [o.id, o.status]).sort()).toEqual(
      [
        [o1.id, 'declined'],
        [o2.id, 'declined'],
      ].sort(),
    );
    for (const [h, offer] of [
      [h1, o1],
      [h2, o2],
    ] as const) {
      const n = (await notificationsOfType(h.client, 'offer_declined')).filter(
        (x) => x.subject.id === offer.id,
      );
      expect(n).toHaveLength(1);
      expect(n[0]!.text).toMatch(/expired before anyone was assigned/);
    }

    const notificationCount = async () =>
      Number(
        (
          await t.app.ctx.db
            .selectFrom('notifications')
            .select((eb) => eb.fn.countAll<string | number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await notificationCount();
    expect(await expireOverdueOverflow(t.app.ctx)).toBe(0);
    expect(await notificationCount()).toBe(before);
    expect((await exOwner.client.get<OverflowDetail>(`overflow/${due.id}`)).body.status).toBe('expired');

    // Expired is final: no offers, no edits, no cancel.
    expectError(
      await h2.client.post(`overflow/${due.id}/offers`, {
        pitch: 'Still keen to help out.',
        proposedOn: dateIn(t, 2),
      }),
      409,
      'OVERFLOW_NOT_OPEN',
    );
    expectError(
      await exOwner.client.patch(`overflow/${due.id}`, { title: 'Revive' }),
      409,
      'OVERFLOW_NOT_EDITABLE',
    );
    expectError(await exOwner.client.post(`overflow/${due.id}/cancel`), 409, 'OVERFLOW_STATE_CONFLICT');
    t.clock.advance(HOUR);
  });
});
