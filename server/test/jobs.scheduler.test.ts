// The job scheduler itself (jobs/scheduler.ts): it runs every job at start and then on its cron schedule, a
// failing job is logged and neither stops the others nor loses its own schedule, and stop() ends them all.
// Fake timers and a fake wall clock (croner reads Date) drive the schedule, starting on the hour; the app's
// ManualClock drives the jobs' notion of now.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../src/context.js';
import { startJobs } from '../src/jobs/scheduler.js';
import { addMs, DAY, iso, MINUTE } from '../src/shared/clock.js';
import { newId } from '../src/shared/ids.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import {
  deliveredEngagement,
  postOverflow,
  verifiedMember,
  withToken,
  type LoopMember,
} from './helpers/loop.js';

let t: TestApp;
let owner: LoopMember;
let helper: LoopMember;

beforeAll(async () => {
  // The fake timers below jump minutes at once: a PostgreSQL connect timeout (a setTimeout) would fire under
  // a connection being opened, so it is off here.
  t = await createTestApp({ env: { DATABASE_CONNECT_TIMEOUT_MS: '0' } });
  owner = await withToken(await verifiedMember(t));
  helper = await withToken(await verifiedMember(t, { capacity: 10 }));
});
afterAll(() => t?.close());

// The waits below are real: the database work of a job happens outside the fake timers.
const realSetTimeout = globalThis.setTimeout;

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'Date'],
    now: new Date('2026-01-15T09:00:00.000Z'),
  });
});
afterEach(() => {
  vi.useRealTimers();
});

const db = () => t.app.ctx.db;

/** Waits (in real time) until the check passes: the jobs run asynchronously against the database. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  // Generous: the digest and merit jobs start worker threads, which load the app's modules first.
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => realSetTimeout(r, 10));
  }
  throw new Error(`timed out waiting until ${what}`);
}

const engagementStatus = async (id: string) =>
  (await db().selectFrom('engagements').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status;
const overflowStatus = async (id: string) =>
  (await db().selectFrom('overflow').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
const digestNextAt = async (id: string) =>
  (await db().selectFrom('members').select('digest_next_at').where('id', '=', id).executeTakeFirstOrThrow())
    .digest_next_at;
const digestsOf = async (id: string) =>
  (await db().selectFrom('digests').select('local_date').where('member_id', '=', id).execute()).length;
const authFailures = async () => (await db().selectFrom('auth_failures').select('id').execute()).length;

async function oldAuthFailure(): Promise<void> {
  await db()
    .insertInto('auth_failures')
    .values({
      id: newId(),
      account_key: 'someone',
      ip: '192.0.2.1',
      created_at: iso(addMs(t.clock.now(), -2 * DAY)),
    })
    .execute();
}

interface Harness {
  ctx: AppContext;
  drains: { count: number };
  errors: { job: string }[];
}

function harness(drain: () => Promise<unknown>): Harness {
  const drains = { count: 0 };
  const errors: { job: string }[] = [];
  const log = Object.assign(Object.create(t.app.ctx.log) as AppContext['log'], {
    error: (obj: { job: string }) => errors.push(obj),
    warn: () => {},
  });
  const outbox = Object.assign(Object.create(t.app.ctx.outbox) as AppContext['outbox'], {
    drain: () => {
      drains.count += 1;
      return drain();
    },
  });
  return { ctx: { ...t.app.ctx, log, outbox }, drains, errors };
}

describe('the job scheduler', () => {
  it('runs every job at start, then each on its own interval, until stopped', async () => {
    const h = harness(async () => 0);
    const overdue = await deliveredEngagement(t, owner.client, helper.client);
    const expiring = await postOverflow(owner.client, { dueOn: iso(addMs(t.clock.now(), DAY)).slice(0, 10) });
    await oldAuthFailure();
    t.clock.advance(15 * DAY);

    const jobs = startJobs(h.ctx);
    try {
      // At start: the outbox drains, the overdue delivery completes, the overflow expires, old failures go.
      expect(h.drains.count).toBe(1);
      await until(
        async () => (await engagementStatus(overdue.engagementId)) === 'completed',
        'auto-complete ran',
      );
      await until(async () => (await overflowStatus(expiring.id)) === 'expired', 'expiry ran');
      await until(async () => (await authFailures()) === 0, 'pruning ran');
      // The digest placed every member at start; a member due now is claimed on the next minute.
      await until(async () => (await digestNextAt(owner.id)) !== null, 'the digest placed the owner');
      await db()
        .updateTable('members')
        .set({ digest_next_at: iso(addMs(t.clock.now(), -MINUTE)) })
        .where('id', '=', owner.id)
        .execute();

      // Then on schedule: the outbox every 15 s, auto-complete every 5 minutes, pruning every hour.
      await vi.advanceTimersByTimeAsync(15_000);
      expect(h.drains.count).toBe(2);
      const next = await deliveredEngagement(t, owner.client, helper.client);
      await oldAuthFailure();
      t.clock.advance(15 * DAY);
      await vi.advanceTimersByTimeAsync(4 * MINUTE);
      expect(await engagementStatus(next.engagementId)).toBe('delivered'); // not yet: 4m15s in
      await until(async () => (await digestsOf(owner.id)) >= 1, 'the digest ran on a minute');
      await vi.advanceTimersByTimeAsync(MINUTE);
      await until(
        async () => (await engagementStatus(next.engagementId)) === 'completed',
        'auto-complete at 5m',
      );
      expect(await authFailures()).toBe(1); // pruning waits for its hour
      await vi.advanceTimersByTimeAsync(55 * MINUTE);
      await until(async () => (await authFailures()) === 0, 'pruning at 1h');
      expect(h.drains.count).toBe(1 + (60 * MINUTE + 15_000) / 15_000); // 60m15s in
    } finally {
      jobs.stop();
    }

    // Stopped: nothing runs any more.
    const drained = h.drains.count;
    const after = await deliveredEngagement(t, owner.client, helper.client);
    t.clock.advance(15 * DAY);
    await vi.advanceTimersByTimeAsync(2 * 60 * MINUTE);
    await new Promise((r) => realSetTimeout(r, 50));
    expect(h.drains.count).toBe(drained);
    expect(await engagementStatus(after.engagementId)).toBe('delivered');
    await db().deleteFrom('engagements').where('id', '=', after.engagementId).execute();
  }, 60_000);

  it('logs a failing job, keeps its schedule, and runs the others regardless', async () => {
    const h = harness(async () => {
      throw new Error('SMTP is down');
    });
    const overdue = await deliveredEngagement(t, owner.client, helper.client);
    t.clock.advance(15 * DAY);
    const jobs = startJobs(h.ctx);
    try {
      await until(
        async () => (await engagementStatus(overdue.engagementId)) === 'completed',
        'auto-complete ran',
      );
      await until(async () => h.errors.length === 1, 'the failure was logged');
      expect(h.errors[0]).toMatchObject({ job: 'email-outbox' });
      await vi.advanceTimersByTimeAsync(15_000);
      await until(async () => h.errors.length === 2, 'the failing job ran again on schedule');
      expect(h.drains.count).toBe(2);

      const next = await deliveredEngagement(t, owner.client, helper.client);
      t.clock.advance(15 * DAY);
      await vi.advanceTimersByTimeAsync(5 * MINUTE);
      await until(
        async () => (await engagementStatus(next.engagementId)) === 'completed',
        'auto-complete kept going',
      );
      expect(h.errors.every((e) => e.job === 'email-outbox')).toBe(true);
    } finally {
      jobs.stop();
    }
  });
});
