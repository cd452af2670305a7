// Merit from real engagements (docs/merit.md): recomputed from the database, shown on profiles as bands with
// the engagements that earned them (visibility applied for the viewer), the job claimed once across
// processes, admins marking members trusted, and the last run on /metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileView } from '../src/modules/members/members.service.js';
import type { MemberTrustView } from '../src/modules/merit/merit.service.js';
import { replaceTableRows } from '../src/db/helpers.js';
import {
  claimJob,
  eachMeritEdge,
  finishJob,
  type MeritEdgeValues,
} from '../src/modules/merit/merit.repository.js';
import {
  eachStoredScore,
  findMeritComputed,
  type StoredScoreValues,
} from '../src/modules/merit/merit.repository.js';
import {
  MERIT_JOB,
  recomputeInWorker,
  recomputeMerit,
  runMeritJob,
} from '../src/modules/merit/merit.service.js';
import { addMs, iso, MINUTE } from '../src/shared/clock.js';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createWorkRecord } from './helpers/factories.js';
import {
  completedEngagement,
  secondApp,
  verifiedMember,
  withToken,
  type LoopMember,
} from './helpers/loop.js';

const METRICS_TOKEN = 'metrics-token-for-merit-0123456789';

let t: TestApp;
let admin: LoopMember;
let alice: LoopMember; // hired by the admin twice (once members-only): the top helper
let bob: LoopMember; // hired by alice
let helpers: LoopMember[]; // hired once each by the admin, rated lower
let ring: LoopMember[]; // two accounts working only for each other

beforeAll(async () => {
  t = await createTestApp({ env: { METRICS_TOKEN } });
  admin = await withToken(await verifiedMember(t, { handle: 'merit-admin' })); // the first account: an admin
  alice = await withToken(await verifiedMember(t, { handle: 'alice', capacity: 10 }));
  bob = await withToken(await verifiedMember(t, { handle: 'bob', capacity: 10 }));
  helpers = [];
  for (const handle of ['dana', 'eve', 'finn'])
    helpers.push(await withToken(await verifiedMember(t, { handle, capacity: 10 })));
  ring = [
    await withToken(await verifiedMember(t, { handle: 'ring-one', capacity: 10 })),
    await withToken(await verifiedMember(t, { handle: 'ring-two', capacity: 10 })),
  ];

  const ts = { skills: ['TypeScript', 'PostgreSQL'] };
  await completedEngagement(
    t,
    admin.client,
    alice.client,
    { ...ts, title: 'Port the importer' },
    { rating: 5 },
  );
  await completedEngagement(
    t,
    admin.client,
    alice.client,
    { ...ts, title: 'Members-only payroll fix', visibility: 'members' },
    { rating: 5 },
  );
  for (const h of helpers)
    await completedEngagement(
      t,
      admin.client,
      h.client,
      { ...ts, title: `Small task for ${h.handle}` },
      { rating: 2 },
    );
  await completedEngagement(
    t,
    alice.client,
    bob.client,
    { ...ts, title: 'Review the schema' },
    { rating: 4 },
  );
  // The ring completes engagements for each other, with glowing reviews, and claims self-reported work.
  await completedEngagement(
    t,
    ring[0]!.client,
    ring[1]!.client,
    { ...ts, title: 'Ring job one' },
    { rating: 5 },
  );
  await completedEngagement(
    t,
    ring[1]!.client,
    ring[0]!.client,
    { ...ts, title: 'Ring job two' },
    { rating: 5 },
  );
  await createWorkRecord(ring[0]!.client, { title: 'Built a rocket', skills: ['typescript'] });
});
afterAll(() => t?.close());

