// login, logout, getSession: cookie attributes, rotation, revocation, expiry, and no account enumeration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectSignedIn, expectSignedOut, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { parseSetCookie, SESSION_COOKIE, type TestResponse } from './helpers/client.js';
import { createAccessToken, registerMember, signIn, type SessionBody } from './helpers/factories.js';
import { DAY } from '../src/shared/clock.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
});
afterAll(() => t.close());

function sessionCookieOf(res: TestResponse) {
  const cookie = res.setCookies.map(parseSetCookie).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error(`no ${SESSION_COOKIE} cookie in ${JSON.stringify(res.setCookies)}`);
  return cookie;
}

describe('login', () => {
  it('signs in with the right password and returns the member and a CSRF token', async () => {
    const m = await registerMember(t.app);
    const client = t.client();
    const res = await client.post<SessionBody>('auth/login', { email: m.email, password: m.password });
    expect(res.status).toBe(200);
    expect(res.body.member).toMatchObject({ id: m.member.id, handle: m.member.handle, email: m.email });
    expect(res.body.csrfToken).toEqual(expect.any(String));
    expect(res.body.expiresAt).toBe(new Date(t.clock.now().getTime() + 30 * DAY).toISOString());
    expect((await client.get<SessionBody>('auth/session')).body.member.id).toBe(m.member.id);
  });

  it('matches the email case-insensitively', async () => {
    const m = await registerMember(t.app);
    const res = await t.client().post('auth/login', { email: m.email.toUpperCase(), password: m.password });
    expect(res.status).toBe(200);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie without Secure over plain http', async () => {
    const m = await registerMember(t.app);
    const res = await t.client().post('auth/login', { email: m.email, password: m.password });
    const cookie = sessionCookieOf(res);
    expect(cookie.value.length).toBeGreaterThanOrEqual(40);
    expect(cookie.attributes.has('httponly')).toBe(true);
    expect(cookie.attributes.get('samesite')?.toLowerCase()).toBe('lax');
    expect(cookie.attributes.has('secure')).toBe(false);
    expect(cookie.attributes.get('path')).toBe('/');
    expect(new Date(cookie.attributes.get('expires')!).getTime()).toBe(t.clock.now().getTime() + 30 * DAY);
  });

  it('issues a new session id on every sign-in (rotation), even when already signed in', async () => {
    const m = await registerMember(t.app);
    const registerCookie = m.client.sessionCookie!;
    const again = await m.client.post('auth/login', { email: m.email, password: m.password });
    expect(again.status).toBe(200);
    const second = sessionCookieOf(again).value;
    const third = sessionCookieOf(
      await t.client().post('auth/login', { email: m.email, password: m.password }),
    ).value;
    expect(new Set([registerCookie, second, third]).size).toBe(3);
    // The session row's id is a hash of the cookie, never the cookie itself.
    const rows = await t.app.ctx.db
      .selectFrom('sessions')
      .select('id')
      .where('member_id', '=', m.member.id)
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const secret of [registerCookie, second, third]) {
      expect(rows.map((r) => r.id)).not.toContain(secret);
    }
  });

  it('answers a wrong password and an unknown email with the same 401 code and message', async () => {
    const m = await registerMember(t.app);
    const wrong = await t.client().post('auth/login', { email: m.email, password: 'not the password' });
    const unknown = await t
      .client()
      .post('auth/login', { email: 'nobody-here@example.org', password: 'whatever1234' });
    expectError(wrong, 401, 'INVALID_CREDENTIALS');
    expectError(unknown, 401, 'INVALID_CREDENTIALS');
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.setCookies).toEqual([]);
    expect(unknown.setCookies).toEqual([]);
  });

  it.each([
    ['a malformed email', { email: 'nope', password: 'x' }, 'body.email'],
    ['an empty password', { email: 'a@example.org', password: '' }, 'body.password'],
    ['a missing password', { email: 'a@example.org' }, 'body.password'],
    ['an unknown field', { email: 'a@example.org', password: 'x', remember: true }, undefined],
  ])('rejects %s with VALIDATION_FAILED', async (_label, body, path) => {
    expectValidationError(await t.client().post('auth/login', body), path);
  });
});

