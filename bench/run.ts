/**
 * The benchmark suite (issue 7): the real server in a child process on a scaled database, driven with
 * autocannon on loopback, every figure beside a bare route of the same process in the same run, plus merit
 * recomputation beside graphology's PageRank. Prints a table and writes bench/results/latest.json.
 *
 *   npm run bench                              # --scale 100000: 100 k members, 1 M postings, 5 s per route
 *   npm run bench -- --scale 20000 --seconds 3
 *   npm run bench -- --quick                   # smoke run: 2 000 members, 1 s per route (npm test runs it)
 *   npm run bench -- digest                    # only the daily digest run beside the board (issue 9)
 *   npm run bench -- capacity --scale 20000    # one process saturated, per route: req/s, CPU and queries per
 *                                              # request → bench/results/capacity.json (docs/scaling.md)
 *   DATABASE_URL=postgres://… npm run bench    # the same on PostgreSQL
 *
 * The scaled database is cached under bench/.data/ (PostgreSQL: a database named the same way), keyed by the
 * seed's parameters and the seed generator's source; it is rebuilt when either changes. A cached database
 * is brought up to date with `cli migrate` before each run, so a new migration is measured the way an
 * operator's instance meets it (forward, on existing data) instead of forcing a fresh seed.
 * Every loop is bounded in count and time, and traffic goes to 127.0.0.1 only.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { SEARCH_TERMS, SKILLS } from '../server/src/db/seed-scale-data.js';
import type { BenchFixtures } from './server.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const DATA = join(HERE, '.data');
const RESULTS = join(HERE, 'results');

// ---------------------------------------------------------------------------------------------- arguments

function usage(): never {
  console.log(
    'usage: npm run bench -- [digest | capacity] [--scale MEMBERS] [--seconds S] [--seed N] [--quick]',
  );
  process.exit(2);
}
const argv = process.argv.slice(2);
function arg(name: string): number | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = Number(argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) usage();
  return v;
}
for (const a of argv)
  if (a.startsWith('--') && !['--scale', '--seconds', '--seed', '--quick'].includes(a)) usage();
const quick = argv.includes('--quick');
// `digest`: only the digest run beside the board (the routes and merit are left out).
const digestOnly = argv.includes('digest');
// `capacity`: what one saturated process serves per route, and what each request costs (docs/scaling.md).
const capacityOnly = argv.includes('capacity');
if (digestOnly && capacityOnly) usage();
for (const [i, a] of argv.entries())
  if (!a.startsWith('--') && a !== 'digest' && a !== 'capacity' && !argv[i - 1]?.startsWith('--')) usage();
const scale = Math.min(Math.max(Math.floor(arg('scale') ?? (quick ? 2000 : 100_000)), 50), 200_000);
const seconds = Math.min(Math.max(arg('seconds') ?? (quick ? 1 : 5), 1), 60);
const lowLoadSeconds = Math.min(seconds, 5);
const seed = Math.floor(arg('seed') ?? 1);
const CONNECTIONS = 50;
const postgresUrl = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
const database: 'sqlite' | 'postgres' = postgresUrl ? 'postgres' : 'sqlite';

// The routes the discovery helpers add (issue 7). Until they exist they answer 404 and are reported as such.
const SEARCH_OVERFLOW = '/api/v1/search/overflow';
const SEARCH_MEMBERS = '/api/v1/search/members';
const RECOMMEND_OVERFLOW = '/api/v1/me/recommended-overflow';

// ---------------------------------------------------------------------------------------------- children

const children = new Set<ChildProcess>();
function stopChildren() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopChildren();
    process.exit(130);
  });
}
process.on('exit', stopChildren);

/** Runs a TypeScript file in a child Node process; resolves with its stdout. Killed after `timeoutMs`. */
function runTs(file: string, args: string[], env: Record<string, string>, timeoutMs: number, echo = false) {
  return new Promise<{ code: number; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.add(child);
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (echo) process.stdout.write(c);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code: code ?? 1, stdout });
    });
  });
}

const resultLine = (stdout: string, tag: string) => {
  const line = stdout.split('\n').find((l) => l.startsWith(`${tag} `));
  return line ? (JSON.parse(line.slice(tag.length + 1)) as Record<string, unknown>) : undefined;
};

// ---------------------------------------------------------------------------------------------- the database

function cacheKey(): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ scale, seed }));
  for (const f of ['seed-scale-instance.ts', 'seed-scale-data.ts'])
    h.update(readFileSync(join(ROOT, 'server/src/db', f)));
  return h.digest('hex').slice(0, 10);
}

interface SeedInfo {
  cached: boolean;
  seconds?: number;
  counts?: Record<string, number>;
}

