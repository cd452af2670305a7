// Issue 8 — the network picture (getMyNetwork) and keep-in-touch nudges (listKeepInTouch): only your own
// ties, in formation order, bounded; completed work together counted on the tie (0016); quiet ties after
// `quietAfterDays` (PATCH /me), the longest quiet first, at most 10, each with a way to give that respects
// overflow visibility.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createWorkRecord, registerMember } from './helpers/factories.js';
import {
  completedEngagement,
  dateIn,
  postOverflow,
  verifiedMember,
  withToken,
  type LoopMember,
} from './helpers/loop.js';
import { recomputeCompletedTogether } from '../src/modules/ledger/ledger.repository.js';
import type { KeepInTouchView, NetworkView } from '../src/modules/ties/network.service.js';
import { DAY, iso, MINUTE } from '../src/shared/clock.js';
import { captureStatements, sqlitePlan } from './helpers/statements.js';
import { testDialect } from './setup/database.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
});
afterAll(() => t.close());

const member = async () => withToken(await verifiedMember(t));

async function networkOf(m: LoopMember): Promise<NetworkView> {
  const res = await m.client.get<NetworkView>('me/network');
  expect(res.status, res.text).toBe(200);
  return res.body;
}
async function keepInTouch(m: LoopMember): Promise<KeepInTouchView> {
  const res = await m.client.get<KeepInTouchView>('me/keep-in-touch');
  expect(res.status, res.text).toBe(200);
  return res.body;
}
/** A tie through one completed engagement (owner posts, helper delivers). */
async function workTogether(owner: LoopMember, helper: LoopMember, title = 'Review my API docs') {
  await completedEngagement(t, owner.client, helper.client, { title });
  t.clock.advance(MINUTE);
}
/** A tie through an accepted noticed note about `to`'s work. */
async function noticedTie(from: LoopMember, to: LoopMember) {
  const record = await createWorkRecord(to.client, { title: 'Talk on caching' });
  const sent = await from.client.post<{ id: string }>('noticed', {
    workRecordId: record.id,
    message: 'Your talk on caching changed how we build.',
  });
  expect(sent.status, sent.text).toBe(201);
  const accepted = await to.client.post(`noticed/${sent.body.id}/accept`, {});
  expect(accepted.status, accepted.text).toBe(200);
  t.clock.advance(MINUTE);
  return record;
}

describe('getMyNetwork', () => {
  it('needs a signed-in member', async () => {
    expect((await t.client().get('me/network')).status).toBe(401);
  });

  it('is empty without ties', async () => {
    const me = await member();
    const n = await networkOf(me);
    expect(n).toMatchObject({ firstTieAt: null, ties: [], truncated: false });
    expect(n.member.handle).toBe(me.handle);
  });

  it('lists your ties in formation order, how each formed and the work completed together', async () => {
    const [me, ana, bo, cy] = [await member(), await member(), await member(), await member()];
    const firstAt = iso(t.clock.now());
    await workTogether(me, ana);
    await noticedTie(me, bo);
    await workTogether(ana, me, 'Pair on the migration'); // the other direction counts too
    await workTogether(ana, cy); // not my tie

    const n = await networkOf(me);
    expect(n.ties.map((x) => x.member.handle)).toEqual([ana.handle, bo.handle]);
    expect(n.firstTieAt).toBe(n.ties[0]!.formedAt);
    expect(n.firstTieAt! >= firstAt).toBe(true);
    expect(n.truncated).toBe(false);
    const [withAna, withBo] = n.ties;
    expect(withAna).toMatchObject({
      formedVia: 'engagement',
      completedTogether: 2,
      member: { id: ana.id, name: ana.member.name },
    });
    expect(withAna!.formedLabel).toContain('Review my API docs');
    expect(withBo).toMatchObject({ formedVia: 'noticed', completedTogether: 0 });
    expect(withBo!.formedLabel).toContain('Talk on caching');

    // Only your own network: Cy sees Ana and nobody else.
    expect((await networkOf(cy)).ties.map((x) => x.member.handle)).toEqual([ana.handle]);
    expect((await networkOf(ana)).ties.map((x) => x.member.handle)).toEqual([me.handle, cy.handle]);
  });

  it('keeps the stored completed-together count equal to the one recomputed from engagements', async () => {
    const db = t.app.ctx.db;
    const before = await db.selectFrom('ties').select(['id', 'completed_together']).orderBy('id').execute();
    await recomputeCompletedTogether(db);
    const after = await db.selectFrom('ties').select(['id', 'completed_together']).orderBy('id').execute();
    expect(before.map((r) => [r.id, Number(r.completed_together)])).toEqual(
      after.map((r) => [r.id, Number(r.completed_together)]),
    );
    expect(after.some((r) => Number(r.completed_together) >= 2)).toBe(true);
  });

  it('draws at most the newest 500 ties and says so', async () => {
    const me = await member();
    const db = t.app.ctx.db;
    const template = await db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', me.id)
      .executeTakeFirstOrThrow();
    const base = t.clock.now().getTime();
    const others = Array.from({ length: 501 }, (_, i) => {
      const id = `zz-bulk-${String(i).padStart(4, '0')}`;
      return { ...template, id, handle: `bulk${i}`, email: `bulk${i}@example.org`, search_seq: null };
    });
    for (let i = 0; i < others.length; i += 100) {
      await db
        .insertInto('members')
        .values(others.slice(i, i + 100))
        .execute();
    }
    const ties = others.map((o, i) => ({
      id: `tie-bulk-${String(i).padStart(4, '0')}`,
      member_a: me.id < o.id ? me.id : o.id,
      member_b: me.id < o.id ? o.id : me.id,
      formed_via: 'noticed' as const,
      formed_label: 'met through a talk',
      source_id: `src-${i}`,
      strength: 1,
      created_at: iso(new Date(base - (501 - i) * MINUTE)),
      updated_at: iso(new Date(base - (501 - i) * MINUTE)),
    }));
    for (let i = 0; i < ties.length; i += 100)
      await db
        .insertInto('ties')
        .values(ties.slice(i, i + 100))
        .execute();

    const n = await networkOf(me);
    expect(n.truncated).toBe(true);
    expect(n.ties).toHaveLength(500);
    // The oldest one is left out of the list, but the slider still starts at it.
    expect(n.firstTieAt).toBe(ties[0]!.created_at);
    expect(n.ties[0]!.formedAt).toBe(ties[1]!.created_at);
    expect(n.ties.at(-1)!.formedAt).toBe(ties.at(-1)!.created_at);

    // Keep in touch stays at 10, the longest quiet first.
    t.clock.advance(100 * DAY);
    const k = await keepInTouch(me);
    expect(k.items).toHaveLength(10);
    expect(k.items.map((i) => i.tie.formedAt)).toEqual(ties.slice(0, 10).map((x) => x.created_at));
    await db.deleteFrom('ties').where('id', 'like', 'tie-bulk-%').execute();
  });
});

