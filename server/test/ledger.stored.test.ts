// Issue 7 — the stored ledger figures and completion records (migration 0010, ADR 0017): every write keeps
// them equal to the figures recomputed from the rows (a thanks before a tie formed included), the ties list
// pages by cursor over both sides of the pair, the ledger page reads its first page and the one-sided ties,
// and the migration backfills a database that already holds ledger and engagement rows.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator, migrateToLatest, type Db } from '../src/db/database.js';
import type { LedgerView, TieView } from '../src/modules/ties/ties.service.js';
import { expectError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import {
  abandonEngagement,
  completedEngagement,
  startEngagement,
  storedAndRecomputedFigures,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';

let t: TestApp;
const db = (): Db => t.app.ctx.db;
let early: LoopMember;
let owner: LoopMember;
const helpers: LoopMember[] = [];

type TiesPage = { items: TieView[]; nextCursor: string | null };

beforeAll(async () => {
  t = await createTestApp();
  // Ids are time-ordered: `early` sorts before the owner (the owner is member_b of their tie), the helpers after.
  early = await verifiedMember(t);
  t.clock.advance(1000);
  owner = await verifiedMember(t);
  for (let i = 0; i < 4; i++) {
    t.clock.advance(1000);
    helpers.push(await verifiedMember(t));
  }
  // The owner helps `early` (8 h by default): a tie where the owner is member_b and gave.
  await completedEngagement(t, early.client, owner.client, { effortHours: 8 });
  for (const [i, h] of helpers.entries()) {
    t.clock.advance(60_000);
    await completedEngagement(t, owner.client, h.client, { effortHours: 2 + i });
  }
}, 120_000);
afterAll(() => t?.close());

async function expectFiguresKept() {
  const { stored, recomputed } = await storedAndRecomputedFigures(db());
  expect(stored).toEqual(recomputed);
}

describe('stored figures', () => {
  it('the ledger page and ties read the balances the entries add up to', async () => {
    await expectFiguresKept();
    const ledger = (await owner.client.get<LedgerView>('me/ledger')).body;
    // Gave 8 h to early and, as owner, 2 + 3 + 4 + 5 in opportunity, reviews and endorsements to the
    // helpers; received their 14 h and early's 8 (ADR 0008: an owner who reviews and endorses gives the hours).
    expect({ given: ledger.given, received: ledger.received }).toEqual({ given: 22, received: 22 });
    expect(ledger.style).toBe('matcher');
    expect(ledger.completedEngagements).toBe(5);
    const byHandle = new Map(ledger.ties.map((x) => [x.member.handle, x]));
    expect(byHandle.get(early.handle)).toMatchObject({ given: 8, received: 8, transactional: false });
    expect(byHandle.get(helpers[3]!.handle)).toMatchObject({ given: 5, received: 5, transactional: false });
    expect(ledger.tiesNextCursor).toBeNull();
    // Nobody to give back to: every tie is two-sided.
    expect(ledger.giveBack).toEqual([]);
  });

  it('a thanks written before the tie formed is in the tie’s balance once it forms', async () => {
    const a = await verifiedMember(t);
    const b = await verifiedMember(t);
    // Worked together but abandoned: they may thank each other, and have no tie yet.
    const s = await startEngagement(t, a.client, b.client);
    await abandonEngagement(b.client, s.engagementId);
    expect((await a.client.post('thanks', { toHandle: b.handle, message: 'Thanks anyway.' })).status).toBe(
      201,
    );
    await expectFiguresKept();
    expect((await a.client.get<TiesPage>('me/ties')).body.items).toEqual([]);
    await completedEngagement(t, a.client, b.client, { effortHours: 3 });
    const [tie] = (await a.client.get<TiesPage>('me/ties')).body.items;
    expect(tie).toMatchObject({ given: 4, received: 3, transactional: false });
    await expectFiguresKept();
    const record = (await t.client().get<{ completionRecord: Record<string, number> }>(`members/${b.handle}`))
      .body.completionRecord;
    expect(record).toEqual({ completed: 1, abandonedByHelper: 1, abandonedByOwner: 0 });
  });

  it('an abandonment by the owner counts on the helper’s record as abandoned by the owner', async () => {
    const a = await verifiedMember(t);
    const b = await verifiedMember(t);
    const s = await startEngagement(t, a.client, b.client);
    await abandonEngagement(a.client, s.engagementId);
    const record = (await t.client().get<{ completionRecord: Record<string, number> }>(`members/${b.handle}`))
      .body.completionRecord;
    expect(record).toEqual({ completed: 0, abandonedByHelper: 0, abandonedByOwner: 1 });
    await expectFiguresKept();
  });
});

describe('GET /me/ties pages', () => {
  it('walks every tie once, newest activity first, over both sides of the pair', async () => {
    const seen: TieView[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: TiesPage } = await owner.client.get<TiesPage>('me/ties', {
        query: { limit: '2', ...(cursor ? { cursor } : {}) },
      });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    const all = (await owner.client.get<TiesPage>('me/ties', { query: { limit: '50' } })).body;
    expect(all.nextCursor).toBeNull();
    expect(seen).toEqual(all.items);
    expect(new Set(seen.map((x) => x.member.handle))).toEqual(
      new Set([early.handle, ...helpers.map((h) => h.handle)]),
    );
    const order = seen.map((x) => `${x.lastActivity}|${x.id}`);
    expect(order).toEqual([...order].sort().reverse());
    // The ledger page shows the same first page.
    const ledger = (await owner.client.get<LedgerView>('me/ledger')).body;
    expect(ledger.ties).toEqual(all.items);
  });

  it('`member` answers with your tie with that handle, or none', async () => {
    const one = await owner.client.get<TiesPage>('me/ties', {
      query: { member: early.handle.toUpperCase() },
    });
    expect(one.body.items.map((x) => [x.member.handle, x.given])).toEqual([[early.handle, 8]]);
    const stranger = await verifiedMember(t);
    expect(
      (await owner.client.get<TiesPage>('me/ties', { query: { member: stranger.handle } })).body,
    ).toEqual({ items: [], nextCursor: null });
    expect(
      (await owner.client.get<TiesPage>('me/ties', { query: { member: 'nobody-here' } })).body.items,
    ).toEqual([]);
  });

  it('refuses a bad cursor or limit with 400', async () => {
    expectError(await owner.client.get('me/ties', { query: { cursor: 'nope' } }), 400, 'INVALID_CURSOR');
    expectError(await owner.client.get('me/ties', { query: { limit: '0' } }), 400, 'VALIDATION_FAILED');
    expectError(await owner.client.get('me/ties', { query: { limit: '51' } }), 400, 'VALIDATION_FAILED');
  });
});

describe('migration 0010_ledger_balances', () => {
  it('backfills the figures of a database that already holds ledger entries and engagements', async () => {
    const before = await storedAndRecomputedFigures(db());
    const down = await createMigrator(db()).migrateTo('0009_member_search');
    expect(down.error).toBeUndefined();
    const applied = await migrateToLatest(db());
    expect(applied[0]).toBe('0010_ledger_balances');
    const after = await storedAndRecomputedFigures(db());
    expect(after.stored).toEqual(after.recomputed);
    expect(after.stored).toEqual(before.stored);
    // Something to backfill: not all zeros.
    expect(after.stored.members.some((m) => m.ledger_given > 0 && m.completed_as_helper > 0)).toBe(true);
    expect(after.stored.members.some((m) => m.abandoned_by_helper > 0)).toBe(true);
    const count = await sql<{
      n: number | string;
    }>`select count(*) as n from ties where weight_b_to_a > 0`.execute(db());
    expect(Number(count.rows[0]!.n)).toBeGreaterThan(0);
  });
});