async function seedInto(url: string): Promise<Record<string, unknown>> {
  console.log(`seeding --scale ${scale} --seed ${seed} (${database}); this is cached for the next run…`);
  const { code, stdout } = await runTs(
    'server/src/cli/index.ts',
    ['seed', '--scale', String(scale), '--seed', String(seed), '--force'],
    { DATABASE_URL: url, DATA_DIR: join(DATA, 'tmp'), DEMO: 'off' },
    45 * 60_000,
    true,
  );
  const result = resultLine(stdout, 'SEED_RESULT');
  if (code !== 0 || !result) throw new Error(`seeding failed (exit code ${code})`);
  return result;
}

/** Applies the migrations added since the cached database was seeded (forward-only, on existing rows). */
async function migrateCached(url: string): Promise<void> {
  const started = Date.now();
  const { code, stdout } = await runTs(
    'server/src/cli/index.ts',
    ['migrate'],
    { DATABASE_URL: url, DATA_DIR: join(DATA, 'tmp'), DEMO: 'off' },
    45 * 60_000,
  );
  if (code !== 0) throw new Error(`migrating the cached database failed (exit code ${code})`);
  const line = stdout.trim().split('\n').pop() ?? '';
  if (line.startsWith('Applied')) console.log(`${line} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function prepareSqlite(): Promise<{ url: string; seed: SeedInfo }> {
  mkdirSync(DATA, { recursive: true });
  const base = `sqlite-s${scale}-seed${seed}-`;
  const file = join(DATA, `${base}${cacheKey()}.db`);
  const info = `${file}.json`;
  if (existsSync(file) && existsSync(info)) {
    await migrateCached(`sqlite:${file}`);
    return {
      url: `sqlite:${file}`,
      seed: { cached: true, ...(JSON.parse(readFileSync(info, 'utf8')) as object) },
    };
  }
  for (const f of readdirSync(DATA)) if (f.startsWith(base)) rmSync(join(DATA, f), { force: true });
  const building = join(DATA, `${base}building.db`);
  const result = await seedInto(`sqlite:${building}`);
  for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  renameSync(building, file);
  writeFileSync(info, JSON.stringify(result));
  return { url: `sqlite:${file}`, seed: { cached: false, ...(result as object) } };
}

async function preparePostgres(): Promise<{ url: string; seed: SeedInfo }> {
  const name = `slipstream_bench_s${scale}_seed${seed}_${cacheKey()}`;
  const withDb = (db: string) => {
    const u = new URL(postgresUrl!);
    u.pathname = `/${db}`;
    return u.toString();
  };
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  mkdirSync(DATA, { recursive: true });
  const info = join(DATA, `${name}.json`);
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount && existsSync(info)) {
      await migrateCached(withDb(name));
      return {
        url: withDb(name),
        seed: { cached: true, ...(JSON.parse(readFileSync(info, 'utf8')) as object) },
      };
    }
    const building = `${name}_building`;
    await admin.query(`drop database if exists "${building}" with (force)`);
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${building}"`);
    const result = await seedInto(withDb(building));
    await admin.query(`alter database "${building}" rename to "${name}"`);
    writeFileSync(info, JSON.stringify(result));
    return { url: withDb(name), seed: { cached: false, ...(result as object) } };
  } finally {
    await admin.end();
  }
}

// ---------------------------------------------------------------------------------------------- measuring