describe('quietAfterDays', () => {
  it('defaults to 90 and is editable through PATCH /me within 14–365 days', async () => {
    const me = await member();
    const self = await me.client.get<{ member: { quietAfterDays: number } }>('auth/session');
    expect(self.body.member.quietAfterDays).toBe(90);
    for (const bad of [13, 366, 30.5, '30', null]) {
      const res = await me.client.patch('me', { quietAfterDays: bad });
      expectValidationError(res, 'body.quietAfterDays');
      expect(res.text).toContain('between 14 and 365 days');
    }
    const ok = await me.client.patch<{ quietAfterDays: number }>('me', { quietAfterDays: 30 });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.quietAfterDays).toBe(30);
    expect((await keepInTouch(me)).quietAfterDays).toBe(30);
  });
});

describe('listKeepInTouch', () => {
  it('needs a signed-in member', async () => {
    expect((await t.client().get('me/keep-in-touch')).status).toBe(401);
  });

  it('shows a tie only after quietAfterDays without activity, the longest quiet first', async () => {
    const [me, ana, bo] = [await member(), await member(), await member()];
    await workTogether(ana, me);
    t.clock.advance(10 * DAY);
    await workTogether(bo, me);
    t.clock.advance(85 * DAY); // Ana: 95 days quiet, Bo: 85
    let k = await keepInTouch(me);
    expect(k.items.map((i) => i.tie.member.handle)).toEqual([ana.handle]);
    expect(k.items[0]!.quietDays).toBe(95);

    t.clock.advance(6 * DAY); // Bo: 91
    k = await keepInTouch(me);
    expect(k.items.map((i) => i.tie.member.handle)).toEqual([ana.handle, bo.handle]);
    // Only your own: Ana sees her tie with me, not Bo.
    expect((await keepInTouch(ana)).items.map((i) => i.tie.member.handle)).toEqual([me.handle]);

    // A shorter period brings ties in sooner; a longer one leaves them out.
    await me.client.patch('me', { quietAfterDays: 100 });
    expect((await keepInTouch(me)).items.map((i) => i.tie.member.handle)).toEqual([ana.handle]);
    await me.client.patch('me', { quietAfterDays: 200 });
    expect((await keepInTouch(me)).items).toEqual([]);
  });

  it('a thanks is activity: it moves the tie out of keep in touch', async () => {
    const [me, ana] = [await member(), await member()];
    await workTogether(ana, me);
    t.clock.advance(120 * DAY);
    const k = await keepInTouch(me);
    expect(k.items[0]).toMatchObject({
      tie: { member: { handle: ana.handle } },
      suggestion: { kind: 'thanks' },
    });
    const thanks = await me.client.post('thanks', {
      toHandle: ana.handle,
      message: 'Still using your guide.',
    });
    expect(thanks.status, thanks.text).toBe(201);
    expect((await keepInTouch(me)).items).toEqual([]);
    expect((await keepInTouch(ana)).items).toEqual([]);
  });

  it('suggests their newest open overflow the viewer may see, never an ask to someone else', async () => {
    const [me, ana, cy] = [await member(), await member(), await member()];
    await workTogether(me, ana);
    await workTogether(ana, cy); // an ask goes to one of your ties
    t.clock.advance(100 * DAY);
    const visible = await postOverflow(ana.client, {
      title: 'Proofread the changelog',
      visibility: 'members',
    });
    t.clock.advance(MINUTE);
    // Newer, but asked of Cy: the viewer cannot see it.
    const hidden = await postOverflow(ana.client, {
      title: 'A private ask for Cy',
      visibility: 'ask',
      askHandle: cy.handle,
    } as never);
    expect(hidden.visibility).toBe('ask');
    t.clock.advance(100 * DAY);
    let k = await keepInTouch(me);
    expect(k.items).toHaveLength(1);
    expect(k.items[0]!.suggestion).toEqual({
      kind: 'overflow',
      overflow: { id: visible.id, title: 'Proofread the changelog', effortHours: 6, dueOn: null },
    });
    expect(JSON.stringify(k)).not.toContain('A private ask');

    // Without a confirmed email the viewer does not see members-only overflow either: a note about Ana's
    // newest work (her verified record of our engagement) instead.
    await t.app.ctx.db
      .updateTable('members')
      .set({ email_verified_at: null })
      .where('id', '=', me.id)
      .execute();
    k = await keepInTouch(me);
    expect(k.items[0]!.suggestion).toMatchObject({
      kind: 'noticed',
      workRecord: { title: 'Review my API docs' },
    });
    expect(JSON.stringify(k)).not.toContain(visible.id);
    expect(JSON.stringify(k)).not.toContain(hidden.id);
  });

  it('else a noticed note about their newest public work, else a thanks', async () => {
    const [me, bo] = [await member(), await member()];
    await workTogether(me, bo, 'Set up the CI');
    t.clock.advance(100 * DAY);
    await createWorkRecord(bo.client, { title: 'Older talk', date: '2025-01-01' });
    const newest = await createWorkRecord(bo.client, { title: 'Wrote about queues', date: dateIn(t) });
    let k = await keepInTouch(me);
    expect(k.items[0]!.suggestion).toEqual({
      kind: 'noticed',
      workRecord: { id: newest.id, title: 'Wrote about queues' },
    });
    // Once a note waits on that record, the nudge suggests a thanks (a second note would be refused).
    const sent = await me.client.post('noticed', {
      workRecordId: newest.id,
      message: 'Your post on queues was exactly what we needed.',
    });
    expect(sent.status, sent.text).toBe(201);
    k = await keepInTouch(me);
    expect(k.items[0]!.suggestion).toEqual({ kind: 'thanks' });
  });
});

