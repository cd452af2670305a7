// Request limits shared through Redis (REDIS_URL): counted once for every process, keys under REDIS_PREFIX,
// and the app keeps serving (fail open, one warning) when Redis is away at start or goes away later.
// Two apps stand in for two processes here; server/test/scale-out.postgres.test.ts runs real ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { expectError } from './helpers/assertions.js';
import { createTestApp, LogCapture, type TestApp } from './helpers/app.js';
import {
  deleteRedisKeys,
  REDIS_TEST_URL,
  redisKeys,
  startRedisRelay,
  testRedisPrefix,
} from './helpers/redis.js';

const prefix = testRedisPrefix();
const opened: TestApp[] = [];
async function app(env: Record<string, string>, logStream?: LogCapture): Promise<TestApp> {
  const t = await createTestApp({ rateLimit: true, env, ...(logStream && { logStream }) });
  opened.push(t);
  return t;
}
afterAll(async () => {
  for (const t of opened.splice(0)) await t.close();
  await deleteRedisKeys(prefix);
});

/** An auth-limited request (10 a minute per IP) that does no other work: 400 TOKEN_INVALID until limited. */
const verify = (t: TestApp, ip: string) =>
  t.client({ remoteAddress: ip }).post('auth/verify-email', { token: 'z'.repeat(43) });

function warnings(logs: LogCapture, words: string): number {
  return logs.lines.filter((l) => String(l.msg).includes(words)).length;
}

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('with REDIS_URL', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix };
    a = await app(env);
    b = await app(env);
  });

  it('one limit for every process: 10 spread over two apps, the 11th is 429 on either', async () => {
    const ip = '10.80.0.1';
    for (let i = 0; i < 10; i++) expectError(await verify(i % 2 ? a : b, ip), 400, 'TOKEN_INVALID');
    expectError(await verify(a, ip), 429, 'RATE_LIMITED');
    const res = await verify(b, ip);
    expectError(res, 429, 'RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another IP has its own count.
    expectError(await verify(b, '10.80.0.2'), 400, 'TOKEN_INVALID');
  });

  it('keeps its keys under REDIS_PREFIX, with an expiry', async () => {
    const keys = await redisKeys(prefix);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.startsWith(`${prefix}rate-limit:`), key).toBe(true);
    expect(keys.some((k) => k.includes('/api/v1/auth/verify-email') && k.endsWith('10.80.0.1'))).toBe(true);
  });
});

describe('without REDIS_URL', () => {
  it('each process counts alone', async () => {
    const a = await app({});
    const b = await app({});
    const ip = '10.81.0.1';
    for (let i = 0; i < 10; i++) expectError(await verify(a, ip), 400, 'TOKEN_INVALID');
    expectError(await verify(a, ip), 429, 'RATE_LIMITED');
    expectError(await verify(b, ip), 400, 'TOKEN_INVALID');
  });
});

describe('Redis going away', () => {
  it('at start: the app serves, limits fail open, one warning, no password in the log', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const address = s.address();
        s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const logs = new LogCapture();
    const started = Date.now();
    const t = await app(
      { REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${closed}`, REDIS_PREFIX: prefix, LOG_LEVEL: 'info' },
      logs,
    );
    expect(Date.now() - started).toBeLessThan(15_000); // bounded wait for Redis, not forever
    for (let i = 0; i < 12; i++) expectError(await verify(t, '10.82.0.1'), 400, 'TOKEN_INVALID');
    expect(warnings(logs, 'Redis is unreachable')).toBe(1);
    expect(logs.text).not.toContain('hunter2-secret');
  });

  it('under way: fail open while it is gone, enforced again when it is back', async () => {
    const relay = await startRedisRelay();
    try {
      const logs = new LogCapture();
      const t = await app({ REDIS_URL: relay.url, REDIS_PREFIX: prefix, LOG_LEVEL: 'info' }, logs);
      const ip = '10.83.0.1';
      for (let i = 0; i < 10; i++) expectError(await verify(t, ip), 400, 'TOKEN_INVALID');
      expectError(await verify(t, ip), 429, 'RATE_LIMITED');

      await relay.cut();
      // No 500 and no hang: the check fails at once and the request goes through.
      for (let i = 0; i < 5; i++) expectError(await verify(t, ip), 400, 'TOKEN_INVALID');
      await until('the outage warning', async () => warnings(logs, 'Redis is unreachable') === 1);

      await relay.restore();
      // The counter in Redis outlived the outage: once reconnected, the IP is limited again.
      await until('the limit to hold again', async () => (await verify(t, ip)).status === 429);
      expect(warnings(logs, 'Redis is unreachable')).toBe(1);
      expect(warnings(logs, 'Redis is reachable again')).toBe(1);
    } finally {
      await relay.close();
    }
  });
});
