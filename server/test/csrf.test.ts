// CSRF: cookie-session writes need the session's X-CSRF-Token; bearer writes need none; anonymous writes
// must not come from another origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectSignedIn } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import {
  createAccessToken,
  registerMember,
  registrationBody,
  type RegisteredMember,
} from './helpers/factories.js';

let t: TestApp;
let m: RegisteredMember;
beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
  m = await registerMember(t.app);
});
afterAll(() => t.close());

describe('cookie sessions', () => {
  it('refuses a write without X-CSRF-Token with 403 CSRF_FAILED and changes nothing', async () => {
    const res = await m.client.patch('me', { headline: 'forged' }, { csrf: false });
    expectError(res, 403, 'CSRF_FAILED');
    const row = await t.app.ctx.db
      .selectFrom('members')
      .select('headline')
      .where('id', '=', m.member.id)
      .executeTakeFirstOrThrow();
    expect(row.headline).not.toBe('forged');
  });

  it('refuses a wrong X-CSRF-Token', async () => {
    const res = await m.client.patch(
      'me',
      { headline: 'forged' },
      { csrf: false, headers: { 'x-csrf-token': 'nope' } },
    );
    expectError(res, 403, 'CSRF_FAILED');
  });

  it('refuses the CSRF token of another session', async () => {
    const other = await registerMember(t.app);
    const res = await m.client.patch(
      'me',
      { headline: 'forged' },
      { csrf: false, headers: { 'x-csrf-token': other.client.csrfToken! } },
    );
    expectError(res, 403, 'CSRF_FAILED');
  });

  it('accepts the write with the right token', async () => {
    const res = await m.client.patch('me', { headline: 'genuine' });
    expect(res.status).toBe(200);
  });

  it.each([
    ['POST', 'work-records'],
    ['PATCH', 'work-records/some-id'],
    ['DELETE', 'work-records/some-id'],
    ['POST', 'me/access-tokens'],
    ['DELETE', 'me/access-tokens/some-id'],
    ['POST', 'auth/logout'],
    ['POST', 'auth/verify-email/resend'],
    ['PATCH', 'instance'],
    ['POST', 'instance/invites'],
  ] as const)('guards %s %s', async (method, url) => {
    const res = await m.client.request(method, url, { body: {}, csrf: false });
    expectError(res, 403, 'CSRF_FAILED');
  });

  it('does not need the token for reads', async () => {
    expectSignedIn(await m.client.get('auth/session', { csrf: false }));
  });
});

describe('bearer tokens', () => {
  it('writes without any CSRF token', async () => {
    const { token } = await createAccessToken(m.client);
    const res = await m.client.asToken(token).patch('me', { headline: 'from a script' });
    expect(res.status).toBe(200);
  });

  it('writes from any Origin (a token is not an ambient credential)', async () => {
    const { token } = await createAccessToken(m.client);
    const res = await m.client
      .asToken(token)
      .patch('me', { headline: 'cross-origin script' }, { headers: { origin: 'https://tools.example' } });
    expect(res.status).toBe(200);
  });
});

describe('anonymous writes', () => {
  it('refuses a cross-origin sign-up with 403 CSRF_FAILED', async () => {
    const res = await t.client().post('auth/register', registrationBody(), {
      headers: { origin: 'https://evil.example' },
    });
    expectError(res, 403, 'CSRF_FAILED');
  });

  it('refuses a cross-origin sign-in (login CSRF) even with the right password', async () => {
    const res = await t
      .client()
      .post(
        'auth/login',
        { email: m.email, password: m.password },
        { headers: { origin: 'https://evil.example' } },
      );
    expectError(res, 403, 'CSRF_FAILED');
    expect(res.setCookies).toEqual([]);
  });

  it('refuses the opaque "null" origin', async () => {
    const res = await t
      .client()
      .post('auth/password-reset/request', { email: m.email }, { headers: { origin: 'null' } });
    expectError(res, 403, 'CSRF_FAILED');
  });

  it('accepts the same origin, and requests without an Origin header', async () => {
    const same = await t
      .client()
      .post(
        'auth/login',
        { email: m.email, password: m.password },
        { headers: { origin: 'http://slipstream.example', host: 'slipstream.example' } },
      );
    expect(same.status).toBe(200);
    const none = await t.client().post('auth/login', { email: m.email, password: m.password });
    expect(none.status).toBe(200);
  });

  it('refuses an origin that differs only in port', async () => {
    const res = await t
      .client()
      .post(
        'auth/login',
        { email: m.email, password: m.password },
        { headers: { origin: 'http://slipstream.example:8080', host: 'slipstream.example' } },
      );
    expectError(res, 403, 'CSRF_FAILED');
  });

  it('accepts the PUBLIC_URL origin behind a proxy that rewrites Host', async () => {
    const proxied = await createTestApp({ env: { PUBLIC_URL: 'https://net.example.org' } });
    try {
      const body = registrationBody();
      const ok = await proxied.client().post('auth/register', body, {
        headers: { origin: 'https://net.example.org', host: '127.0.0.1:3000' },
      });
      expect(ok.status).toBe(202);
      const evil = await proxied.client().post('auth/register', registrationBody(), {
        headers: { origin: 'https://evil.example', host: '127.0.0.1:3000' },
      });
      expectError(evil, 403, 'CSRF_FAILED');
    } finally {
      await proxied.close();
    }
  });
});