interface Req {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

interface RouteCase {
  name: string;
  next: () => Req;
  /** Also measured at one connection (search: at 50 connections p95 is mostly queueing). */
  lowLoad?: boolean;
  /** Also timed inside the server process (app.inject, one at a time): the PostgreSQL board target. */
  inProcess?: boolean;
  /** Upper bound on requests (writes that must each be new). */
  amount?: number;
  write?: boolean;
}

export interface RouteResult {
  name: string;
  rps: number | null;
  ratio: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  errors: number;
  requests: number;
  statusCodes: Record<string, number>;
  p95LowLoadMs?: number | null;
  p50LowLoadMs?: number | null;
  rpsLowLoad?: number | null;
  p50InProcessMs?: number | null;
  p95InProcessMs?: number | null;
  busyErrors?: number;
  /** Seconds the server needed after the run to answer the bare route again (queued requests). */
  drainSeconds?: number;
  note?: string;
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round = (x: number | null, digits = 2) =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

let port = 0;

async function probe(c: RouteCase): Promise<number> {
  const r = c.next();
  const res = await fetch(`http://127.0.0.1:${port}${r.path}`, {
    method: r.method,
    headers: r.headers,
    body: r.body,
    signal: AbortSignal.timeout(30_000),
  });
  await res.arrayBuffer();
  return res.status;
}

async function load(c: RouteCase, connections: number, duration: number) {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  // Without a callback autocannon returns its instance, which is also a promise of the result.
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    ...(c.amount !== undefined && { amount: c.amount }),
    timeout: 10,
    requests: [
      {
        setupRequest: (req) => {
          const r = c.next();
          return {
            ...req,
            method: r.method,
            path: r.path,
            headers: { ...req.headers, ...r.headers },
            body: r.body,
          };
        },
      },
    ],
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  instance.on('response', (_client, statusCode: number, _bytes: number, responseTime: number) => {
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    if (latencies.length < 2_000_000) latencies.push(responseTime);
  });
  // With `amount`, autocannon ignores `duration`: stop it at the duration too, so every run is bounded by both.
  const timer = setTimeout(() => instance.stop(), duration * 1000 + 250);
  const result = await instance.then((r) => {
    clearTimeout(timer);
    return r;
  });
  latencies.sort((a, b) => a - b);
  const answered = latencies.length;
  const non2xx = Object.entries(statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .reduce((n, [, v]) => n + v, 0);
  return {
    rps: answered / Math.max(result.duration, 0.001),
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    errors: non2xx + result.errors + result.timeouts,
    requests: answered,
    statusCodes,
    busy: (statusCodes['503'] ?? 0) + (statusCodes['500'] ?? 0),
    latencies,
  };
}

/**
 * Waits until the server answers the bare route again (at most 5 minutes). better-sqlite3 runs queries on the
 * event loop, so after a slow route the requests still queued keep the process busy after autocannon stopped;
 * measuring the next route then would measure this one's backlog. Returns the seconds it waited (at most 300).
 */
async function drain(): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < 300_000) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/bench/ready`, {
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // still busy: try again
    }
  }
  return (performance.now() - t0) / 1000;
}

async function measure(c: RouteCase, bare: number | null): Promise<RouteResult> {
  const out = await measureOnce(c, bare);
  const waited = await drain();
  if (waited > 1) {
    out.drainSeconds = round(waited, 1) ?? undefined;
    out.note = [out.note, `server still busy ${waited.toFixed(1)} s after the run`]
      .filter(Boolean)
      .join('; ');
  }
  return out;
}

async function measureOnce(c: RouteCase, bare: number | null): Promise<RouteResult> {
  const empty = { rps: null, ratio: null, p50Ms: null, p95Ms: null, p99Ms: null };
  let status: number;
  try {
    status = await probe(c);
  } catch (error) {
    return {
      name: c.name,
      ...empty,
      errors: 1,
      requests: 0,
      statusCodes: {},
      note: `probe failed: ${String(error)}`,
    };
  }
  if (status === 404) {
    return {
      name: c.name,
      ...empty,
      errors: 1,
      requests: 1,
      statusCodes: { 404: 1 },
      note: '404: the route is not in this build',
    };
  }
  const r = await load(c, CONNECTIONS, seconds);
  const out: RouteResult = {
    name: c.name,
    rps: round(r.rps, 1),
    ratio: bare ? round(r.rps / bare, 4) : 1,
    p50Ms: round(r.p50),
    p95Ms: round(r.p95),
    p99Ms: round(r.p99),
    errors: r.errors,
    requests: r.requests,
    statusCodes: r.statusCodes,
  };
  if (status >= 400) out.note = `probe answered ${status}`;
  else if (r.requests === 0) out.note = `no answer within the ${seconds} s run: each request took longer`;
  if (c.write) out.busyErrors = r.busy;
  if (c.lowLoad) {
    const low = await load(c, 1, lowLoadSeconds);
    out.p95LowLoadMs = round(low.p95);
    out.p50LowLoadMs = round(low.p50);
    out.rpsLowLoad = round(low.rps, 1);
    out.errors += low.errors;
  }
  if (c.inProcess) {
    const r = c.next();
    const res = await fetch(
      `http://127.0.0.1:${port}/bench/in-process?n=${quick ? 50 : 1000}&path=${encodeURIComponent(r.path)}`,
      { signal: AbortSignal.timeout(60_000) },
    );
    if (res.ok) {
      const t = (await res.json()) as { p50Ms: number; p95Ms: number };
      out.p50InProcessMs = round(t.p50Ms, 3);
      out.p95InProcessMs = round(t.p95Ms, 3);
    } else out.note = [out.note, `in-process timing answered ${res.status}`].filter(Boolean).join('; ');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- the routes

function rotate<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function routeCases(f: BenchFixtures): RouteCase[] {
  const get = (path: string) => () => ({ method: 'GET' as const, path });
  const signed = (pathOf: (s: BenchFixtures['signedIn'][number]) => string) => {
    const next = rotate(f.signedIn);
    return () => {
      const s = next();
      return { method: 'GET' as const, path: pathOf(s), headers: { cookie: s.cookie } };
    };
  };
  const q = (s: string) => encodeURIComponent(s);
  const [skillA, skillB, skillC] = [SKILLS[2]!, SKILLS[9]!, SKILLS[4]!];

  // createOffer: request k is writer k mod W on target k mod T with gcd(W, T) = 1, so no pair repeats before
  // W·T requests; at most 5 per writer (the pending-offer cap), so the run is bounded by 5·W requests.
  const W = f.writers.length;
  let T = f.targets.length;
  while (T > 1 && gcd(W, T) !== 1) T--;
  let k = 0;
  const proposedOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const body = JSON.stringify({
    pitch: 'I have delivered this kind of work before and can start this week.',
    proposedOn,
  });
  const createOffer = (): Req => {
    const w = f.writers[k % W]!;
    let t = f.targets[k % T]!;
    if (t.ownerId === w.memberId) t = f.targets[(k + 1) % T]!;
    k++;
    return {
      method: 'POST',
      path: `/api/v1/overflow/${t.id}/offers`,
      headers: { cookie: w.cookie, 'x-csrf-token': w.csrf, 'content-type': 'application/json' },
      body,
    };
  };

  const handles = rotate(f.signedIn.map((s) => s.handle));
  return [
    { name: 'board-newest', inProcess: true, next: get('/api/v1/overflow?limit=20') },
    {
      name: 'board-two-skills',
      inProcess: true,
      next: get(`/api/v1/overflow?limit=20&skills=${skillA},${skillB}`),
    },
    { name: 'board-due', inProcess: true, next: get('/api/v1/overflow?limit=20&sort=due') },
    { name: 'get-member', next: () => ({ method: 'GET', path: `/api/v1/members/${handles()}` }) },
    { name: 'search-rare', lowLoad: true, next: get(`${SEARCH_OVERFLOW}?q=${q(SEARCH_TERMS.rare)}`) },
    {
      name: 'search-phrase',
      lowLoad: true,
      next: get(`${SEARCH_OVERFLOW}?q=${q(`"${SEARCH_TERMS.phrase}"`)}`),
    },
    {
      name: 'search-common-filtered',
      lowLoad: true,
      next: get(`${SEARCH_OVERFLOW}?q=${q(SEARCH_TERMS.common)}&status=open&skills=${skillC}`),
    },
    { name: 'search-common', lowLoad: true, next: get(`${SEARCH_OVERFLOW}?q=${q(SEARCH_TERMS.common)}`) },
    { name: 'search-members', lowLoad: true, next: get(`${SEARCH_MEMBERS}?q=${q(skillA)}&skills=${skillA}`) },
    { name: 'recommend-overflow', next: signed(() => RECOMMEND_OVERFLOW) },
    { name: 'get-overflow-signed-in', next: signed((s) => `/api/v1/overflow/${s.overflowId}`) },
    { name: 'my-engagements', next: signed(() => '/api/v1/me/engagements') },
    { name: 'ledger', next: signed(() => '/api/v1/me/ledger') },
    { name: 'create-offer', write: true, amount: Math.max(1, Math.min(W * T, 5 * W)), next: createOffer },
  ];
}

// ---------------------------------------------------------------------------------------------- capacity

/** The main routes of the capacity model: what a member's day sends (docs/scaling.md). */
function capacityCases(f: BenchFixtures): RouteCase[] {
  const all = routeCases(f);
  const named = (name: string) => all.find((c) => c.name === name)!;
  const signed = (path: string) => {
    const next = rotate(f.signedIn);
    return (): Req => {
      const s = next();
      return { method: 'GET', path, headers: { cookie: s.cookie } };
    };
  };
  return [
    named('board-newest'),
    {
      name: 'board-skill',
      next: () => ({ method: 'GET', path: `/api/v1/overflow?limit=20&skills=${SKILLS[2]!}` }),
    },
    named('board-due'),
    { ...named('get-overflow-signed-in'), name: 'overflow-page' },
    { ...named('get-member'), name: 'profile' },
    { ...named('search-rare'), lowLoad: false },
    { ...named('search-common'), lowLoad: false },
    { name: 'notifications', next: signed('/api/v1/me/notifications') },
    { name: 'home', next: signed('/api/v1/me/needs-you') },
    { ...named('create-offer'), name: 'offer' },
  ];
}

interface ServerStats {
  requests: number;
  /** False when requests were still in flight after 60 s (the figures then miss their work). */
  settled: boolean;
  /** Requests that arrived and were never answered (their client left before the handler ran). */
  unanswered: number;
  queries: number;
  dbMs: number;
  cpuMs: number;
  wallMs: number;
  backendCpuMs: Record<string, number> | null;
}

const stats = async () =>
  (await (
    await fetch(`http://127.0.0.1:${port}/bench/stats`, { signal: AbortSignal.timeout(90_000) })
  ).json()) as ServerStats;

export interface CapacityResult extends RouteResult {
  /** CPU milliseconds of the app process per answered request (every thread; on SQLite the queries too). */
  appCpuMsPerRequest: number | null;
  /** What one core serves of this route alone: 1000 / appCpuMsPerRequest. */
  rpsPerCore: number | null;
  /** Statements sent to the database per request, and their time (driver-level, after the pool wait). */
  queriesPerRequest: number | null;
  dbMsPerRequest: number | null;
  /** CPU milliseconds of the PostgreSQL backends serving this process per request (null on SQLite). */
  pgCpuMsPerRequest: number | null;
  /** The server process's busy share during the run (1 = one core). */
  appCpuShare: number | null;
  /** At one connection: latency without queueing. */
  p50LowLoadMs?: number | null;
  p99LowLoadMs?: number | null;
  loadAverage: number[];
}

async function measureCapacity(c: RouteCase, bare: number | null): Promise<CapacityResult> {
  const before = await stats();
  const out = await measureOnce({ ...c, lowLoad: false }, bare);
  const waited = await drain();
  const after = await stats();
  const unanswered = after.unanswered - before.unanswered;
  if (unanswered > 0)
    out.note = [out.note, `${unanswered} requests whose client left were not answered (not counted)`]
      .filter(Boolean)
      .join('; ');
  if (waited > 1)
    out.note = [out.note, `server still busy ${waited.toFixed(1)} s after the run`]
      .filter(Boolean)
      .join('; ');
  const n = after.requests - before.requests;
  const per = (x: number, digits = 3) => (n > 0 ? round(x / n, digits) : null);
  const cpu = after.cpuMs - before.cpuMs;
  let pgCpu: number | null = null;
  if (after.backendCpuMs && before.backendCpuMs) {
    pgCpu = 0;
    // A backend opened during the run counts from zero; one closed during it is lost (the pool keeps them).
    for (const [pid, ms] of Object.entries(after.backendCpuMs)) pgCpu += ms - (before.backendCpuMs[pid] ?? 0);
  }
  const appCpu = per(cpu);
  const result: CapacityResult = {
    ...out,
    appCpuMsPerRequest: appCpu,
    rpsPerCore: appCpu ? round(1000 / appCpu, 0) : null,
    queriesPerRequest: per(after.queries - before.queries, 2),
    dbMsPerRequest: per(after.dbMs - before.dbMs),
    pgCpuMsPerRequest: pgCpu === null ? null : per(pgCpu),
    appCpuShare: round(cpu / Math.max(1, after.wallMs - before.wallMs), 2),
    loadAverage: loadavg().map((x) => round(x, 2)!),
  };
  if (out.rps !== null) {
    const low = await load(c, 1, lowLoadSeconds);
    result.p50LowLoadMs = round(low.p50);
    result.p99LowLoadMs = round(low.p99);
    result.rpsLowLoad = round(low.rps, 1);
    result.errors += low.errors;
    await drain();
  }
  return result;
}

async function runCapacity(
  fixtures: BenchFixtures,
  prepared: { seed: SeedInfo },
  startedAt: string,
  load0: number[],
) {
  const routes: CapacityResult[] = [];
  const bare = await measureCapacity(
    { name: 'bare', next: () => ({ method: 'GET', path: '/bench/bare' }) },
    null,
  );
  routes.push(bare);
  console.log(`  bare: ${fmt(bare.rps, 0)} req/s, ${fmt(bare.appCpuMsPerRequest, 3)} CPU ms/request`);
  for (const c of capacityCases(fixtures)) {
    const r = await measureCapacity(c, bare.rps);
    routes.push(r);
    console.log(
      `  ${r.name}: ${fmt(r.rps, 0)} req/s, ${fmt(r.appCpuMsPerRequest, 3)} CPU ms/request, ${fmt(r.queriesPerRequest, 2)} queries; load ${r.loadAverage.join(' ')}${r.note ? ` (${r.note})` : ''}`,
    );
  }
  const counts = prepared.seed.counts ?? {};
  const result = {
    database,
    members: counts.members ?? null,
    overflow: counts.overflow ?? null,
    engagements: counts.engagements ?? null,
    routes,
    run: {
      startedAt,
      scale,
      seed,
      secondsPerRoute: seconds,
      lowLoadSecondsPerRoute: lowLoadSeconds,
      connections: CONNECTIONS,
      poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      cores: cpus().length,
      loadAverageAtStart: load0,
      loadAverageAtEnd: loadavg(),
      seeding: prepared.seed,
    },
  };
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, database === 'postgres' ? 'capacity-postgres.json' : 'capacity-sqlite.json');
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  // capacity.json: both databases side by side, each from its latest run.
  const both = join(RESULTS, 'capacity.json');
  const merged = existsSync(both) ? (JSON.parse(readFileSync(both, 'utf8')) as Record<string, unknown>) : {};
  merged[database] = result;
  writeFileSync(both, `${JSON.stringify(merged, null, 2)}\n`);

