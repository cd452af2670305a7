// Issue 3 — ties, the ledger, noticed and thanks: no connect route; sendNoticed / listNoticed / acceptNoticed /
// ignoreNoticed; sendThanks / listThanks; listTies and getLedger (style per ties/style.ts, transactional ties
// with the other person's open overflow in `giveBack`).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createWorkRecord, registerMember } from './helpers/factories.js';
import {
  completedEngagement,
  notificationsOf,
  notificationsOfType,
  postOverflow,
  startEngagement,
  verifiedMember,
  withToken,
  type LoopMember,
} from './helpers/loop.js';
import type { LedgerView, TieView } from '../src/modules/ties/ties.service.js';
import { givingStyle } from '../src/modules/ties/style.js';
import { DAY, MINUTE } from '../src/shared/clock.js';

interface NoticedItem {
  id: string;
  message: string;
  status: 'pending' | 'accepted' | 'ignored';
  other: { handle: string; name: string };
  workRecord: { id: string; title: string };
  createdAt: string;
}
interface ThanksItem {
  id: string;
  message: string;
  from: { handle: string; name: string };
  engagementId: string | null;
  createdAt: string;
}

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
});
afterAll(() => t.close());

const ties = async (m: LoopMember) => (await m.client.get<{ items: TieView[] }>('me/ties')).body.items;
const ledger = async (m: LoopMember) => {
  const res = await m.client.get<LedgerView>('me/ledger');
  expect(res.status, res.text).toBe(200);
  return res.body;
};
const noticedBox = async (m: LoopMember, box: 'received' | 'sent') =>
  (await m.client.get<{ items: NoticedItem[] }>('me/noticed', { query: { box } })).body.items;
const notice = async (
  from: LoopMember,
  workRecordId: string,
  message = 'I saw your talk on caching — brilliant.',
) => {
  const res = await from.client.post<{ id: string; status: string }>('noticed', { workRecordId, message });
  expect(res.status, res.text).toBe(201);
  return res.body;
};

describe('no connect button', () => {
  it('the API has no operation that creates a tie on request', async () => {
    const doc = JSON.parse(readFileSync('web/src/api/openapi.json', 'utf8')) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, id: op.operationId })),
    );
    expect(
      ops.filter((o) => /connect|follow|friend|request.*tie|tie.*request/i.test(`${o.path} ${o.id}`)),
    ).toEqual([]);
    // The only writes that touch ties are accepting a noticed note and completing an engagement.
    expect(ops.filter((o) => o.method !== 'get' && /ties/.test(o.path))).toEqual([]);
    const m = await verifiedMember(t);
    for (const path of ['me/ties', 'ties', 'connections', 'members/admin/connect']) {
      const res = await m.client.post(path, { handle: 'admin' });
      expect(res.status, path).toBe(404);
    }
  });
});

