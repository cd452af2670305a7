// Issue 3 — concurrency. On PostgreSQL two apps share one database (two "processes"), so their transactions
// really run in parallel; on SQLite one app serves both sides (its single connection serialises transactions,
// which is what a single SQLite process does). Requests are fired together with Promise.all.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { TestClient, type TestResponse } from './helpers/client.js';
import { createAccessToken, registerMember } from './helpers/factories.js';
import {
  completedEngagement,
  dateIn,
  deliveredEngagement,
  makeOffer,
  offerBody,
  postOverflow,
  secondApp,
  startEngagement,
  verifiedMember,
} from './helpers/loop.js';
import { autoCompleteOverdue } from '../src/modules/engagements/engagements.service.js';
import { expireOverdueOverflow } from '../src/modules/overflow/overflow.service.js';
import { DAY } from '../src/shared/clock.js';

let t: TestApp;
let appB: FastifyInstance;

/** A member with one client per app (bearer tokens: no cookies or CSRF to share between apps). */
interface Member {
  id: string;
  handle: string;
  a: TestClient;
  b: TestClient;
}

async function member(overrides: { capacity?: number } = {}): Promise<Member> {
  const m = await verifiedMember(t, overrides);
  const { token } = await createAccessToken(m.client);
  return {
    id: m.id,
    handle: m.handle,
    a: new TestClient(t.app, { bearer: token }),
    b: new TestClient(appB, { bearer: token }),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  appB = t.database.dialect === 'postgres' ? await secondApp(t) : t.app;
  await registerMember(t.app, { handle: 'admin' });
});
afterAll(async () => {
  if (appB !== t.app) await appB.close();
  await t.close();
});

const db = () => t.app.ctx.db;
const count = async (q: Promise<{ n: string | number } | undefined>) => Number((await q)?.n ?? 0);

/** Exactly one of the replies succeeded with `ok`; the others are 409s (one of `codes`) in the error shape. */
function oneWins(replies: TestResponse[], ok: number, codes: string[]): TestResponse {
  const winners = replies.filter((r) => r.status === ok);
  expect(winners, replies.map((r) => `${r.status} ${r.text.slice(0, 200)}`).join('\n')).toHaveLength(1);
  for (const r of replies.filter((x) => x !== winners[0])) {
    expect(r.status, r.text).toBe(409);
    expectErrorShape(r);
    expect(codes).toContain(r.error!.code);
  }
  return winners[0]!;
}

async function engagementsOf(overflowId: string) {
  return db().selectFrom('engagements').selectAll().where('overflow_id', '=', overflowId).execute();
}

describe('accepting offers at once', () => {
  it("an owner's double-click on accept starts exactly one engagement", async () => {
    const owner = await member();
    for (let i = 0; i < 4; i++) {
      const helper = await member();
      const o = await postOverflow(owner.a);
      const offer = await makeOffer(t, helper.a, o.id);
      const replies = await Promise.all([
        owner.a.post(`offers/${offer.id}/accept`),
        owner.b.post(`offers/${offer.id}/accept`),
      ]);
      const won = oneWins(replies, 201, ['OVERFLOW_STATE_CONFLICT', 'OFFER_STATE_CONFLICT']);
      const es = await engagementsOf(o.id);
      expect(es.map((e) => [e.id, e.status])).toEqual([
        [(won.body as { engagementId: string }).engagementId, 'active'],
      ]);
      const accepted = await db()
        .selectFrom('notifications')
        .select('id')
        .where('member_id', '=', helper.id)
        .where('type', '=', 'offer_accepted')
        .execute();
      expect(accepted).toHaveLength(1);
    }
  });

  it('two different offers accepted at once: one engagement, the other offer declined', async () => {
    const owner = await member();
    for (let i = 0; i < 4; i++) {
      const [x, y] = [await member(), await member()];
      const o = await postOverflow(owner.a);
      const ox = await makeOffer(t, x.a, o.id);
      const oy = await makeOffer(t, y.a, o.id);
      const replies = await Promise.all([
        owner.a.post(`offers/${ox.id}/accept`),
        owner.b.post(`offers/${oy.id}/accept`),
      ]);
      oneWins(replies, 201, ['OVERFLOW_STATE_CONFLICT', 'OFFER_STATE_CONFLICT']);
      const es = await engagementsOf(o.id);
      expect(es).toHaveLength(1);
      const offers = await db()
        .selectFrom('offers')
        .select(['id', 'status'])
        .where('overflow_id', '=', o.id)
        .execute();
      const status = Object.fromEntries(offers.map((r) => [r.id, r.status]));
      const winner = es[0]!.offer_id;
      const loser = winner === ox.id ? oy.id : ox.id;
      expect(status).toEqual({ [winner]: 'accepted', [loser]: 'declined' });
      const overflow = await db()
        .selectFrom('overflow')
        .select('status')
        .where('id', '=', o.id)
        .executeTakeFirstOrThrow();
      expect(overflow.status).toBe('assigned');
    }
  });

  it("two owners accepting the same helper's offers for the last capacity slot: one succeeds, one CAPACITY_REACHED", async () => {
    for (let i = 0; i < 4; i++) {
      const helper = await member({ capacity: 2 });
      const [ownerX, ownerY, ownerZ] = [await member(), await member(), await member()];
      await startEngagement(t, ownerZ.a, helper.a); // one of two slots taken
      const ox = await postOverflow(ownerX.a);
      const oy = await postOverflow(ownerY.a);
      const offerX = await makeOffer(t, helper.a, ox.id);
      const offerY = await makeOffer(t, helper.a, oy.id);
      const replies = await Promise.all([
        ownerX.a.post(`offers/${offerX.id}/accept`),
        ownerY.b.post(`offers/${offerY.id}/accept`),
      ]);
      const won = oneWins(replies, 201, ['CAPACITY_REACHED']);
      const active = await count(
        db()
          .selectFrom('engagements')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .where('helper_id', '=', helper.id)
          .where('status', '=', 'active')
          .executeTakeFirst(),
      );
      expect(active).toBe(2);
      // The loser's overflow is still open with the offer pending: nothing half done.
      const loserOverflow = won === replies[0] ? oy.id : ox.id;
      const row = await db()
        .selectFrom('overflow')
        .select('status')
        .where('id', '=', loserOverflow)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('open');
      expect(await engagementsOf(loserOverflow)).toEqual([]);
      const pending = await db()
        .selectFrom('offers')
        .select('status')
        .where('overflow_id', '=', loserOverflow)
        .execute();
      expect(pending.map((p) => p.status)).toEqual(['pending']);
    }
  });
});