  console.log(
    `\n${database}: ${result.members} members, ${result.overflow} postings; one server process, ${seconds} s per route at ` +
      `${CONNECTIONS} connections (then ${lowLoadSeconds} s at 1), loopback; load average at start ${load0.map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores`,
  );
  console.log(
    'route              req/s   ratio  CPU ms/req  req/s/core  queries  db ms/req  pg CPU ms/req   p50 ms   p99 ms  p50@1 ms  p99@1 ms  errors  load',
  );
  for (const r of routes)
    console.log(
      `${r.name.padEnd(16)} ${fmt(r.rps, 0).padStart(7)}  ${fmt(r.ratio, 3).padStart(6)}  ${fmt(r.appCpuMsPerRequest, 3).padStart(10)}  ` +
        `${fmt(r.rpsPerCore, 0).padStart(10)}  ${fmt(r.queriesPerRequest, 2).padStart(7)}  ${fmt(r.dbMsPerRequest, 3).padStart(9)}  ` +
        `${fmt(r.pgCpuMsPerRequest, 3).padStart(13)}  ${fmt(r.p50Ms).padStart(7)}  ${fmt(r.p99Ms).padStart(7)}  ` +
        `${fmt(r.p50LowLoadMs, 2).padStart(8)}  ${fmt(r.p99LowLoadMs, 2).padStart(8)}  ${String(r.errors).padStart(6)}  ${r.loadAverage[0]}${r.note ? `  ${r.note}` : ''}`,
    );
  console.log(
    'CPU ms/req: the server process (all threads) per answered request; req/s/core = 1000 / that. db ms/req: the',
  );
  console.log(
    "statements' time at the driver (SQLite: on the event loop, inside CPU ms; PostgreSQL: round trips). pg CPU: the",
  );
  console.log("backends' own CPU (/proc). The machine is shared: compare ratios, and see the load column.");
  console.log(`written: ${join('bench', 'results', 'capacity.json')}`);
}