describe('noticed notes', () => {
  it('writes to someone about one specific work record; accepting forms a tie "met through …"', async () => {
    const author = await verifiedMember(t);
    const fan = await verifiedMember(t);
    const talk = await createWorkRecord(author.client, { title: 'Caching at scale', kind: 'talk' });

    const sent = await notice(
      fan,
      talk.id,
      '  I saw your talk on caching at scale — the part on TTLs changed how I work.  ',
    );
    expect(sent.status).toBe('pending');
    const received = await noticedBox(author, 'received');
    expect(received).toEqual([
      {
        id: sent.id,
        message: 'I saw your talk on caching at scale — the part on TTLs changed how I work.',
        status: 'pending',
        other: { handle: fan.handle, name: fan.member.name },
        workRecord: { id: talk.id, title: 'Caching at scale' },
        createdAt: t.clock.now().toISOString(),
      },
    ]);
    const n = await notificationsOfType(author.client, 'noticed_received');
    expect(n[0]).toMatchObject({ subject: { type: 'noticed', id: sent.id }, actor: { handle: fan.handle } });
    expect(n[0]!.text).toContain('Caching at scale');

    // Only the recipient answers.
    expectError(await fan.client.post(`noticed/${sent.id}/accept`), 404, 'NOTICED_NOT_FOUND');
    const res = await author.client.post<{ id: string; status: string }>(`noticed/${sent.id}/accept`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: sent.id, status: 'accepted' });
    expectError(await author.client.post(`noticed/${sent.id}/accept`), 409, 'NOTICED_STATE_CONFLICT');
    expectError(await author.client.post(`noticed/${sent.id}/ignore`), 409, 'NOTICED_STATE_CONFLICT');

    for (const [me, them] of [
      [author, fan],
      [fan, author],
    ] as const) {
      const [tie] = await ties(me);
      expect(tie).toMatchObject({
        member: { id: them.id },
        formedVia: 'noticed',
        label: 'met through “Caching at scale”',
        strength: 1,
        given: 0,
        received: 0,
        transactional: false,
      });
      expect(await notificationsOfType(me.client, 'tie_formed')).toHaveLength(1);
    }
    expect((await notificationsOfType(fan.client, 'noticed_accepted')).map((x) => x.subject.id)).toEqual([
      sent.id,
    ]);
    expect((await noticedBox(fan, 'sent'))[0]!.status).toBe('accepted');
  });

  it('ignoring is silent: the sender still sees "pending", the recipient no longer lists it, no tie', async () => {
    const author = await verifiedMember(t);
    const fan = await verifiedMember(t);
    const post = await createWorkRecord(author.client, { title: 'On estimates', kind: 'writing' });
    const sent = await notice(fan, post.id);
    const before = (await notificationsOf(fan.client)).items.length;

    const res = await author.client.post(`noticed/${sent.id}/ignore`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: sent.id, status: 'ignored' });

    expect(await noticedBox(author, 'received')).toEqual([]);
    expect((await noticedBox(fan, 'sent')).map((x) => [x.id, x.status])).toEqual([[sent.id, 'pending']]);
    expect((await notificationsOf(fan.client)).items).toHaveLength(before);
    expect(await ties(fan)).toEqual([]);
    expect(await ties(author)).toEqual([]);
    // Ignored stays ignored.
    expectError(await author.client.post(`noticed/${sent.id}/accept`), 409, 'NOTICED_STATE_CONFLICT');
    // Sending again looks exactly as if the note were still pending, and does not ping the author again.
    const authorNotes = (await notificationsOf(author.client)).items.length;
    expectError(
      await fan.client.post('noticed', { workRecordId: post.id, message: 'Did you see my note about this?' }),
      409,
      'NOTICED_ALREADY_PENDING',
    );
    expect((await notificationsOf(author.client)).items).toHaveLength(authorNotes);
  });

  it('refuses a note about your own work, about nothing, twice about the same work, or without a confirmed email', async () => {
    const author = await verifiedMember(t);
    const fan = await verifiedMember(t);
    const record = await createWorkRecord(author.client);
    expectError(
      await author.client.post('noticed', { workRecordId: record.id, message: 'Look at my own work!' }),
      400,
      'NOTICED_OWN_WORK',
    );
    expectError(
      await fan.client.post('noticed', { workRecordId: 'no-such-record', message: 'Nice work there.' }),
      404,
      'WORK_RECORD_NOT_FOUND',
    );
    await notice(fan, record.id);
    expectError(
      await fan.client.post('noticed', { workRecordId: record.id, message: 'Me again, about it.' }),
      409,
      'NOTICED_ALREADY_PENDING',
    );
    const unconfirmed = await registerMember(t.app);
    expectError(
      await unconfirmed.client.post('noticed', { workRecordId: record.id, message: 'Great piece of work.' }),
      403,
      'EMAIL_NOT_VERIFIED',
    );
    expectError(
      await t.client().post('noticed', { workRecordId: record.id, message: 'Great piece.' }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it.each([
    ['a message over 500 characters', 'm'.repeat(501)],
    ['a message under 10 characters', 'Nice.'],
  ])('refuses %s', async (_what, message) => {
    const author = await verifiedMember(t);
    const fan = await verifiedMember(t);
    const record = await createWorkRecord(author.client);
    expectValidationError(
      await fan.client.post('noticed', { workRecordId: record.id, message }),
      'body.message',
    );
  });

  it('accepts a message of exactly 500 characters', async () => {
    const author = await verifiedMember(t);
    const fan = await verifiedMember(t);
    const record = await createWorkRecord(author.client);
    await notice(fan, record.id, 'm'.repeat(500));
  });

  it('allows at most 10 a week (429 NOTICED_LIMIT_REACHED), then again a week later', async () => {
    const fan = await withToken(await verifiedMember(t));
    const author = await verifiedMember(t);
    const records = [];
    for (let i = 0; i < 12; i++)
      records.push(await createWorkRecord(author.client, { title: `Record ${i}` }));
    const start = t.clock.now().getTime();
    for (let i = 0; i < 10; i++) {
      t.clock.advance(MINUTE);
      await notice(fan, records[i]!.id);
    }
    const res = await fan.client.post('noticed', {
      workRecordId: records[10]!.id,
      message: 'One more note, please.',
    });
    expectError(res, 429, 'NOTICED_LIMIT_REACHED');
    expect(res.error!.message).toMatch(/10 noticed notes this week/);
    expect(res.headers['retry-after']).toBeDefined();

    // A week after the first one, there is room for one more.
    t.clock.set(new Date(start + 7 * DAY + MINUTE + 1000));
    await notice(fan, records[10]!.id);
    expectError(
      await fan.client.post('noticed', { workRecordId: records[11]!.id, message: 'And yet another one.' }),
      429,
      'NOTICED_LIMIT_REACHED',
    );
  });

  it('accepting a note from someone you already have a tie with strengthens the tie', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t);
    await completedEngagement(t, owner.client, helper.client);
    const record = await createWorkRecord(helper.client, { title: 'A side project' });
    const sent = await notice(owner, record.id);
    await helper.client.post(`noticed/${sent.id}/accept`);
    const [tie] = await ties(helper);
    expect(tie).toMatchObject({ strength: 2, formedVia: 'engagement' });
    expect(await notificationsOfType(helper.client, 'tie_formed')).toHaveLength(1);
  });
});

