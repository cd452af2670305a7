// Failed sign-in limits (database-backed): 10 per account+IP and 50 per IP per 15 minutes, 100 per account
// per hour across IPs. Time moves with the ManualClock, never with sleeps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { expectError, expectSignedIn } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { parseSetCookie, TestClient } from './helpers/client.js';
import { registerMember, type RegisteredMember, type SessionBody } from './helpers/factories.js';
import { secondApp } from './helpers/loop.js';
import { DEVICE_COOKIE } from '../src/plugins/auth.js';
import { DAY, MINUTE } from '../src/shared/clock.js';
import { hashSecret } from '../src/shared/ids.js';

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
          device_hash: null,
          created_at: now,
        })),
      )
      .execute();
    expectError(await login('someone-else@example.org', WRONG, '10.9.9.7'), 429, 'TOO_MANY_SIGNIN_ATTEMPTS');
    expect((await login(m.email, m.password, '10.9.9.8')).status).toBe(200);
  });
});

/** 100 recent failures of an account from 10 other IPs, seeded directly (cheaper than 100 argon2 checks). */
async function seedAccountFailures(email: string, n = 100) {
  const now = t.clock.now().toISOString();
  await t.app.ctx.db
    .insertInto('auth_failures')
    .values(
      Array.from({ length: n }, (_, i) => ({
        id: `attacker-${email}-${i}`,
        account_key: email,
        ip: `10.66.${i % 10}.1`,
        device_hash: null,
        created_at: now,
      })),
    )
    .execute();
}

/** A browser that signed in to the account before: a fresh client holding only the device cookie. */
function trustedBrowser(from: RegisteredMember, ip: string) {
  const device = from.client.cookies.get(DEVICE_COOKIE);
  expect(device, 'sign-up sets the device cookie').toBeTruthy();
  const client = t.client({ remoteAddress: ip });
  client.cookies.set(DEVICE_COOKIE, device!);
  return client;
}

