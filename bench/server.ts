/**
 * The app under benchmark, in its own process so the load generator does not share its event loop. It opens
 * the scaled database bench/run.ts prepared, adds a bare route (the baseline), signs in members with a
 * realistic history and members free to make offers (sessions written directly, as sign-in would), and sends
 * the fixtures to the parent. Loopback only.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { join } from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config/env.js';
import { hashSecret, newSecret } from '../server/src/shared/ids.js';
import type { Outbox } from '../server/src/email/outbox.js';
import { runScheduledDigest, type DigestJobResult } from '../server/src/modules/digest/digest.service.js';

export interface SignedIn {
  cookie: string;
  csrf: string;
  memberId: string;
  handle: string;
  /** An overflow this member worked on: the signed-in overflow page. */
  overflowId: string;
}

export interface BenchFixtures {
  port: number;
  pid: number;
  signedIn: SignedIn[];
  /** Members free to offer (no pending offer, a free slot), one session each. */
  writers: { cookie: string; csrf: string; memberId: string }[];
  /** Open public overflow nobody has offered on yet. */
  targets: { id: string; ownerId: string }[];
}

// ---------------------------------------------------------------------------------------------- capacity counters

/**
 * What one request costs, for `npm run bench -- capacity` (docs/scaling.md): every statement the app sends to
 * the database is counted and timed at the driver, below Kysely (pg's `Client#query`, better-sqlite3's
 * statement calls), so nothing in the app changes for the benchmark. The timed span is the statement alone
 * on a connection already taken from the pool (no pool wait); on SQLite it runs on this thread and is part
 * of the process's CPU time, on PostgreSQL it is a round trip (the backend's own CPU is read from /proc).
 * Patched before the app opens its database; worker threads (digest, merit) are not counted.
 */
const counters = { arrived: 0, requests: 0, queries: 0, dbMs: 0 };
function timed<F extends (...args: never[]) => unknown>(original: F): F {
  return function (this: unknown, ...args: Parameters<F>) {
    counters.queries++;
    const t0 = performance.now();
    const out = original.apply(this, args);
    if (out && typeof (out as PromiseLike<unknown>).then === 'function') {
      return (out as Promise<unknown>).finally(() => (counters.dbMs += performance.now() - t0));
    }
    counters.dbMs += performance.now() - t0;
    return out;
  } as F;
}
{
  const proto = pg.Client.prototype as unknown as { query: (...a: never[]) => unknown };
  proto.query = timed(proto.query);
  const probe = new SQLite(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  for (const name of ['run', 'get', 'all', 'iterate'] as const) {
    // iterate: counted and timed until the iterator is made; the app only iterates in eachRawRow (jobs).
    statement[name] = timed(statement[name] as (...a: never[]) => unknown);
  }
}

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is not set');
const SIGNED_IN = Number(process.env.BENCH_SIGNED_IN ?? 50);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 10_000);
const TARGETS = Number(process.env.BENCH_TARGETS ?? 20_000);