// ---------------------------------------------------------------------------------------------- merit

async function measureMerit(url: string) {
  const env = { BENCH_DATABASE_URL: url };
  const merit = resultLine((await runTs('bench/merit.ts', [], env, 10 * 60_000)).stdout, 'MERIT_RESULT');
  const graph = resultLine(
    (await runTs('bench/graphology.ts', [], env, 10 * 60_000)).stdout,
    'GRAPHOLOGY_RESULT',
  );
  const available = merit?.available === true;
  const seconds = available ? (merit.seconds as number) : null;
  const graphologySeconds = graph ? (graph.seconds as number) : null;
  return {
    seconds: round(seconds, 3),
    peakRssMiB: available ? (merit.peakRssMiB as number) : null,
    graphologySeconds: round(graphologySeconds, 3),
    graphologyPeakRssMiB: graph ? (graph.peakRssMiB as number) : null,
    speedup: seconds && graphologySeconds ? round(graphologySeconds / seconds, 2) : null,
    available,
    note: available
      ? undefined
      : ((merit?.note as string | undefined) ??
        'the merit child process gave no result (see its output above)'),
    meritDetail: merit,
    graphologyDetail: graph ?? { note: 'the graphology child process gave no result' },
  };
}

// ---------------------------------------------------------------------------------------------- the digest