// EXPLAIN QUERY PLAN is SQLite's: every statement of both routes searches by an index; what it sorts is a
// walk already LIMITed (a sibling of `SCAN <subquery>`).
// Registered on SQLite only (not skipped elsewhere: in CI nothing is skipped).
if (testDialect() === 'sqlite')
  describe('bounded reads (SQLite plans)', () => {
    it('neither route scans a table', async () => {
      const [me, ana, bo] = [await member(), await member(), await member()];
      await workTogether(me, ana);
      await noticedTie(bo, me);
      await postOverflow(ana.client, { title: 'Something to give' });
      await createWorkRecord(bo.client, { title: 'Newest work' });
      t.clock.advance(100 * DAY);
      for (const path of ['me/network', 'me/keep-in-touch']) {
        const { queries, result } = await captureStatements(t, () => me.client.get(path));
        expect(result.status).toBe(200);
        for (const q of queries.filter((x) => /^\s*select/i.test(x.sql))) {
          const plan = await sqlitePlan(t.app.ctx.db, q);
          const text = `${q.sql}\n${plan.map((l) => l.detail).join('\n')}`;
          for (const l of plan)
            expect(l.detail, text).not.toMatch(/^SCAN (?!\(subquery|as_|picked|ranked|t\b)/);
        }
      }
    });
  });