describe('offering at once', () => {
  it('a double-submitted offer is stored once (OFFER_ALREADY_PENDING)', async () => {
    const owner = await member();
    const helper = await member();
    const o = await postOverflow(owner.a);
    const replies = await Promise.all([
      helper.a.post(`overflow/${o.id}/offers`, offerBody(t)),
      helper.b.post(`overflow/${o.id}/offers`, offerBody(t)),
    ]);
    oneWins(replies, 201, ['OFFER_ALREADY_PENDING']);
    expect(
      await db().selectFrom('offers').select('id').where('overflow_id', '=', o.id).execute(),
    ).toHaveLength(1);
  });

  it('two offers racing for the fifth pending slot: one is refused with CAPACITY_REACHED', async () => {
    const owner = await member();
    const helper = await member();
    for (let i = 0; i < 4; i++) await makeOffer(t, helper.a, (await postOverflow(owner.a)).id);
    const [x, y] = [await postOverflow(owner.a), await postOverflow(owner.a)];
    const replies = await Promise.all([
      helper.a.post(`overflow/${x.id}/offers`, offerBody(t)),
      helper.b.post(`overflow/${y.id}/offers`, offerBody(t)),
    ]);
    oneWins(replies, 201, ['CAPACITY_REACHED']);
    const pending = await count(
      db()
        .selectFrom('offers')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('helper_id', '=', helper.id)
        .where('status', '=', 'pending')
        .executeTakeFirst(),
    );
    expect(pending).toBe(5);
  });
});

