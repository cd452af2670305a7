// PostgreSQL going away under load (ADR 0028): a loopback TCP proxy (process/tcp-proxy.ts) between the app
// and PostgreSQL cuts every connection and refuses new ones, as a restart does, then lets them through
// again. During the outage every request fails fast with 503 DATABASE_UNAVAILABLE, Retry-After and the app's
// error body (also when the host stops answering and only the connect timeout ends the wait), /readyz says
// `database unreachable`, nothing crashes the process (pool 'error' listeners);
// once the database is back the app recovers by itself. The real PostgreSQL server is never touched.
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { CapturingMailer, testConfig } from './helpers/app.js';
import { TestClient } from './helpers/client.js';
import { registerMember, workRecordBody } from './helpers/factories.js';
import { startTcpProxy } from './process/tcp-proxy.js';
import { createTestDatabaseUrl } from './setup/database.js';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

interface Answer {
  at: number;
  ms: number;
  status: number;
  code: string | undefined;
  retryAfter: string | undefined;
  shaped: boolean;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe('PostgreSQL going away under load', () => {
  it('fails fast with 503 DATABASE_UNAVAILABLE, reports it on /readyz, and recovers by itself', async () => {
    const database = await createTestDatabaseUrl();
    cleanups.push(() => database.drop());
    const real = new URL(database.url!);
    const proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
    cleanups.push(() => proxy.close());
    const config = testConfig(proxy.via(database.url!), { DATABASE_CONNECT_TIMEOUT_MS: '1000' });
    const app = await buildApp({
      config,
      mailer: new CapturingMailer(),
      webDist: join(tmpdir(), 'slipstream-test-no-web'),
    });
    await app.ready();
    cleanups.push(() => app.close());

    const member = await registerMember(app);
    const readyz = async () => {
      const res = await new TestClient(app).get<{ status: string; reason?: string }>('/readyz');
      return { status: res.status, body: res.body };
    };
    expect((await readyz()).status).toBe(200);

    // A small load: 4 clients, reads and writes, each request timed.
    const answers: Answer[] = [];
    const started = Date.now();
    let stop = false;
    const client = async (k: number) => {
      for (let i = 0; i < 5_000 && !stop; i++) {
        const t0 = Date.now();
        const res =
          i % 3 === 0
            ? await member.client.post('work-records', workRecordBody({ title: `load ${k}.${i}` }))
            : await member.client.get(`members/${member.handle}/work-records`);
        answers.push({
          at: t0 - started,
          ms: Date.now() - t0,
          status: res.status,
          code: res.error?.code,
          retryAfter: res.headers['retry-after'] as string | undefined,
          shaped:
            res.status < 400 ||
            (typeof res.error?.code === 'string' && typeof res.error.message === 'string'),
        });
        // Bounded: at most ~100 records per client stay under the member's limit of 500.
        if (i > 300) await new Promise((r) => setTimeout(r, 20));
      }
    };
    const clients = [0, 1, 2, 3].map(client);

    await new Promise((r) => setTimeout(r, 1_000));
    const downAt = Date.now() - started;
    await proxy.down();
    await new Promise((r) => setTimeout(r, 1_500));
    const duringOutage = await readyz();
    await new Promise((r) => setTimeout(r, 1_500));
    // Then the host stops answering at all: new connections hang until the connect timeout (1 s here).
    const hangAt = Date.now() - started;
    await proxy.hang();
    await new Promise((r) => setTimeout(r, 2_500));
    const upAt = Date.now() - started;
    await proxy.up();
    // Recovery: the first 2xx after the database is back.
    let recoveredAt: number | undefined;
    for (let i = 0; i < 200 && recoveredAt === undefined; i++) {
      await new Promise((r) => setTimeout(r, 50));
      recoveredAt = answers.find((a) => a.at >= upAt && a.status < 300)?.at;
    }
    await new Promise((r) => setTimeout(r, 1_500));
    stop = true;
    await Promise.all(clients);
    const afterRecovery = await readyz();

    const before = answers.filter((a) => a.at + a.ms < downAt);
    const outage = answers.filter((a) => a.at >= downAt + 50 && a.at + a.ms < upAt);
    const hung = answers.filter((a) => a.at >= hangAt + 50 && a.at + a.ms < upAt);
    const tail = answers.filter((a) => recoveredAt !== undefined && a.at >= recoveredAt + 500);
    const failed = answers.filter((a) => a.status >= 300);
    console.info(
      `[database-away] ${answers.length} requests; before ${before.length} (all 2xx: ${before.every((a) => a.status < 300)}); ` +
        `outage ${outage.length} (503: ${outage.filter((a) => a.status === 503).length}, slowest ${Math.max(0, ...outage.map((a) => a.ms))} ms); ` +
        `hung ${hung.length} (503: ${hung.filter((a) => a.status === 503).length}, slowest ${Math.max(0, ...hung.map((a) => a.ms))} ms); ` +
        `recovered ${recoveredAt === undefined ? 'never' : `${recoveredAt - upAt} ms`} after the database came back; ` +
        `tail ${tail.length} (all 2xx: ${tail.every((a) => a.status < 300)}); sockets cut ${proxy.stats.cut}`,
    );

    expect(before.length).toBeGreaterThan(0);
    expect(before.every((a) => a.status < 300)).toBe(true);
    expect(outage.length).toBeGreaterThan(0);
    for (const a of failed) {
      // Every failure is the clear one: never a 500, always the app's shape with Retry-After.
      expect(a).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', retryAfter: '5', shaped: true });
    }
    expect(outage.every((a) => a.status === 503)).toBe(true);
    // Fast: a request during the outage fails within the connect timeout (1 s) and some slack, not a hang.
    expect(Math.max(...outage.map((a) => a.ms))).toBeLessThan(3_000);
    expect(hung.length).toBeGreaterThan(0);
    expect(duringOutage).toEqual({
      status: 503,
      body: { status: 'unavailable', reason: 'database unreachable' },
    });
    expect(recoveredAt).toBeDefined();
    expect(recoveredAt! - upAt).toBeLessThan(5_000);
    expect(tail.length).toBeGreaterThan(0);
    expect(tail.every((a) => a.status < 300)).toBe(true);
    expect(afterRecovery.status).toBe(200);
  }, 60_000);
});