describe('thanks', () => {
  it('only to a tie or an engagement counterpart (THANKS_REQUIRES_TIE otherwise)', async () => {
    const a = await verifiedMember(t);
    const b = await verifiedMember(t);
    const res = await a.client.post('thanks', { toHandle: b.handle, message: 'Thanks for everything!' });
    expectError(res, 403, 'THANKS_REQUIRES_TIE');
    expect(res.error!.message).toContain('notice a piece of their work first');
    expectError(await a.client.post('thanks', { toHandle: a.handle, message: 'Me!' }), 400, 'THANKS_SELF');
    expectError(
      await a.client.post('thanks', { toHandle: 'nobody-here', message: 'Hi' }),
      404,
      'MEMBER_NOT_FOUND',
    );
    expectValidationError(
      await a.client.post('thanks', { toHandle: b.handle, message: 'm'.repeat(501) }),
      'body.message',
    );
    expectError(
      await t.client().post('thanks', { toHandle: b.handle, message: 'Hi' }),
      401,
      'UNAUTHENTICATED',
    );
    const unconfirmed = await registerMember(t.app);
    expectError(
      await unconfirmed.client.post('thanks', { toHandle: b.handle, message: 'Hi' }),
      403,
      'EMAIL_NOT_VERIFIED',
    );
  });

  it('an engagement counterpart can be thanked before any tie exists; it shows on the gratitude wall and in the ledger', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t);
    const s = await startEngagement(t, owner.client, helper.client);
    expect(await ties(owner)).toEqual([]);

    const first = await owner.client.post<{ id: string }>('thanks', {
      toHandle: helper.handle,
      message: 'Thank you for jumping in so fast.',
      engagementId: s.engagementId,
    });
    expect(first.status).toBe(201);
    t.clock.advance(MINUTE);
    const second = await owner.client.post<{ id: string }>('thanks', {
      toHandle: helper.handle.toUpperCase(),
      message: 'And again!',
    });
    expect(second.status).toBe(201);

    const wall = await t
      .client()
      .get<{ items: ThanksItem[]; nextCursor: string | null }>(`members/${helper.handle}/thanks`);
    expect(wall.status).toBe(200);
    expect(wall.body.items).toEqual([
      {
        id: second.body.id,
        message: 'And again!',
        from: { handle: owner.handle, name: owner.member.name },
        engagementId: null,
        createdAt: t.clock.now().toISOString(),
      },
      expect.objectContaining({ id: first.body.id, engagementId: s.engagementId }),
    ]);
    const p1 = await t
      .client()
      .get<{ items: ThanksItem[]; nextCursor: string | null }>(`members/${helper.handle}/thanks`, {
        query: { limit: '1' },
      });
    const p2 = await t
      .client()
      .get<{ items: ThanksItem[]; nextCursor: string | null }>(`members/${helper.handle}/thanks`, {
        query: { limit: '1', cursor: p1.body.nextCursor! },
      });
    expect([...p1.body.items, ...p2.body.items].map((x) => x.id)).toEqual([second.body.id, first.body.id]);
    expectError(await t.client().get('members/nobody-here/thanks'), 404, 'MEMBER_NOT_FOUND');

    const n = await notificationsOfType(helper.client, 'thanks_received');
    expect(n.map((x) => x.subject.id).sort()).toEqual([first.body.id, second.body.id].sort());
    const entries = await t.app.ctx.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('kind', '=', 'thanks')
      .where('giver_id', '=', owner.id)
      .execute();
    expect(entries.map((e) => [e.receiver_id, e.weight, e.source_type]).sort()).toEqual([
      [helper.id, 1, 'thanks'],
      [helper.id, 1, 'thanks'],
    ]);
    expect((await ledger(helper)).recent.filter((r) => r.kind === 'thanks')).toHaveLength(2);
  });

  it('refuses an engagement the two did not share', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t);
    const third = await verifiedMember(t);
    const s = await completedEngagement(t, owner.client, helper.client);
    await completedEngagement(t, owner.client, third.client);
    expectError(
      await owner.client.post('thanks', {
        toHandle: third.handle,
        message: 'Thanks!',
        engagementId: s.engagementId,
      }),
      404,
      'ENGAGEMENT_NOT_FOUND',
    );
  });

  it('a noticed tie can be thanked', async () => {
    const author = await verifiedMember(t);
    const fan = await verifiedMember(t);
    const record = await createWorkRecord(author.client);
    const sent = await notice(fan, record.id);
    await author.client.post(`noticed/${sent.id}/accept`);
    expect(
      (await author.client.post('thanks', { toHandle: fan.handle, message: 'Thanks for the kind words.' }))
        .status,
    ).toBe(201);
  });
});