const ctx = () => t.app.ctx;
const profile = async (handle: string, viewer = t.client()) => {
  const res = await viewer.get<ProfileView>(`members/${handle}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
};
const storedScores = (skill: string) =>
  ctx()
    .db.selectFrom('merit_scores')
    .innerJoin('members', 'members.id', 'merit_scores.member_id')
    .select(['members.handle', 'merit_scores.rank', 'merit_scores.top_fraction'])
    .where('merit_scores.skill', '=', skill)
    .orderBy('merit_scores.rank')
    .execute();

describe('recomputeMerit', () => {
  it('scores the members trust reached through completed engagements, and no one else', async () => {
    const stats = await recomputeMerit(ctx());
    expect(stats).toMatchObject({ edges: 8, skills: 1 });
    expect(stats.members).toBeGreaterThanOrEqual(8);
    expect(stats.seconds).toBeGreaterThan(0);

    const overall = await storedScores('');
    expect(overall.slice(0, 2).map((r) => r.handle)).toEqual(['alice', 'bob']);
    expect(
      overall
        .slice(2)
        .map((r) => r.handle)
        .sort(),
    ).toEqual(['dana', 'eve', 'finn']);
    expect(overall[0]).toMatchObject({ handle: 'alice', rank: 1, top_fraction: 0.2 });
    expect(overall.slice(2).every((r) => r.rank === 3)).toBe(true); // dana, eve, finn: the same work, one rank
    // The ring (and the admin, whom nobody hired) have no rows: no score is stored as zero.
    const handles = overall.map((r) => r.handle);
    for (const h of ['ring-one', 'ring-two', 'merit-admin']) expect(handles).not.toContain(h);
    expect((await storedScores('typescript')).map((r) => r.handle)[0]).toBe('alice');
  });

  it('reads every engagement once, with the effort its overflow had when the offer was accepted, in pages of any size', async () => {
    const expected = await ctx()
      .db.selectFrom('engagements as e')
      .innerJoin('overflow as o', 'o.id', 'e.overflow_id')
      .select(['e.owner_id', 'e.helper_id', 'e.rating', 'o.effort_hours'])
      .execute();
    expect(expected.length).toBeGreaterThanOrEqual(8);
    for (const pageSize of [1, 3, 1000]) {
      const seen: MeritEdgeValues[] = [];
      await eachMeritEdge(ctx().db, (r) => seen.push([...r]), pageSize);
      const key = (r: { owner_id: string; helper_id: string; rating: number | null; effort_hours: number }) =>
        `${r.owner_id} ${r.helper_id} ${r.rating} ${r.effort_hours}`;
      expect(
        seen
          .map(([, owner_id, helper_id, rating, , , effort_hours]) =>
            key({ owner_id, helper_id, rating, effort_hours }),
          )
          .sort(),
      ).toEqual(expected.map(key).sort());
      expect(seen.every((r) => r[0] === 1)).toBe(true); // all completed, with a verified work record
    }
  });

  it('replaces the scores: a second run leaves one row per member and skill', async () => {
    await recomputeMerit(ctx());
    const rows = await ctx().db.selectFrom('merit_scores').select(['member_id', 'skill']).execute();
    expect(rows).toHaveLength(10); // 5 members × (overall, typescript: the skill the reviews named)
  });
});

describe('writing only what changed', () => {
  const allScores = async () => {
    const rows: StoredScoreValues[] = [];
    for (const pageSize of [2, 50_000]) {
      const seen: StoredScoreValues[] = [];
      await eachStoredScore(ctx().db, (r) => seen.push([...r]), pageSize);
      rows.splice(0, rows.length, ...seen);
    }
    return rows.map((r) => r.slice(0, 5).join(' ')).sort();
  };

  it('writes nothing when nothing changed, and stamps the run', async () => {
    await recomputeMerit(ctx());
    const before = await allScores();
    t.clock.advance(MINUTE);
    const stats = await recomputeMerit(ctx());
    expect(stats).toMatchObject({ written: 0, deleted: 0, storedBefore: stats.rows });
    expect(await allScores()).toEqual(before);
    expect(await findMeritComputed(ctx().db)).toBe(iso(t.clock.now()));
    // The profile shows the run's time, though no row was rewritten.
    expect((await profile('alice')).merit.computedAt).toBe(iso(t.clock.now()));
  });

  it('rewrites a row that differs, deletes one no longer earned, and inserts one that is missing', async () => {
    await recomputeMerit(ctx());
    const before = await allScores();
    const alice = await ctx()
      .db.selectFrom('members')
      .select('id')
      .where('handle', '=', 'alice')
      .executeTakeFirstOrThrow();
    const ring = await ctx()
      .db.selectFrom('members')
      .select('id')
      .where('handle', '=', 'ring-one')
      .executeTakeFirstOrThrow();
    await ctx()
      .db.updateTable('merit_scores')
      .set({ rank: 99 })
      .where('member_id', '=', alice.id)
      .where('skill', '=', '')
      .execute();
    await ctx()
      .db.deleteFrom('merit_scores')
      .where('member_id', '=', alice.id)
      .where('skill', '=', 'typescript')
      .execute();
    await ctx()
      .db.insertInto('merit_scores')
      .values({ member_id: ring.id, skill: 'rust', score: 1, rank: 1, top_fraction: 1, computed_at: 'x' })
      .execute();
    const stats = await recomputeMerit(ctx());
    expect(stats).toMatchObject({ written: 2, deleted: 1 });
    expect(await allScores()).toEqual(before);
  });
});

describe('the merit worker', () => {
  it('computes in a worker thread with its own connection what the inline run computes', async () => {
    await recomputeMerit(ctx());
    const inline = await storedScores('');
    await ctx().db.deleteFrom('merit_scores').execute();
    const stats = await recomputeInWorker(
      { database: t.config.database, sqliteSynchronous: t.config.sqliteSynchronous },
      iso(t.clock.now()),
    );
    expect(stats).toMatchObject({ edges: 8, deleted: 0, storedBefore: 0 });
    expect(stats.written).toBe(stats.rows);
    expect(await storedScores('')).toEqual(inline);
  });

  it('keeps the event loop of the thread that starts it responsive', async () => {
    const { monitorEventLoopDelay } = await import('node:perf_hooks');
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    // The worker's run (its start-up included) overlaps timers on this thread.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await runMeritJob(ctx(), 'worker');
    clearInterval(timer);
    h.disable();
    expect(ticks).toBeGreaterThan(0);
    // Generous for a shared CI machine; an inline run at 100 k members blocks for seconds.
    expect(h.max / 1e6).toBeLessThan(1000);
  });
});

describe('replaceTableRows', () => {
  it('refuses rows that reference a missing member, keeps the stored scores, and leaves foreign keys on', async () => {
    const scores = () =>
      ctx().db.selectFrom('merit_scores').selectAll().orderBy('member_id').orderBy('skill').execute();
    const before = await scores();
    expect(before.length).toBeGreaterThan(0);
    const bad = [[['no-such-member', '', 1, 1, 1, '2026-12-01T00:00:00.000Z']]];
    await expect(
      replaceTableRows(
        ctx().db,
        'merit_scores',
        ['member_id', 'skill', 'score', 'rank', 'top_fraction', 'computed_at'],
        bad,
      ),
    ).rejects.toThrow(/FOREIGN KEY/i);
    expect(await scores()).toEqual(before);
    // An ordinary insert is still checked.
    await expect(
      ctx()
        .db.insertInto('merit_scores')
        .values({
          member_id: 'no-such-member',
          skill: 'x',
          score: 1,
          rank: 1,
          top_fraction: 1,
          computed_at: 'x',
        })
        .execute(),
    ).rejects.toThrow(/foreign key/i);
  });
});

describe('merit on a profile', () => {
  it('shows bands with the engagements that earned them, never a number', async () => {
    await recomputeMerit(ctx());
    const p = await profile('alice');
    expect(p.merit.bands.map((b) => b.label)).toEqual(['top 25 % overall', 'top 25 % in typescript']);
    expect(p.merit.computedAt).not.toBeNull();
    const earned = p.merit.bands[0]!.engagements;
    expect(earned).toHaveLength(2);
    expect(JSON.stringify(p.merit)).not.toMatch(/score|rank|fraction/i);
  });

  it('shows a members-only engagement as private to a visitor, with its title to a member', async () => {
    await recomputeMerit(ctx());
    const anonymous = (await profile('alice')).merit.bands[0]!.engagements;
    expect(anonymous.map((e) => e.title).sort()).toEqual([null, 'Port the importer'].sort());
    const hidden = anonymous.find((e) => e.private)!;
    expect(hidden).toMatchObject({ title: null, overflowId: null, private: true });
    expect(JSON.stringify(anonymous)).not.toContain('payroll');

    const asMember = (await profile('alice', bob.client)).merit.bands[0]!.engagements;
    expect(asMember.map((e) => e.title).sort()).toEqual(['Members-only payroll fix', 'Port the importer']);
    expect(asMember.every((e) => !e.private && e.overflowId !== null)).toBe(true);
  });

  it('shows no band for a ring member or one below the bands', async () => {
    await recomputeMerit(ctx());
    expect((await profile('ring-one')).merit.bands).toEqual([]);
    expect((await profile('finn')).merit.bands).toEqual([]);
  });
});

describe('the merit job', () => {
  it('runs once when two processes start it together, then again on the next round', async () => {
    const other = await secondApp(t);
    try {
      // Two processes claiming at the same moment: exactly one wins, and while it holds the claim neither
      // process runs the job. (Racing two whole runs is not deterministic: a fast run can finish and release
      // before the other process even tries, which is correct and then both run one after the other.)
      const now = t.clock.now();
      const [at, until] = [iso(now), iso(addMs(now, 10 * MINUTE))];
      const claims = await Promise.all([
        claimJob(ctx().db, MERIT_JOB, at, until),
        claimJob(other.ctx.db, MERIT_JOB, at, until),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await runMeritJob(ctx())).toBeNull();
      expect(await runMeritJob(other.ctx)).toBeNull();
      await finishJob(ctx().db, MERIT_JOB, at);
      expect(await runMeritJob(ctx())).not.toBeNull();
      const claim = await ctx()
        .db.selectFrom('job_claims')
        .selectAll()
        .where('name', '=', MERIT_JOB)
        .executeTakeFirstOrThrow();
      expect(claim.claimed_until).toBeNull();
      expect(claim.last_started_at).not.toBeNull();
      expect(claim.last_finished_at).not.toBeNull();
      expect(await runMeritJob(other.ctx)).not.toBeNull(); // released: the next round runs
    } finally {
      await other.close();
    }
  });

  it('leaves a live claim alone and takes over one that has expired', async () => {
    const now = t.clock.now();
    await ctx()
      .db.updateTable('job_claims')
      .set({ claimed_until: iso(addMs(now, 5 * MINUTE)) })
      .where('name', '=', MERIT_JOB)
      .execute();
    expect(await runMeritJob(ctx())).toBeNull();
    t.clock.advance(6 * MINUTE);
    expect(await runMeritJob(ctx())).not.toBeNull();
  });

  it('puts the last run on /metrics', async () => {
    await recomputeMerit(ctx());
    const res = await t.client().get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^slipstream_merit_last_run_edges 8$/m);
    expect(res.text).toMatch(/^slipstream_merit_last_run_members \d+$/m);
    expect(res.text).toMatch(/^slipstream_merit_last_run_seconds [0-9.e-]+$/m);
  });
});

describe('setMemberTrusted', () => {
  it('is for admins only', async () => {
    expectError(
      await t.client().put('admin/members/ring-one/trusted', { trusted: true }),
      401,
      'UNAUTHENTICATED',
    );
    expectError(await bob.client.put('admin/members/ring-one/trusted', { trusted: true }), 403, 'ADMIN_ONLY');
    expectError(await bob.client.get('admin/members/ring-one'), 403, 'ADMIN_ONLY');
  });

  it('answers a clear 4xx for an unknown member or a bad body', async () => {
    expectError(
      await admin.client.put('admin/members/nobody-here/trusted', { trusted: true }),
      404,
      'MEMBER_NOT_FOUND',
    );
    expectValidationError(
      await admin.client.put('admin/members/bob/trusted', { trusted: 'yes' }),
      'body.trusted',
    );
    expectValidationError(await admin.client.put('admin/members/bob/trusted', {}), 'body.trusted');
  });

  it('makes a member a seed: trust then flows from them at the next recomputation', async () => {
    const looked = await admin.client.get<MemberTrustView>('admin/members/Ring-One');
    expect(looked.body).toEqual({
      handle: 'ring-one',
      name: expect.any(String),
      role: 'member',
      trusted: false,
    });
    const res = await admin.client.put<MemberTrustView>('admin/members/ring-one/trusted', { trusted: true });
    expect(res.status).toBe(200);
    expect(res.body.trusted).toBe(true);
    await recomputeMerit(ctx());
    expect((await storedScores('')).map((r) => r.handle)).toContain('ring-two');

    await admin.client.put('admin/members/ring-one/trusted', { trusted: false });
    await recomputeMerit(ctx());
    expect((await storedScores('')).map((r) => r.handle)).not.toContain('ring-two');
  });
});