interface DigestStatus {
  running: boolean;
  seconds?: number;
  done: number;
  result?: Record<string, number>;
  error?: string;
}

/**
 * The daily digest (issue 9), twice over every member (made due now): alone, for its rate, then beside the
 * board: the board's p99 alone, then the same route measured again, window after window, while the job runs
 * (in its worker thread at the lowest priority, so beside a saturating load it takes what is left and its
 * rate there is reported apart). Targets: ≥ 1 000 digests/s, p99 rising by at most 20 %. Bounded: the job by
 * `maxSeconds` (server side), the windows by the same.
 */
async function measureDigest() {
  const board: RouteCase = {
    name: 'board-newest',
    next: () => ({ method: 'GET', path: '/api/v1/overflow?limit=20' }),
  };
  const maxSeconds = quick ? 30 : 600;
  const status = async () =>
    (await (await fetch(`http://127.0.0.1:${port}/bench/digest/status`)).json()) as DigestStatus;
  const start = async () => {
    const started = await fetch(
      `http://127.0.0.1:${port}/bench/digest/start?limit=${scale}&maxSeconds=${maxSeconds}`,
      { method: 'POST' },
    );
    if (started.status !== 202) throw new Error(`the digest run did not start: ${started.status}`);
  };
  const finished = async () => {
    let s = await status();
    for (let i = 0; i < 4 * (maxSeconds + 30) && s.running; i++) {
      await new Promise((r) => setTimeout(r, 250));
      s = await status();
    }
    return s;
  };
  await start();
  const alone = await finished();
  await drain();

  const baseline = await load(board, CONNECTIONS, seconds);
  await drain();
  await start();
  const during: number[] = [];
  let windows = 0;
  // Requests with no answer within autocannon's 10 s timeout: a p99 of the answered ones alone would hide them.
  let unansweredDuring = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < (maxSeconds + 30) * 1000) {
    const r = await load(board, CONNECTIONS, seconds);
    const s = await status();
    // A window that ended after the job did is kept only when it is the first (a job shorter than a window).
    if (s.running || windows === 0) {
      during.push(...r.latencies);
      unansweredDuring += r.errors;
      windows++;
    }
    if (!s.running) break;
  }
  const s = await finished();
  await drain();
  during.sort((a, b) => a - b);
  const p99During = quantile(during, 0.99);
  const rate = alone.seconds ? alone.done / alone.seconds : null;
  return {
    digests: alone.done,
    seconds: round(alone.seconds ?? null, 2),
    digestsPerSecond: round(rate, 1),
    result: alone.result,
    error: alone.error ?? s.error,
    besideDigests: s.done,
    besideSeconds: round(s.seconds ?? null, 2),
    besideDigestsPerSecond: round(s.seconds ? s.done / s.seconds : null, 1),
    boardP99BaselineMs: round(baseline.p99),
    boardP99DuringMs: round(p99During),
    boardP99Ratio: baseline.p99 && p99During ? round(p99During / baseline.p99, 3) : null,
    boardRpsBaseline: round(baseline.rps, 1),
    boardRequestsDuring: during.length,
    boardErrorsDuring: unansweredDuring,
    windowsDuring: windows,
    targets: { digestsPerSecond: 1000, boardP99Ratio: 1.2 },
  };
}