describe('engagement steps at once', () => {
  it.each([
    ['a double-click on deliver', 'active', 'deliver', 'deliver'],
    ['a double-click on complete', 'delivered', 'complete', 'complete'],
    ['a double-click on revision', 'delivered', 'revision', 'revision'],
    ['complete (owner) against abandon (helper)', 'delivered', 'complete', 'abandon-helper'],
    ['abandon by both sides', 'active', 'abandon-owner', 'abandon-helper'],
  ] as const)('%s: exactly one wins, the state stays consistent', async (_what, setup, first, second) => {
    const owner = await member();
    const helper = await member();
    const s =
      setup === 'active'
        ? await startEngagement(t, owner.a, helper.a)
        : await deliveredEngagement(t, owner.a, helper.a);
    const send = (action: string, side: 'a' | 'b') => {
      const path = `engagements/${s.engagementId}`;
      if (action === 'complete')
        return owner[side].post(`${path}/complete`, { rating: 5, endorsement: 'Great.' });
      if (action === 'revision')
        return owner[side].post(`${path}/revision-requests`, { note: 'One more pass.' });
      if (action === 'deliver') return helper[side].post(`${path}/deliveries`, { note: 'Done.' });
      if (action === 'abandon-owner') return owner[side].post(`${path}/abandon`, { reason: 'Stop.' });
      return helper[side].post(`${path}/abandon`, { reason: 'Stop.' });
    };
    const replies = await Promise.all([send(first, 'a'), send(second, 'b')]);
    const ok = replies.filter((r) => r.status < 300);
    expect(ok, replies.map((r) => r.text.slice(0, 200)).join('\n')).toHaveLength(1);
    for (const r of replies.filter((x) => x.status >= 300)) {
      expect(r.status).toBe(409);
      expect(r.error!.code).toBe('ENGAGEMENT_STATE_CONFLICT');
    }
    const [e] = await engagementsOf(s.overflow.id);
    const overflow = await db()
      .selectFrom('overflow')
      .select('status')
      .where('id', '=', s.overflow.id)
      .executeTakeFirstOrThrow();
    const expected = {
      completed: 'completed',
      abandoned: 'open',
      active: 'assigned',
      delivered: 'delivered',
    }[e!.status];
    expect(overflow.status).toBe(expected);
    const records = await db()
      .selectFrom('work_records')
      .select('id')
      .where('engagement_id', '=', e!.id)
      .execute();
    const ledger = await db()
      .selectFrom('ledger_entries')
      .select('kind')
      .where('source_id', '=', e!.id)
      .execute();
    expect(records).toHaveLength(e!.status === 'completed' ? 1 : 0);
    // Each kind once: the help, and the owner's opportunity, review and endorsement (ADR 0008).
    expect(ledger.map((l) => l.kind).sort()).toEqual(
      e!.status === 'completed' ? ['endorsement', 'help', 'opportunity', 'review'] : [],
    );
  });

  it('two engagements of the same pair completing at once form one tie, of strength 2', async () => {
    for (let i = 0; i < 3; i++) {
      const owner = await member();
      const helper = await member();
      const e1 = await deliveredEngagement(t, owner.a, helper.a);
      const e2 = await deliveredEngagement(t, owner.a, helper.a);
      const replies = await Promise.all([
        owner.a.post(`engagements/${e1.engagementId}/complete`, { rating: 5, endorsement: 'One.' }),
        owner.b.post(`engagements/${e2.engagementId}/complete`, { rating: 4, endorsement: 'Two.' }),
      ]);
      expect(
        replies.map((r) => r.status),
        replies.map((r) => r.text.slice(0, 300)).join('\n'),
      ).toEqual([200, 200]);
      const ties = await db()
        .selectFrom('ties')
        .selectAll()
        .where((eb) => eb.or([eb('member_a', '=', helper.id), eb('member_b', '=', helper.id)]))
        .execute();
      expect(ties.map((x) => x.strength)).toEqual([2]);
      const formed = await db()
        .selectFrom('notifications')
        .select('id')
        .where('member_id', '=', helper.id)
        .where('type', '=', 'tie_formed')
        .execute();
      expect(formed).toHaveLength(1);
    }
  });
});

describe('jobs in two processes at once', () => {
  it('autoCompleteOverdue in two apps: each engagement completed once, one verified record and one ledger entry each', async () => {
    const owners = [await member(), await member()];
    const helpers = [await member({ capacity: 5 }), await member({ capacity: 5 })];
    const started: string[] = [];
    // Six delivered engagements; pairs repeat, so ties are strengthened concurrently too.
    for (let i = 0; i < 6; i++) {
      const s = await deliveredEngagement(t, owners[i % 2]!.a, helpers[Math.floor(i / 3)]!.a, {
        effortHours: i + 1,
      });
      started.push(s.engagementId);
    }
    t.clock.advance(15 * DAY);
    // Every delivered engagement is overdue now (earlier tests in this file left some too).
    const delivered = await count(
      db()
        .selectFrom('engagements')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('status', '=', 'delivered')
        .executeTakeFirst(),
    );
    expect(delivered).toBeGreaterThanOrEqual(6);
    const [ca, cb] = await Promise.all([autoCompleteOverdue(t.app.ctx), autoCompleteOverdue(appB.ctx)]);
    expect(ca + cb).toBe(delivered);
    expect(await Promise.all([autoCompleteOverdue(t.app.ctx), autoCompleteOverdue(appB.ctx)])).toEqual([
      0, 0,
    ]);

    const rows = await db().selectFrom('engagements').selectAll().where('id', 'in', started).execute();
    expect(rows.map((r) => [r.status, r.auto_completed, r.rating])).toEqual(
      Array(6).fill(['completed', 1, null]),
    );
    for (const e of rows) {
      const records = await db()
        .selectFrom('work_records')
        .select('id')
        .where('engagement_id', '=', e.id)
        .execute();
      expect(records.map((r) => r.id)).toEqual([e.work_record_id]);
      const ledger = await db()
        .selectFrom('ledger_entries')
        .selectAll()
        .where('source_id', '=', e.id)
        .execute();
      // The help and the owner's opportunity (no review or endorsement when auto-completed), each once.
      expect(ledger.map((l) => l.kind).sort()).toEqual(['help', 'opportunity']);
      const events = await db()
        .selectFrom('engagement_events')
        .select('id')
        .where('engagement_id', '=', e.id)
        .where('kind', '=', 'auto_completed')
        .execute();
      expect(events).toHaveLength(1);
      const notes = await db()
        .selectFrom('notifications')
        .select('member_id')
        .where('subject_id', '=', e.id)
        .where('type', '=', 'engagement_auto_completed')
        .execute();
      expect(notes.map((n) => n.member_id).sort()).toEqual([e.owner_id, e.helper_id].sort());
    }
    // Each (owner, helper) pair completed work together a known number of times: that is the tie strength.
    for (const h of helpers) {
      const ties = await db()
        .selectFrom('ties')
        .selectAll()
        .where((eb) => eb.or([eb('member_a', '=', h.id), eb('member_b', '=', h.id)]))
        .execute();
      expect(ties.map((x) => x.strength).sort()).toEqual([1, 2]);
    }
  });

  it('expireOverdueOverflow in two apps: each overflow expired once, each pending offer declined once', async () => {
    const owner = await member();
    const helper = await member();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const o = await postOverflow(owner.a, { dueOn: dateIn(t, 1) });
      await makeOffer(t, helper.a, o.id);
      ids.push(o.id);
    }
    t.clock.advance(3 * DAY);
    const [ca, cb] = await Promise.all([expireOverdueOverflow(t.app.ctx), expireOverdueOverflow(appB.ctx)]);
    expect(ca + cb).toBe(4);
    const rows = await db().selectFrom('overflow').select('status').where('id', 'in', ids).execute();
    expect(rows.map((r) => r.status)).toEqual(Array(4).fill('expired'));
    const declined = await db()
      .selectFrom('notifications')
      .select('id')
      .where('member_id', '=', helper.id)
      .where('type', '=', 'offer_declined')
      .execute();
    expect(declined).toHaveLength(4);
  });
});