describe('Secure cookie under HTTPS', () => {
  it('adds Secure when PUBLIC_URL is https', async () => {
    const https = await createTestApp({ env: { PUBLIC_URL: 'https://slipstream.example' } });
    try {
      const signUp = await https.client().post('auth/register', {
        email: 'secure@example.org',
        password: 'correct horse battery staple',
        name: 'Secure',
        handle: 'secure',
      });
      expect(signUp.status).toBe(202);
      // Sign-up sets no cookie; the confirmation link signs in.
      const token = await https.linkTokenFromLastEmail('secure@example.org');
      const res = await https.client().post('auth/verify-email', { token });
      expect(res.status).toBe(200);
      expect(sessionCookieOf(res).attributes.has('secure')).toBe(true);
      expect(String(res.headers['strict-transport-security'])).toMatch(/max-age=\d+/);
    } finally {
      await https.close();
    }
  });
});

describe('getSession', () => {
  it('answers 200 with no member when signed out (not an error)', async () => {
    expectSignedOut(await t.client().get('auth/session'));
  });

  it('answers signed out for a made-up cookie', async () => {
    const client = t.client();
    client.cookies.set(SESSION_COOKIE, 'forged-session-secret-forged-session-secret');
    expectSignedOut(await client.get('auth/session'));
  });

  it('returns the member (with private fields) and the CSRF token of this session', async () => {
    const m = await registerMember(t.app);
    const res = await m.client.get<SessionBody>('auth/session');
    expect(res.status).toBe(200);
    expect(res.body.csrfToken).toBe(m.client.csrfToken);
    expect(res.body.member).toMatchObject({
      email: m.email,
      emailVerified: false,
      role: 'member',
      capacity: 2,
    });
    expect(String(res.headers['cache-control'])).toBe('no-store');
  });

  it('works with an access token (with no CSRF token, since none is needed)', async () => {
    const m = await registerMember(t.app);
    const { token } = await createAccessToken(m.client);
    const res = await m.client.asToken(token).get<SessionBody>('auth/session');
    expect(res.status).toBe(200);
    expect(res.body.member.id).toBe(m.member.id);
    expect(res.body.csrfToken).toBe('');
  });

  it('expires the session after SESSION_DAYS (30)', async () => {
    const m = await registerMember(t.app);
    t.clock.advance(30 * DAY - 1000);
    expectSignedIn(await m.client.get('auth/session'));
    t.clock.advance(2000);
    expectSignedOut(await m.client.get('auth/session'));
  });
});

describe('logout', () => {
  it('revokes the session: the old cookie no longer works', async () => {
    const m = await registerMember(t.app);
    const stolenCopy = m.client.clone();
    const res = await m.client.post('auth/logout');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const cleared = sessionCookieOf(res);
    expect(cleared.value).toBe('');
    expect(m.client.sessionCookie).toBeUndefined();

    // Replaying the old cookie does not help: the session is gone from the database.
    expectSignedOut(await stolenCopy.get('auth/session'));
    const rows = await t.app.ctx.db
      .selectFrom('sessions')
      .select('id')
      .where('member_id', '=', m.member.id)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('leaves the member’s other sessions alone', async () => {
    const m = await registerMember(t.app);
    const other = await signIn(t.app, m);
    expect((await m.client.post('auth/logout')).status).toBe(204);
    expectSignedIn(await other.get('auth/session'));
  });

  it('needs the CSRF token', async () => {
    const m = await registerMember(t.app);
    expectError(await m.client.post('auth/logout', undefined, { csrf: false }), 403, 'CSRF_FAILED');
    expectSignedIn(await m.client.get('auth/session'));
  });

  it('answers 401 when not signed in', async () => {
    expectError(await t.client().post('auth/logout'), 401, 'UNAUTHENTICATED');
  });

  it('with an access token, revokes nothing and the token keeps working', async () => {
    const m = await registerMember(t.app);
    const { token } = await createAccessToken(m.client);
    expect((await m.client.asToken(token).post('auth/logout')).status).toBe(204);
    expectSignedIn(await m.client.asToken(token).get('auth/session'));
    expectSignedIn(await m.client.get('auth/session'));
  });
});
