// Failed sign-in limits (database-backed): 10 per account+IP and 50 per IP per 15 minutes, 100 per account
// per hour across IPs. Time moves with the ManualClock, never with sleeps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { registerMember, type RegisteredMember } from './helpers/factories.js';
import { MINUTE } from '../src/shared/clock.js';

let t: TestApp;
let m: RegisteredMember;
beforeEach(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
  m = await registerMember(t.app);
});
afterEach(() => t.close());

const WRONG = 'definitely not it';

async function login(email: string, password: string, ip = '198.51.100.1') {
  return t.client().post('auth/login', { email, password }, { remoteAddress: ip });
}

async function failTimes(n: number, email: string, ip: string) {
  for (let i = 0; i < n; i++) expectError(await login(email, WRONG, ip), 401, 'INVALID_CREDENTIALS');
}

describe('per account and IP: 10 failures in 15 minutes', () => {
  it('refuses the 11th attempt with 429, Retry-After and TOO_MANY_SIGNIN_ATTEMPTS', async () => {
    await failTimes(10, m.email, '198.51.100.1');
    const res = await login(m.email, WRONG, '198.51.100.1');
    expectError(res, 429, 'TOO_MANY_SIGNIN_ATTEMPTS');
    // All failures happened at the same instant, so the window ends 15 minutes from now.
    expect(res.headers['retry-after']).toBe(String(15 * 60));
    expect(res.error?.details).toEqual({ retryAfterSeconds: 15 * 60 });
  });

  it('still refuses the right password while limited', async () => {
    await failTimes(10, m.email, '198.51.100.1');
    const res = await login(m.email, m.password, '198.51.100.1');
    expectError(res, 429, 'TOO_MANY_SIGNIN_ATTEMPTS');
    expect(res.setCookies).toEqual([]);
  });

  it('counts Retry-After from the oldest failure in the window', async () => {
    await failTimes(1, m.email, '198.51.100.1');
    t.clock.advance(5 * MINUTE);
    await failTimes(9, m.email, '198.51.100.1');
    const res = await login(m.email, m.password, '198.51.100.1');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe(String(10 * 60));
  });

  it('recovers once the window has passed', async () => {
    await failTimes(10, m.email, '198.51.100.1');
    t.clock.advance(15 * MINUTE - 1000);
    expect((await login(m.email, m.password, '198.51.100.1')).status).toBe(429);
    t.clock.advance(2000);
    expect((await login(m.email, m.password, '198.51.100.1')).status).toBe(200);
  });

  it('does not block the same account from another IP', async () => {
    await failTimes(10, m.email, '198.51.100.1');
    expect((await login(m.email, m.password, '203.0.113.9')).status).toBe(200);
  });

  it('does not block another account from the same IP', async () => {
    const other = await registerMember(t.app);
    await failTimes(10, m.email, '198.51.100.1');
    expect((await login(other.email, other.password, '198.51.100.1')).status).toBe(200);
  });

  it('counts an unknown email like a known one, case-insensitively', async () => {
    await failTimes(5, 'Ghost@Example.org', '198.51.100.1');
    await failTimes(5, 'ghost@example.org', '198.51.100.1');
    expectError(await login('GHOST@example.org', WRONG, '198.51.100.1'), 429, 'TOO_MANY_SIGNIN_ATTEMPTS');
  });

  it('forgets the failures of an account and IP after a successful sign-in', async () => {
    await failTimes(9, m.email, '198.51.100.1');
    expect((await login(m.email, m.password, '198.51.100.1')).status).toBe(200);
    await failTimes(9, m.email, '198.51.100.1');
    expect((await login(m.email, m.password, '198.51.100.1')).status).toBe(200);
  });
});

describe('per IP: 50 failures in 15 minutes, whatever the accounts', () => {
  it('limits one IP trying many accounts', async () => {
    const ip = '192.0.2.50';
    for (let i = 0; i < 5; i++) await failTimes(10, `victim${i}@example.org`, ip);
    const res = await login(m.email, m.password, ip);
    expectError(res, 429, 'TOO_MANY_SIGNIN_ATTEMPTS');
    expect(Number(res.headers['retry-after'])).toBe(15 * 60);
    // Another IP is unaffected.
    expect((await login(m.email, m.password, '192.0.2.51')).status).toBe(200);
  });
});

describe('per account across IPs: 100 failures an hour', () => {
  it('caps one account at 100 failures an hour across many IPs, then recovers', async () => {
    // 10 IPs × 10 failures: each IP stays at the per-account+IP limit, none is blocked by the per-IP one.
    for (let i = 0; i < 10; i++) await failTimes(10, m.email, `10.1.${i}.1`);
    const fresh = '10.9.9.9';
    const res = await login(m.email, m.password, fresh);
    expectError(res, 429, 'TOO_MANY_SIGNIN_ATTEMPTS');
    expect(res.headers['retry-after']).toBe(String(60 * 60));

    // The per-account+IP windows (15 min) have passed, but the hourly account cap still holds.
    t.clock.advance(30 * MINUTE);
    expectError(await login(m.email, m.password, fresh), 429, 'TOO_MANY_SIGNIN_ATTEMPTS');

    t.clock.advance(30 * MINUTE + 1000);
    expect((await login(m.email, m.password, fresh)).status).toBe(200);
  });

  it('does not count other accounts toward the cap', async () => {
    // Seeded directly (cheaper than 100 argon2 checks): 100 recent failures of another account from many IPs.
    const now = t.clock.now().toISOString();
    await t.app.ctx.db
      .insertInto('auth_failures')
      .values(
        Array.from({ length: 100 }, (_, i) => ({
          id: `seeded-${i}`,
          account_key: 'someone-else@example.org',
          ip: `10.2.${i % 10}.1`,
          created_at: now,
        })),
      )
      .execute();
    expectError(await login('someone-else@example.org', WRONG, '10.9.9.7'), 429, 'TOO_MANY_SIGNIN_ATTEMPTS');
    expect((await login(m.email, m.password, '10.9.9.8')).status).toBe(200);
  });
});