describe('editing overflow while the loop moves on', () => {
  it('an edit racing an accept either lands before it or is refused (409): never on assigned overflow', async () => {
    const owner = await member();
    for (let i = 0; i < 6; i++) {
      const helper = await member();
      const o = await postOverflow(owner.a, { title: 'Before the race', skills: ['go'] });
      const offer = await makeOffer(t, helper.a, o.id);
      const [accept, edit] = await Promise.all([
        owner.a.post(`offers/${offer.id}/accept`),
        owner.b.patch(`overflow/${o.id}`, { title: 'Edited in the race', skills: ['rust'] }),
      ]);
      expect(accept.status, accept.text).toBe(201);
      expect([200, 409], edit.text).toContain(edit.status);
      const row = await db()
        .selectFrom('overflow')
        .select(['status', 'title'])
        .where('id', '=', o.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('assigned');
      if (edit.status === 409) {
        expectErrorShape(edit);
        expect(edit.error!.code).toBe('OVERFLOW_NOT_EDITABLE');
        expect(row.title).toBe('Before the race');
      } else {
        expect(row.title).toBe('Edited in the race');
      }
      // The board's copy of the status never disagrees with the overflow's.
      const copies = await db()
        .selectFrom('overflow_skills')
        .select(['skill', 'status'])
        .where('overflow_id', '=', o.id)
        .execute();
      expect(copies.length).toBe(1);
      expect(copies.map((c) => c.status)).toEqual(['assigned']);
    }
  });

  it('narrowing to a direct ask racing an offer from someone else: no offer stays pending from anyone but the member asked', async () => {
    const owner = await member();
    const asked = await member();
    await completedEngagement(t, owner.a, asked.a); // a tie, so the owner may ask
    for (let i = 0; i < 6; i++) {
      const stranger = await member();
      const o = await postOverflow(owner.a);
      const [narrow, offer] = await Promise.all([
        owner.a.patch(`overflow/${o.id}`, { visibility: 'ask', askHandle: asked.handle }),
        stranger.b.post(`overflow/${o.id}/offers`, offerBody(t)),
      ]);
      expect(narrow.status, narrow.text).toBe(200);
      // Either the offer came first and the narrowing declined it, or the narrowing came first and the
      // overflow is no longer there for the stranger.
      expect([201, 404], offer.text).toContain(offer.status);
      const pending = await db()
        .selectFrom('offers')
        .select(['helper_id'])
        .where('overflow_id', '=', o.id)
        .where('status', '=', 'pending')
        .execute();
      expect(pending).toEqual([]);
      if (offer.status === 201) {
        const told = await db()
          .selectFrom('notifications')
          .select('id')
          .where('member_id', '=', stranger.id)
          .where('type', '=', 'offer_declined')
          .execute();
        expect(told).toHaveLength(1);
      }
    }
  });
});
