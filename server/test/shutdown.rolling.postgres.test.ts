// A rolling restart under load (ADR 0028): two server processes on one PostgreSQL database behind the
// loopback proxy (process/proxy.ts, TRUST_PROXY set), a read and write load through it; one process is
// restarted (SIGTERM, wait for its exit, start it again on its port), then the other. Not one request may
// fail: every answer is the expected 2xx, a draining process's 503 SHUTTING_DOWN is retried by the proxy
// (nginx's `proxy_next_upstream http_503`), nothing is a connection error; each process exits 0 within the
// bound, and every acknowledged write is in the database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { CapturingMailer, testConfig } from './helpers/app.js';
import { createAccessToken, registerMember, workRecordBody } from './helpers/factories.js';
import { startProxy } from './process/proxy.js';
import { startServerProcess, type ServerProcess } from './process/server-process.js';
import { createTestDatabaseUrl } from './setup/database.js';
import { openDatabase } from '../src/db/database.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

interface Outcome {
  kind: 'read' | 'write';
  status: number | 'error';
  detail?: string;
}

describe('rolling restart of two processes behind a proxy', () => {
  it('fails no request and loses no write', async () => {
    const database = await createTestDatabaseUrl();
    cleanups.push(() => database.drop());
    const url = database.url!;

    // Members and their access tokens (bearer requests carry no CSRF token), made in this process.
    const seeding = await buildApp({
      config: testConfig(url),
      mailer: new CapturingMailer(),
      webDist: join(tmpdir(), 'slipstream-test-no-web'),
    });
    await seeding.ready();
    const members: { handle: string; token: string; id: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const m = await registerMember(seeding);
      const { token } = await createAccessToken(m.client, { expiresInDays: null });
      members.push({ handle: m.handle, token, id: m.member.id });
    }
    await seeding.close(); // the database stays: the processes use it
    const t0 = Date.now();
    const mark = (what: string) => console.info(`[rolling] ${Date.now() - t0} ms: ${what}`);

    const dataDir = await mkdtemp(join(tmpdir(), 'slipstream-rolling-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env = {
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      RATE_LIMIT: 'false',
      TRUST_PROXY: '127.0.0.1',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    };
    const live: ServerProcess[] = [];
    const start = async (port?: number, waitForGo = false) => {
      const p = await startServerProcess({ env, ...(port !== undefined && { port }), waitForGo });
      cleanups.push(() => p.stop(2_000));
      return p;
    };
    const [a, b] = await Promise.all([start(), start()]);
    // The processes that take over after each restart are loaded now, beside the first two (loading costs
    // seconds of CPU on a busy machine; go() then opens the database and listens in a fraction of one).
    const spares = await Promise.all([start(a!.port, true), start(b!.port, true)]);
    await Promise.all([a!.listening, b!.listening, ...spares.map((p) => p.loaded)]);
    live.push(a!, b!);
    mark('two processes listening, two spares loaded');
    const proxy = await startProxy({ backends: [a!.url, b!.url], retry503: true, healthEveryMs: 200 });
    cleanups.push(() => proxy.close());

    // The load: 4 clients, each a member, two reads for every write, bounded in count and time.
    const outcomes: Outcome[] = [];
    const acknowledged: { memberId: string; id: string }[] = [];
    let stop = false;
    const client = async (k: number) => {
      const m = members[k]!;
      const headers = { authorization: `Bearer ${m.token}`, 'content-type': 'application/json' };
      let writes = 0;
      for (let i = 0; i < 20_000 && !stop; i++) {
        const write = i % 3 === 0 && writes < 450;
        try {
          const res = write
            ? await fetch(`${proxy.url}/api/v1/work-records`, {
                method: 'POST',
                headers,
                body: JSON.stringify(workRecordBody({ title: `rolling ${k}.${i}` })),
                signal: AbortSignal.timeout(20_000),
              })
            : await fetch(`${proxy.url}/api/v1/members/${m.handle}/work-records`, {
                headers,
                signal: AbortSignal.timeout(20_000),
              });
          const text = await res.text();
          outcomes.push({ kind: write ? 'write' : 'read', status: res.status, detail: text.slice(0, 200) });
          if (write && res.status === 201) {
            writes++;
            acknowledged.push({ memberId: m.id, id: (JSON.parse(text) as { id: string }).id });
          }
        } catch (error) {
          outcomes.push({ kind: write ? 'write' : 'read', status: 'error', detail: String(error) });
        }
      }
    };
    const clients = [0, 1, 2, 3].map(client);

    const exits: { code: number | null; ms: number }[] = [];
    const restart = async (index: number) => {
      const old = live[index]!;
      const spare = spares[index]!;
      const t0 = Date.now();
      old.signal('SIGTERM');
      const exit = await old.exited;
      exits.push({ code: exit.code, ms: Date.now() - t0 });
      await spare.go();
      live[index] = spare;
      await proxy.checkNow();
      mark(`process ${index} restarted`);
    };
    await new Promise((r) => setTimeout(r, 1_500));
    await restart(0);
    await new Promise((r) => setTimeout(r, 1_500));
    await restart(1);
    await new Promise((r) => setTimeout(r, 1_500));
    stop = true;
    await Promise.all(clients);

    const bad = outcomes.filter((o) => (o.kind === 'write' ? o.status !== 201 : o.status !== 200));
    console.info(
      `[rolling] ${outcomes.length} requests (${outcomes.filter((o) => o.kind === 'write').length} writes), ` +
        `failed ${bad.length}; proxy retries ${proxy.stats.retries}, proxy 502s ${proxy.stats.failed}; ` +
        `exits ${exits.map((e) => `${e.code} in ${e.ms} ms`).join(', ')}; by backend ${JSON.stringify(proxy.stats.byBackend)}`,
    );
    expect(bad.slice(0, 5)).toEqual([]);
    expect(proxy.stats.failed).toBe(0);
    expect(outcomes.length).toBeGreaterThan(50);
    for (const e of exits) {
      expect(e.code).toBe(0);
      expect(e.ms).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    }
    // Both processes served, before and after their restart.
    expect(Object.keys(proxy.stats.byBackend).length).toBe(2);

    // Every acknowledged write is there.
    const check = openDatabase({ database: { dialect: 'postgres', url }, poolSize: 1 });
    try {
      const rows = await check.db.selectFrom('work_records').select('id').execute();
      const stored = new Set(rows.map((r) => r.id));
      expect(acknowledged.filter((w) => !stored.has(w.id))).toEqual([]);
    } finally {
      await check.destroy();
    }
  }, 120_000);
});
