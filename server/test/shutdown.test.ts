// Graceful shutdown (ADR 0028), on both dialects: closing the app under load lets the requests in flight
// finish (before the fix, on PostgreSQL, they answered 500 "driver has already been destroyed": the database
// closed under them), answers later ones 503 SHUTTING_DOWN with Retry-After, and a real server process that
// gets SIGTERM while slow requests run answers them all, refuses new work and exits 0 within the bound; past
// SHUTDOWN_TIMEOUT_MS it closes what is left and exits 1 with a log line.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { registerMember, workRecordBody } from './helpers/factories.js';
import { startServerProcess, type ServerProcess } from './process/server-process.js';
import { createTestDatabaseUrl, type TestDatabase } from './setup/database.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe('closing the app while requests are in flight', () => {
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.database.drop();
  });

  it('answers every request already in flight before the database closes', async () => {
    t = await createTestApp();
    const m = await registerMember(t.app);
    const inFlight = Array.from({ length: 40 }, (_, i) =>
      i % 2
        ? m.client.get(`members/${m.handle}/work-records`)
        : m.client.post('work-records', workRecordBody({ title: `in flight ${i}` })),
    );
    await new Promise((r) => setImmediate(r));
    const closing = t.app.close();
    const answers = await Promise.all(inFlight);
    await closing;
    expect(answers.map((a) => a.status).sort()).toEqual(
      [...Array(20).fill(200), ...Array(20).fill(201)].sort(),
    );
  });
});

describe('a request arriving while the app closes', () => {
  it('gets 503 SHUTTING_DOWN with Retry-After and Connection: close; /readyz answers 503 at once', async () => {
    // A preClose hook of the test's own holds the close between "closing" and server.close(), so requests
    // can still arrive (as on a kept-alive connection in production) and be looked at.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let reachedPreClose!: () => void;
    const inPreClose = new Promise<void>((r) => (reachedPreClose = r));
    const t = await createTestApp({
      beforeReady: (app) => {
        app.addHook('preClose', async () => {
          reachedPreClose();
          await held;
        });
      },
    });
    try {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const address = t.app.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const closing = t.app.close();
      await inPreClose;
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'shutting down' });
      const api = await fetch(`${base}/api/v1/skills`);
      expect(api.status).toBe(503);
      expect(api.headers.get('retry-after')).toBe('1');
      expect(api.headers.get('connection')).toBe('close');
      expect(await api.json()).toEqual({
        error: { code: 'SHUTTING_DOWN', message: 'This server is restarting. Try again in a moment.' },
      });
      release();
      await closing;
    } finally {
      release();
      await t.database.drop();
    }
  });
});

interface Outcome {
  status: number | 'error';
  code?: string;
  retryAfter?: string | null;
}

async function call(url: string): Promise<Outcome> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
    } catch {
      code = undefined;
    }
    return { status: res.status, code, retryAfter: res.headers.get('retry-after') };
  } catch {
    return { status: 'error' }; // refused or reset: the process stopped taking connections
  }
}

async function serverOn(database: TestDatabase, env: Record<string, string>): Promise<ServerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'slipstream-shutdown-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const server = await startServerProcess({
    env: {
      DATABASE_URL: database.url!,
      DATA_DIR: dataDir,
      RATE_LIMIT: 'false',
      SERVER_TEST_ROUTES: '1',
      ...env,
    },
  });
  cleanups.push(() => server.stop(2_000));
  await server.listening;
  return server;
}

describe('SIGTERM to a server process under load', () => {
  it('finishes the slow requests in flight, refuses new ones, exits 0 within SHUTDOWN_TIMEOUT_MS', async () => {
    const database = await createTestDatabaseUrl();
    cleanups.push(() => database.drop());
    const server = await serverOn(database, { SHUTDOWN_TIMEOUT_MS: '10000' });
    expect((await call(`${server.url}/readyz`)).status).toBe(200);

    // A read load runs throughout, from before the signal until the process has gone.
    let stopLoad = false;
    const load: Outcome[] = [];
    const loader = async () => {
      for (let i = 0; i < 2_000 && !stopLoad; i++) {
        const outcome = await call(`${server.url}/api/v1/skills`);
        load.push(outcome);
        if (outcome.status === 'error') await new Promise((r) => setTimeout(r, 20)); // refused: gone
      }
    };
    const loaders = Array.from({ length: 3 }, loader);
    const slow = Array.from({ length: 8 }, () => call(`${server.url}/test/slow?ms=2500`));
    await new Promise((r) => setTimeout(r, 1_000)); // the slow ones are surely in flight
    const beforeSignal = load.length;
    const signalledAt = Date.now();
    expect(server.signal('SIGTERM')).toBe(true);
    const answered = await Promise.all(slow);
    const exit = await server.exited;
    const tookMs = Date.now() - signalledAt;
    stopLoad = true;
    await Promise.all(loaders);

    const tally = (status: Outcome['status']) => load.filter((o) => o.status === status).length;
    console.info(
      `[shutdown] SIGTERM→exit ${tookMs} ms, exit ${exit.code}; slow in flight ${answered.length}; load ${load.length} ` +
        `(200: ${tally(200)}, 503: ${tally(503)}, refused: ${tally('error')})`,
    );
    expect(answered.map((o) => o.status)).toEqual(Array(8).fill(200));
    expect(beforeSignal).toBeGreaterThan(0);
    expect(load.slice(0, beforeSignal).every((o) => o.status === 200)).toBe(true);
    for (const o of load) {
      // Answered, or (after the signal) refused: a new connection is refused, one that was open gets the
      // app's 503 with Retry-After.
      if (o.status !== 200 && o.status !== 'error') {
        expect(o).toEqual({ status: 503, code: 'SHUTTING_DOWN', retryAfter: '1' });
      }
    }
    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(10_000);
    expect(server.output().stderr).not.toMatch(/driver has already been destroyed/);
    // Nothing failed on the way down: no job used a closed database, no request errored.
    const errors = server
      .output()
      .stdout.split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .filter((l) => l.level >= 50);
    expect(errors).toEqual([]);
  }, 60_000);

  it('past SHUTDOWN_TIMEOUT_MS closes the remaining connections and exits 1 with a log line', async () => {
    const database = await createTestDatabaseUrl();
    cleanups.push(() => database.drop());
    const server = await serverOn(database, { SHUTDOWN_TIMEOUT_MS: '1000' });
    const stuck = call(`${server.url}/test/slow?ms=30000`);
    await new Promise((r) => setTimeout(r, 300));
    const signalledAt = Date.now();
    server.signal('SIGTERM');
    const exit = await server.exited;
    const tookMs = Date.now() - signalledAt;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(tookMs).toBeLessThan(5_000);
    expect((await stuck).status).toBe('error');
    expect(server.output().stdout).toMatch(/shutdown did not finish within SHUTDOWN_TIMEOUT_MS/);
  }, 60_000);
});
