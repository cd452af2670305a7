// The check for other app processes on the same database (jobs/peers.ts, db/processes.ts): on PostgreSQL
// without REDIS_URL it counts the other Slipstream server processes in pg_stat_activity; on SQLite, with
// REDIS_URL or with limits off there is nothing to check. The warning itself, between real processes, is in
// server/test/scale-out.postgres.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { otherServerProcesses, SERVER_APPLICATION_NAME } from '../src/db/processes.js';
import { createPeerCheck } from '../src/jobs/peers.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { REDIS_TEST_URL, testRedisPrefix } from './helpers/redis.js';
import { testDialect } from './setup/database.js';

const opened: TestApp[] = [];
afterAll(async () => {
  for (const t of opened.splice(0)) await t.close();
});
async function app(options: Parameters<typeof createTestApp>[0]) {
  const t = await createTestApp(options);
  opened.push(t);
  return t;
}

describe('the peer check', () => {
  it('names this process in at most 63 characters, ASCII only', () => {
    expect(SERVER_APPLICATION_NAME).toMatch(/^slipstream [\x21-\x7e]+:\d+ [0-9a-f]{6}$/);
    expect(SERVER_APPLICATION_NAME.length).toBeLessThanOrEqual(63);
  });

  it('has nothing to check with limits off, or with REDIS_URL', async () => {
    const off = await app({});
    expect(await createPeerCheck(off.app.ctx)()).toBeUndefined();
    const shared = await app({
      rateLimit: true,
      env: { REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: testRedisPrefix() },
    });
    expect(await createPeerCheck(shared.app.ctx)()).toBeUndefined();
  });

  it(
    testDialect() === 'postgres'
      ? 'counts the other server processes on this database, not itself'
      : 'has nothing to check on SQLite (one file, one machine)',
    async () => {
      const t = await app({ rateLimit: true });
      const check = createPeerCheck(t.app.ctx);
      if (testDialect() === 'sqlite') {
        expect(await check()).toBeUndefined();
        return;
      }
      // Only this process (its own name) is connected: no other.
      expect(await check()).toBe(0);
      // Seen from a process with another name, this one's open connection counts.
      expect(
        await otherServerProcesses(t.app.ctx.db, 'slipstream someone-else:1 000000'),
      ).toBeGreaterThanOrEqual(1);
    },
  );
});