const dir = mkdtempSync(join(tmpdir(), 'slipstream-bench-'));
const app = await buildApp({
  config: loadConfig({
    DATABASE_URL: url,
    DATA_DIR: dir,
    LOG_LEVEL: 'error',
    DEMO: 'off',
    NODE_ENV: 'production',
    RATE_LIMIT: 'false',
    DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE,
  }),
});
app.get('/bench/bare', async () => ({ ok: true }));
// The runner's "are you free again" probe (drain), kept out of the capacity counters.
app.get('/bench/ready', async () => ({ ok: true }));
// Counted when the reply is ready (onSend), not onResponse: a request whose client went away when autocannon
// stopped is still worked on to the end, but Fastify fires no onResponse for it (only onRequestAbort).
const uncounted = (url: string) => url.startsWith('/bench/stats') || url.startsWith('/bench/ready');
app.addHook('onRequest', async (request) => {
  if (!uncounted(request.url)) counters.arrived++;
});
app.addHook('onSend', async (request, _reply, payload) => {
  if (!uncounted(request.url)) counters.requests++;
  return payload;
});
const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux (`getconf CLK_TCK`)
/** CPU milliseconds used so far by each PostgreSQL backend serving this database (read from /proc). */
async function backendCpu(): Promise<Record<string, number> | null> {
  if (!url!.startsWith('postgres')) return null;
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`.execute(
    app.ctx.db,
  );
  const out: Record<string, number> = {};
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out[pid] = (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
    } catch {
      return null; // PostgreSQL on another machine (or in a container whose processes we cannot see)
    }
  }
  return out;
}
// The counters so far (the runner takes the difference around one route's run), once every request that
// arrived has been answered, so the work of a run's last requests is counted with them. A request whose
// client left before its handler ran may never reach onSend, so it also stops when nothing has moved for 1 s
// (and after 60 s in any case); `settled` says whether every arrival was answered.
app.get('/bench/stats', async () => {
  const deadline = performance.now() + 60_000;
  let last = '';
  let still = performance.now();
  while (counters.arrived > counters.requests && performance.now() < deadline) {
    const now = `${counters.requests}/${counters.queries}`;
    if (now !== last) [last, still] = [now, performance.now()];
    else if (performance.now() - still > 1_000) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const settled = counters.arrived === counters.requests;
  const cpu = process.cpuUsage();
  return {
    ...counters,
    settled,
    unanswered: counters.arrived - counters.requests,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: performance.now(),
    backendCpuMs: await backendCpu(),
  };
});
// One route's latency inside this process (app.inject, one request at a time): the query and the handler
// without the network or queueing, which is what the PostgreSQL board target is stated in. Bounded in count
// (≤ 2 000) and time (≤ 10 s).
app.get<{ Querystring: { path?: string; n?: string } }>('/bench/in-process', async (request, reply) => {
  const path = request.query.path ?? '';
  if (!path.startsWith('/api/')) return reply.code(400).send({ error: 'path must start with /api/' });
  const n = Math.min(2000, Math.max(10, Number(request.query.n ?? 300) || 300));
  const deadline = performance.now() + 10_000;
  const times: number[] = [];
  for (let i = 0; i < n && performance.now() < deadline; i++) {
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url: path });
    times.push(performance.now() - t0);
    if (res.statusCode !== 200) return reply.code(502).send({ error: `status ${res.statusCode}` });
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { n: times.length, p50Ms: at(0.5), p95Ms: at(0.95) };
});
const db = app.ctx.db;
const now = new Date();

// The digest run (`npm run bench -- digest`): every member made due now, then the scheduled job (its worker thread), as
// the scheduler runs it, beside the board's traffic. It measures composing and handing to the outbox: the
// outbox here only takes the rows (sending them is the outbox's drain, measured by nobody here). Bounded by
// `limit` digests and `maxSeconds` (the job runs in chunks of at most 25 000, one worker thread each, and stops between chunks).
const keepRows: Outbox = { drain: async () => 0, kick() {}, idle: async () => {}, stop: async () => {} };
const digestRun: {
  running: boolean;
  startedAt?: string;
  seconds?: number;
  done: number;
  result?: DigestJobResult;
  error?: string;
} = { running: false, done: 0 };
app.post<{ Querystring: { limit?: string; maxSeconds?: string } }>(
  '/bench/digest/start',
  async (request, reply) => {
    if (digestRun.running) return reply.code(409).send({ error: 'a digest run is in progress' });
    const limit = Math.max(1, Math.min(1_000_000, Number(request.query.limit ?? 100_000) || 100_000));
    const maxSeconds = Math.max(1, Math.min(900, Number(request.query.maxSeconds ?? 300) || 300));
    const at = new Date();
    // Due now, with a period of a day behind them; the claims of earlier runs for today would make them skip.
    await db.deleteFrom('digests').execute();
    await db
      .updateTable('members')
      .set({
        digest_next_at: at.toISOString(),
        digest_since: new Date(at.getTime() - 86_400_000).toISOString(),
      })
      .execute();
    Object.assign(digestRun, {
      running: true,
      startedAt: at.toISOString(),
      done: 0,
      result: undefined,
      error: undefined,
    });
    const ctx = { ...app.ctx, outbox: keepRows };
    const total: DigestJobResult = { sent: 0, empty: 0, off: 0, failed: 0, claimedElsewhere: 0, placed: 0 };
    const t0 = performance.now();
    void (async () => {
      try {
        while (digestRun.done < limit && performance.now() - t0 < maxSeconds * 1000) {
          const r = await runScheduledDigest(ctx, { limit: Math.min(25_000, limit - digestRun.done) });
          const n = r.sent + r.empty + r.off + r.failed + r.claimedElsewhere;
          for (const k of Object.keys(total) as (keyof DigestJobResult)[]) total[k] += r[k];
          digestRun.done += n;
          if (n === 0) break;
        }
      } catch (error) {
        digestRun.error = String(error);
      } finally {
        digestRun.seconds = (performance.now() - t0) / 1000;
        digestRun.result = total;
        digestRun.running = false;
      }
    })();
    return reply.code(202).send({ started: true });
  },
);
app.get('/bench/digest/status', async () => digestRun);
const expires = new Date(now.getTime() + 7 * 86_400_000).toISOString();

async function signIn(memberId: string) {
  const secret = newSecret();
  const csrf = newSecret();
  await db
    .insertInto('sessions')
    .values({
      id: hashSecret(secret),
      member_id: memberId,
      csrf_token: csrf,
      user_agent: 'bench',
      created_at: now.toISOString(),
      expires_at: expires,
      last_seen_at: now.toISOString(),
    })
    .execute();
  return { cookie: `slipstream_session=${secret}`, csrf };
}

// Members with a realistic history: spread over the 1 000 busiest helpers (every 20th), not only the top one.
const busiest = await db
  .selectFrom('engagements')
  .select(['helper_id', (eb) => eb.fn.countAll<number>().as('n')])
  .where('status', '=', 'completed')
  .groupBy('helper_id')
  .orderBy('n', 'desc')
  .limit(1000)
  .execute();
const step = Math.max(1, Math.floor(busiest.length / SIGNED_IN));
const signedIn: SignedIn[] = [];
for (let i = 0; i < busiest.length && signedIn.length < SIGNED_IN; i += step) {
  const memberId = busiest[i]!.helper_id;
  const member = await db
    .selectFrom('members')
    .select('handle')
    .where('id', '=', memberId)
    .executeTakeFirstOrThrow();
  const e = await db
    .selectFrom('engagements')
    .select('overflow_id')
    .where('helper_id', '=', memberId)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  signedIn.push({ ...(await signIn(memberId)), memberId, handle: member.handle, overflowId: e.overflow_id });
}

const free = await db
  .selectFrom('members as m')
  .select('m.id')
  .where(({ not, exists, selectFrom }) =>
    not(
      exists(
        selectFrom('offers as f')
          .select('f.id')
          .whereRef('f.helper_id', '=', 'm.id')
          .where('f.status', '=', 'pending'),
      ),
    ),
  )
  .where(({ not, exists, selectFrom }) =>
    not(
      exists(
        selectFrom('engagements as e')
          .select('e.id')
          .whereRef('e.helper_id', '=', 'm.id')
          .where('e.status', 'in', ['active', 'delivered']),
      ),
    ),
  )
  .where('m.email_verified_at', 'is not', null)
  .orderBy('m.id')
  .limit(WRITERS)
  .execute();
const writers: BenchFixtures['writers'] = [];
await db.transaction().execute(async (trx) => {
  for (const m of free) {
    const secret = newSecret();
    const csrf = newSecret();
    await trx
      .insertInto('sessions')
      .values({
        id: hashSecret(secret),
        member_id: m.id,
        csrf_token: csrf,
        user_agent: 'bench',
        created_at: now.toISOString(),
        expires_at: expires,
        last_seen_at: now.toISOString(),
      })
      .execute();
    writers.push({ cookie: `slipstream_session=${secret}`, csrf, memberId: m.id });
  }
});

const targets = (
  await db
    .selectFrom('overflow as o')
    .select(['o.id', 'o.owner_id'])
    .where('o.status', '=', 'open')
    .where('o.visibility', '=', 'public')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('offers as f').select('f.id').whereRef('f.overflow_id', '=', 'o.id'))),
    )
    .orderBy('o.created_at', 'desc')
    .limit(TARGETS)
    .execute()
).map((o) => ({ id: o.id, ownerId: o.owner_id }));

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const fixtures: BenchFixtures = { port, pid: process.pid, signedIn, writers, targets };
process.send?.(fixtures);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  // Leave the cached database as it was: the sessions, offers and notifications of this run go.
  await db.deleteFrom('notifications').where('created_at', '>=', now.toISOString()).execute();
  await db
    .deleteFrom('offers')
    .where('status', '=', 'pending')
    .where('created_at', '>=', now.toISOString())
    .execute();
  await db.deleteFrom('sessions').where('user_agent', '=', 'bench').execute();
  // The digest run's claims and outbox rows go too (the members' due instants stay moved on: harmless).
  if (digestRun.startedAt) {
    await db.deleteFrom('digests').execute();
    await db
      .deleteFrom('email_outbox')
      .where('kind', '=', 'digest')
      .where('created_at', '>=', now.toISOString())
      .execute();
  }
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
process.on('message', (m) => {
  if (m === 'stop') void stop();
});
process.on('disconnect', () => void stop());