// ---------------------------------------------------------------------------------------------- main

/** Asks the bench server to clean up and exit; kills it after 30 s. */
async function stopServer(child: ChildProcess): Promise<void> {
  child.send('stop');
  await new Promise((r) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      r(undefined);
    }, 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      r(undefined);
    });
  });
  children.delete(child);
}

const fmt = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? '—' : x.toFixed(digits);

async function main() {
  const startedAt = new Date().toISOString();
  const load0 = loadavg();
  console.log(
    `bench: ${database}, --scale ${scale} (${scale * 10} postings), ${seconds} s per route, ${CONNECTIONS} connections` +
      `${quick ? ' (quick)' : ''}; load average at start ${load0.map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores`,
  );
  const prepared = database === 'postgres' ? await preparePostgres() : await prepareSqlite();
  const counts = prepared.seed.counts ?? {};

  const child = fork(join(HERE, 'server.ts'), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_DATABASE_URL: prepared.url, BENCH_WRITERS: quick ? '2000' : '10000' },
  });
  children.add(child);
  const fixtures = await new Promise<BenchFixtures>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the bench server did not start within 5 minutes')),
      300_000,
    );
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as BenchFixtures);
    });
    child.once('exit', (code) => reject(new Error(`the bench server exited with ${code}`)));
  });
  port = fixtures.port;
  console.log(
    `server ready on 127.0.0.1:${port}: ${fixtures.signedIn.length} signed-in members, ${fixtures.writers.length} offer writers, ${fixtures.targets.length} open targets`,
  );

  const routes: RouteResult[] = [];
  let digest: Awaited<ReturnType<typeof measureDigest>> | undefined;
  if (capacityOnly) {
    try {
      await runCapacity(fixtures, prepared, startedAt, load0);
    } finally {
      await stopServer(child);
    }
    return;
  }
  try {
    const bare = await measure({ name: 'bare', next: () => ({ method: 'GET', path: '/bench/bare' }) }, null);
    routes.push(bare);
    for (const c of digestOnly ? [] : routeCases(fixtures)) {
      const r = await measure(c, bare.rps);
      routes.push(r);
      console.log(`  ${r.name}: ${fmt(r.rps, 0)} req/s${r.note ? ` (${r.note})` : ''}`);
    }
    // Last: it moves every member's digest on, which the routes above do not read.
    console.log('measuring the daily digest beside the board…');
    digest = await measureDigest();
  } finally {
    await stopServer(child);
  }

  let merit: Awaited<ReturnType<typeof measureMerit>> | undefined;
  if (!digestOnly) {
    console.log('measuring merit recomputation and graphology PageRank (each in its own process)…');
    merit = await measureMerit(prepared.url);
  }

  const result = {
    database,
    members: counts.members ?? null,
    overflow: counts.overflow ?? null,
    engagements: counts.engagements ?? null,
    routes,
    merit,
    digest,
    run: {
      startedAt,
      scale,
      seed,
      quick,
      secondsPerRoute: seconds,
      lowLoadSecondsPerRoute: lowLoadSeconds,
      connections: CONNECTIONS,
      cores: cpus().length,
      loadAverageAtStart: load0,
      loadAverageAtEnd: loadavg(),
      seeding: prepared.seed,
    },
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);

  console.log(
    `\n${database}: ${result.members} members, ${result.overflow} postings, ${result.engagements} engagements; ` +
      `${seconds} s per route at ${CONNECTIONS} connections (low load: 1 connection, ${lowLoadSeconds} s), loopback`,
  );
  if (prepared.seed.seconds !== undefined)
    console.log(
      `seed: ${prepared.seed.seconds.toFixed(1)} s${prepared.seed.cached ? ' (cached from an earlier run)' : ''}`,
    );
  const header =
    'route                      req/s    ratio   p50 ms   p95 ms   p99 ms  p95@1 ms  p95 in-proc   errors  note';
  console.log(header);
  for (const r of routes) {
    console.log(
      `${r.name.padEnd(24)} ${fmt(r.rps, 0).padStart(7)}  ${fmt(r.ratio, 3).padStart(7)}  ${fmt(r.p50Ms).padStart(7)}  ` +
        `${fmt(r.p95Ms).padStart(7)}  ${fmt(r.p99Ms).padStart(7)}  ${fmt(r.p95LowLoadMs, 2).padStart(8)}  ${fmt(r.p95InProcessMs, 3).padStart(11)}  ` +
        `${String(r.errors).padStart(7)}  ${[r.note, r.busyErrors !== undefined ? `busy ${r.busyErrors}` : '']
          .filter(Boolean)
          .join('; ')}`,
    );
  }
  if (digest) {
    const d = digest;
    console.log(
      `digest alone: ${d.digests} digests in ${fmt(d.seconds, 2)} s = ${fmt(d.digestsPerSecond, 1)} digests/s (target ≥ 1000); ` +
        `${JSON.stringify(d.result ?? {})}${d.error ? `; error: ${d.error}` : ''}`,
    );
    console.log(
      `digest beside the board: ${d.besideDigests} digests in ${fmt(d.besideSeconds, 2)} s = ` +
        `${fmt(d.besideDigestsPerSecond, 1)} digests/s (lowest priority: requests first)`,
    );
    console.log(
      `board-newest p99: ${fmt(d.boardP99BaselineMs, 2)} ms alone, ${fmt(d.boardP99DuringMs, 2)} ms while the digest runs ` +
        `(${d.boardRequestsDuring} answered, ${d.boardErrorsDuring} errors or timeouts, in ${d.windowsDuring} windows) = ×${fmt(d.boardP99Ratio, 3)} (target ≤ ×1.2)`,
    );
  }
  if (merit)
    console.log(
      merit.available
        ? `merit: ${fmt(merit.seconds, 3)} s, peak RSS ${fmt(merit.peakRssMiB)} MiB; graphology PageRank: ${fmt(merit.graphologySeconds, 3)} s, ${fmt(merit.graphologyPeakRssMiB)} MiB; speedup ${fmt(merit.speedup, 2)}×`
        : `merit: not available (${merit.note}); graphology PageRank: ${fmt(merit.graphologySeconds, 3)} s, peak RSS ${fmt(merit.graphologyPeakRssMiB)} MiB`,
    );
  console.log('p95@1: p95 at one connection (search routes); at 50 connections p95 is mostly queueing.');
  console.log(
    'p95 in-proc: p95 of app.inject inside the server process, one request at a time (board routes).',
  );
  console.log(`written: ${join('bench', 'results', 'latest.json')}`);
}

await main();