describe('the ledger and giving style', () => {
  it('a new member is "new", with nothing on either side', async () => {
    const m = await verifiedMember(t);
    expect(await ledger(m)).toMatchObject({
      given: 0,
      received: 0,
      style: 'new',
      ties: [],
      giveBack: [],
      recent: [],
    });
  });

  it('an owner who reviews and endorses gives as much as the help: no taker, no transactional tie', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t);
    const s = await completedEngagement(t, owner.client, helper.client, {
      title: 'Audit the schema',
      effortHours: 6,
    });
    // 6 h of help; the owner's opportunity 6 − 2·⌊6/4⌋ = 4, review 1, endorsement 1 (ADR 0008).
    const h = await ledger(helper);
    expect(h).toMatchObject({ given: 6, received: 6, style: 'new', completedEngagements: 1, styleNeeds: 2 });
    expect(h.styleExplanation).toMatch(/Not enough history yet/);
    expect(h.ties).toMatchObject([{ member: { id: owner.id }, given: 6, received: 6, transactional: false }]);
    expect(h.giveBack).toEqual([]);
    expect(h.reasons.given.helpHours).toBe(6);
    expect(h.reasons.received).toMatchObject({ opportunities: 1, reviews: 1, endorsements: 1 });
    const o = await ledger(owner);
    expect(o).toMatchObject({ given: 6, received: 6, style: 'new', giveBack: [] });
    expect(o.reasons.given).toMatchObject({ opportunities: 1, reviews: 1, endorsements: 1, helpHours: 0 });
    expect(o.reasons.received.helpHours).toBe(6);
    expect(o.recent.map((r) => [r.kind, r.weight, r.direction]).sort()).toEqual(
      [
        ['help', 6, 'received'],
        ['opportunity', 4, 'gave'],
        ['review', 1, 'gave'],
        ['endorsement', 1, 'gave'],
      ].sort(),
    );
    expect(o.recent.every((r) => r.sourceType === 'engagement' && r.sourceId === s.engagementId)).toBe(true);
  });

  it('a one-sided tie suggests the other member’s open overflow to give back', async () => {
    const fan = await verifiedMember(t);
    const author = await verifiedMember(t);
    const work = await createWorkRecord(author.client, { title: 'A talk on caching' });
    const sent = await notice(fan, work.id);
    expect((await author.client.post(`noticed/${sent.id}/accept`)).status).toBe(200);
    // The fan has overflow of their own: 4 open (3 are shown), one cancelled (never shown).
    for (let i = 0; i < 4; i++) {
      t.clock.advance(MINUTE);
      await postOverflow(fan.client, { title: `Fan needs ${i}` });
    }
    const cancelled = await postOverflow(fan.client, { title: 'Cancelled' });
    await fan.client.post(`overflow/${cancelled.id}/cancel`);
    await fan.client.post('thanks', { toHandle: author.handle, message: 'Your talk changed how we cache.' });

    const a = await ledger(author);
    expect(a).toMatchObject({ given: 0, received: 1, style: givingStyle(0, 1, 0) });
    expect(a.ties).toMatchObject([{ member: { id: fan.id }, given: 0, received: 1, transactional: true }]);
    expect(a.giveBack).toHaveLength(1);
    expect(a.giveBack[0]!.openOverflow.map((x) => x.title)).toEqual([
      'Fan needs 3',
      'Fan needs 2',
      'Fan needs 1',
    ]);
    expect(a.reasons.received.thanks).toBe(1);

    // Giving something back (a thanks) makes the tie no longer transactional.
    await author.client.post('thanks', { toHandle: fan.handle, message: 'Thank you for noticing.' });
    const after = await ledger(author);
    expect(after).toMatchObject({ given: 1, received: 1, giveBack: [] });
    expect(after.ties[0]).toMatchObject({ given: 1, received: 1, transactional: false });
  });

  it('helping each other evenly makes both matchers', async () => {
    const a = await verifiedMember(t);
    const b = await verifiedMember(t);
    await completedEngagement(t, a.client, b.client, { effortHours: 5 });
    await completedEngagement(t, b.client, a.client, { effortHours: 5 });
    // Each gave 5 h of help and, as owner, 5 in opportunity (3), review (1) and endorsement (1).
    for (const m of [a, b]) {
      const l = await ledger(m);
      expect(l).toMatchObject({ given: 10, received: 10, style: 'new', styleNeeds: 1 });
      expect(l.ties).toMatchObject([{ strength: 2, given: 10, received: 10, transactional: false }]);
    }
    await completedEngagement(t, a.client, b.client, { effortHours: 5 });
    for (const m of [a, b]) expect((await ledger(m)).style).toBe('matcher');
  });

  it('a direct ask is counted, not weighed (kind "ask", weight 0)', async () => {
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t);
    await completedEngagement(t, owner.client, helper.client, { effortHours: 2 });
    t.clock.advance(MINUTE);
    const ask = await postOverflow(owner.client, { visibility: 'ask', askHandle: helper.handle });
    const l = await ledger(owner);
    // 2 h of help received; the owner gave opportunity 2, review 0, endorsement 0.
    expect(l).toMatchObject({ given: 2, received: 2 });
    expect(l.reasons.received.asks).toBe(1);
    expect(l.recent[0]).toMatchObject({
      kind: 'ask',
      weight: 0,
      direction: 'received',
      sourceType: 'overflow',
      sourceId: ask.id,
    });
  });

  it('needs sign-in', async () => {
    expectError(await t.client().get('me/ledger'), 401, 'UNAUTHENTICATED');
    expectError(await t.client().get('me/ties'), 401, 'UNAUTHENTICATED');
    expectError(await t.client().get('me/noticed'), 401, 'UNAUTHENTICATED');
  });
});