describe('nobody can lock an owner out (docs/decisions/0011-sign-in-throttling.md)', () => {
  it('sets an HttpOnly device cookie, scoped to the sign-in routes, at sign-in', async () => {
    const res = await login(m.email, m.password);
    const cookie = res.setCookies.map(parseSetCookie).find((c) => c.name === DEVICE_COOKIE);
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(cookie?.attributes.has('httponly')).toBe(true);
    expect(cookie?.attributes.get('path')).toBe('/api/v1/auth');
    expect(cookie?.attributes.get('samesite')).toBe('Lax');
  });

  it('issues a fresh device cookie at every sign-in, never the value the browser sent', async () => {
    const planted = 'p'.repeat(43);
    const browser = t.client({ remoteAddress: '10.9.9.9' });
    browser.cookies.set(DEVICE_COOKIE, planted);
    expect((await browser.post('auth/login', { email: m.email, password: m.password })).status).toBe(200);
    expect(browser.cookies.get(DEVICE_COOKIE)).not.toBe(planted);
    const trusted = await t.app.ctx.db
      .selectFrom('trusted_devices')
      .select('token_hash')
      .where('token_hash', '=', hashSecret(planted))
      .execute();
    expect(trusted).toEqual([]);
  });

  it('lets the owner in from a browser that signed in before, after attackers used up the account cap', async () => {
    await seedAccountFailures(m.email);
    // An unknown browser is still held by the account cap, even with the right password.
    expectError(await login(m.email, m.password, '10.9.9.1'), 429, 'TOO_MANY_SIGNIN_ATTEMPTS');
    const owner = trustedBrowser(m, '10.9.9.1');
    const res = await owner.post<SessionBody>('auth/login', { email: m.email, password: m.password });
    expect(res.status).toBe(200);
    expectSignedIn(await owner.get('auth/session'));
  });

  it('still limits wrong passwords from a trusted browser, on its own budget', async () => {
    await seedAccountFailures(m.email);
    const browser = trustedBrowser(m, '10.9.9.2');
    for (let i = 0; i < 10; i++) {
      const res = await browser.post('auth/login', { email: m.email, password: WRONG });
      expectError(res, 401, 'INVALID_CREDENTIALS');
    }
    const limited = await browser.post('auth/login', { email: m.email, password: m.password });
    expectError(limited, 429, 'TOO_MANY_SIGNIN_ATTEMPTS');
    expect(limited.headers['retry-after']).toBe(String(15 * 60));
    // Another browser the owner signed in with is not held by this one's failures.
    const second = t.client({ remoteAddress: '10.9.9.3' });
    second.cookies.set(DEVICE_COOKIE, 'y'.repeat(43));
    await t.app.ctx.db
      .insertInto('trusted_devices')
      .values({
        token_hash: hashSecret('y'.repeat(43)),
        member_id: m.member.id,
        created_at: t.clock.now().toISOString(),
        expires_at: new Date(t.clock.now().getTime() + 30 * DAY).toISOString(),
      })
      .execute();
    expect((await second.post('auth/login', { email: m.email, password: m.password })).status).toBe(200);
  });

  it('a device cookie of another account, or a made-up one, earns no trust', async () => {
    await seedAccountFailures(m.email);
    const other = await registerMember(t.app);
    const borrowed = trustedBrowser(other, '10.9.9.4');
    expectError(
      await borrowed.post('auth/login', { email: m.email, password: m.password }),
      429,
      'TOO_MANY_SIGNIN_ATTEMPTS',
    );
    const forged = t.client({ remoteAddress: '10.9.9.5' });
    forged.cookies.set(DEVICE_COOKIE, 'x'.repeat(43));
    expectError(
      await forged.post('auth/login', { email: m.email, password: m.password }),
      429,
      'TOO_MANY_SIGNIN_ATTEMPTS',
    );
  });

  it('a password reset forgets the account failures and trusts the browser that followed the link', async () => {
    await seedAccountFailures(m.email);
    expectError(await login(m.email, m.password, '10.9.9.6'), 429, 'TOO_MANY_SIGNIN_ATTEMPTS');
    await t.client().post('auth/password-reset/request', { email: m.email });
    const token = await t.linkTokenFromLastEmail(m.email);
    const browser = t.client({ remoteAddress: '10.9.9.7' });
    const newPassword = 'a brand new passphrase';
    expect((await browser.post('auth/password-reset/confirm', { token, password: newPassword })).status).toBe(
      200,
    );
    expect(browser.cookies.get(DEVICE_COOKIE)).toBeTruthy();
    // The counters are gone: even an unknown browser gets in with the right password.
    expect((await login(m.email, newPassword, '10.9.9.6')).status).toBe(200);
    const count = await t.app.ctx.db
      .selectFrom('auth_failures')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('account_key', '=', m.email)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('a password reset revokes the trust of every other browser', async () => {
    await seedAccountFailures(m.email);
    const before = trustedBrowser(m, '10.9.9.8');
    await t.client().post('auth/password-reset/request', { email: m.email });
    const token = await t.linkTokenFromLastEmail(m.email);
    const newPassword = 'another new passphrase';
    await t.client().post('auth/password-reset/confirm', { token, password: newPassword });
    await seedAccountFailures(m.email);
    expectError(
      await before.post('auth/login', { email: m.email, password: newPassword }),
      429,
      'TOO_MANY_SIGNIN_ATTEMPTS',
    );
  });
});

describe('simultaneous wrong guesses', () => {
  const N = 16;
  const guess = (app: FastifyInstance, ip: string) =>
    new TestClient(app, { remoteAddress: ip }).post('auth/login', { email: m.email, password: WRONG });

  it(`of ${N} at once from one IP, exactly 10 reach the password check`, async () => {
    const replies = await Promise.all(Array.from({ length: N }, () => guess(t.app, '198.51.100.77')));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(N - 10);
    const count = await t.app.ctx.db
      .selectFrom('auth_failures')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('account_key', '=', m.email)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(10);
    expectError(await login(m.email, m.password, '198.51.100.77'), 429, 'TOO_MANY_SIGNIN_ATTEMPTS');
  });

  it('across two app processes on the same database, the limit still holds exactly', async () => {
    const second = await secondApp(t);
    try {
      const replies = await Promise.all(
        Array.from({ length: N }, (_, i) => guess(i % 2 ? second : t.app, '198.51.100.78')),
      );
      expect(replies.filter((r) => r.status === 401)).toHaveLength(10);
      expect(replies.filter((r) => r.status === 429)).toHaveLength(N - 10);
    } finally {
      await second.close();
    }
  });
});
