// Issue 10 — the member's account: changePassword, changeEmail + confirmEmailChange, listSessions,
// revokeSession, the access tokens' default expiry, and the security events each writes to the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError, expectSignedOut } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { TestClient } from './helpers/client.js';
import {
  createAccessToken,
  registerMember,
  signIn,
  unique,
  type RegisteredMember,
  type SessionBody,
} from './helpers/factories.js';
import { DAY, HOUR } from '../src/shared/clock.js';
import { LOGIN_LIMITS } from '../src/modules/auth/auth.service.js';
import { describeDevice } from '../src/modules/auth/devices.js';
import { captureStatements, sqlitePlan } from './helpers/statements.js';
import { testDialect } from './setup/database.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
});
afterAll(() => t.close());

const NEW_PASSWORD = 'a completely new passphrase';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

interface SessionItem {
  id: string;
  device: string;
  userAgent: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}
interface AuditLine {
  id: string;
  action: string;
  description: string;
  createdAt: string;
  actor: { handle: string | null; name: string } | null;
  member: { handle: string | null; name: string } | null;
  ip: string | null;
  userAgent: string | null;
}

async function activity(client: TestClient): Promise<AuditLine[]> {
  const res = await client.get<{ items: AuditLine[] }>('audit-log');
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

async function auditRows(memberId: string, action: string) {
  return t.app.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('member_id', '=', memberId)
    .where('action', '=', action)
    .execute();
}

/** Signs in from a new browser (its own user agent and address). */
async function signInFrom(m: RegisteredMember, userAgent: string, remoteAddress: string) {
  const client = new TestClient(t.app, { userAgent, remoteAddress });
  const res = await client.post<SessionBody>('auth/login', { email: m.email, password: m.password });
  expect(res.status, res.text).toBe(200);
  return client;
}

describe('changePassword', () => {
  it('keeps this session, signs out every other one, revokes every token, emails the member and records it', async () => {
    const m = await registerMember(t.app);
    const phone = await signInFrom(m, IPHONE, '203.0.113.9');
    const { token } = await createAccessToken(m.client);
    const res = await m.client.post<{ sessionsSignedOut: number; tokensRevoked: number; message: string }>(
      'auth/password',
      { currentPassword: m.password, newPassword: NEW_PASSWORD },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ sessionsSignedOut: 1, tokensRevoked: 1 });

    expect((await m.client.get('auth/session')).status).toBe(200);
    expectSignedOut(await phone.get('auth/session'));
    expectError(await m.client.asToken(token).get('auth/session'), 401, 'INVALID_TOKEN');

    // The old password no longer signs in; the new one does.
    expectError(
      await t.client().post('auth/login', { email: m.email, password: m.password }),
      401,
      'INVALID_CREDENTIALS',
    );
    expect((await t.client().post('auth/login', { email: m.email, password: NEW_PASSWORD })).status).toBe(
      200,
    );

    const email = await t.lastEmailTo(m.email);
    expect(email.subject).toMatch(/password was changed/);
    expect(email.text).toContain('/settings/security');
    expect(email.text).toContain('/forgot-password');

    const [line] = await auditRows(m.member.id, 'security.password_changed');
    expect(line).toMatchObject({ actor_id: m.member.id, ip: '127.0.0.1', user_agent: 'slipstream-test' });
    expect(JSON.parse(line!.detail)).toEqual({ sessionsSignedOut: 1, tokensRevoked: 1 });
    const lines = await activity(m.client);
    expect(lines.map((l) => l.description)).toContain(
      'Password changed; 1 other session signed out, 1 access token revoked',
    );
  });

  it('refuses a wrong current password with 403 WRONG_PASSWORD and changes nothing', async () => {
    const m = await registerMember(t.app);
    const other = await signIn(t.app, m);
    const res = await m.client.post('auth/password', {
      currentPassword: 'not my password at all',
      newPassword: NEW_PASSWORD,
    });
    expectError(res, 403, 'WRONG_PASSWORD');
    expect((await other.get('auth/session')).status).toBe(200);
    expect((await t.client().post('auth/login', { email: m.email, password: m.password })).status).toBe(200);
    expect(await auditRows(m.member.id, 'security.password_changed')).toHaveLength(0);
  });

  it('counts wrong current passwords under the sign-in limits (429 past them)', async () => {
    const m = await registerMember(t.app);
    for (let i = 0; i < LOGIN_LIMITS.perTrustedDevice.max; i++) {
      expectError(
        await m.client.post('auth/password', {
          currentPassword: `guess number ${i}`,
          newPassword: NEW_PASSWORD,
        }),
        403,
        'WRONG_PASSWORD',
      );
    }
    expectError(
      await m.client.post('auth/password', { currentPassword: m.password, newPassword: NEW_PASSWORD }),
      429,
      'TOO_MANY_SIGNIN_ATTEMPTS',
    );
    t.clock.advance(HOUR);
    expect(
      (await m.client.post('auth/password', { currentPassword: m.password, newPassword: NEW_PASSWORD }))
        .status,
    ).toBe(200);
  });

  it.each([
    ['a short new password', { currentPassword: 'x', newPassword: 'short' }, 'body.newPassword'],
    ['a missing current password', { newPassword: NEW_PASSWORD }, 'body.currentPassword'],
    ['an empty current password', { currentPassword: '', newPassword: NEW_PASSWORD }, 'body.currentPassword'],
    ['an unknown field', { currentPassword: 'x', newPassword: NEW_PASSWORD, logoutAll: true }, undefined],
  ])('refuses %s with VALIDATION_FAILED, as sign-up does', async (_label, body, path) => {
    const m = await registerMember(t.app);
    expectValidationError(await m.client.post('auth/password', body), path);
  });

  it('refuses the same password with 400 PASSWORD_UNCHANGED', async () => {
    const m = await registerMember(t.app);
    const res = await m.client.post('auth/password', {
      currentPassword: m.password,
      newPassword: m.password,
    });
    expectError(res, 400, 'PASSWORD_UNCHANGED');
  });

  it('needs a browser session (403 SESSION_REQUIRED for a token) and the CSRF token', async () => {
    const m = await registerMember(t.app);
    const { token } = await createAccessToken(m.client);
    const body = { currentPassword: m.password, newPassword: NEW_PASSWORD };
    expectError(await m.client.asToken(token).post('auth/password', body), 403, 'SESSION_REQUIRED');
    expectError(await m.client.post('auth/password', body, { csrf: false }), 403, 'CSRF_FAILED');
    expectError(await t.client().post('auth/password', body), 401, 'UNAUTHENTICATED');
  });
});

describe('changeEmail and confirmEmailChange', () => {
  it('sends a link to the new address, tells the old one, and applies the change when the link is opened', async () => {
    const m = await registerMember(t.app);
    const newEmail = `${unique('moved')}@example.org`;
    const res = await m.client.post<{ status: string; email: string }>('auth/email', {
      currentPassword: m.password,
      newEmail: newEmail.toUpperCase(),
    });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ status: 'confirmation_sent', email: newEmail });

    const told = await t.lastEmailTo(m.email);
    expect(told.subject).toMatch(/change of your .* email address was requested/);
    expect(told.text).toContain(newEmail);
    expect(told.text).not.toMatch(/token=/);
    // Nothing changes until the link is opened.
    expect((await m.client.get<SessionBody>('auth/session')).body.member.email).toBe(m.email);

    const token = await t.linkTokenFromLastEmail(newEmail);
    expect((await t.lastEmailTo(newEmail)).text).toContain('/confirm-email?token=');
    const confirmed = await t.client().post<{ email: string }>('auth/email/confirm', { token });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body.email).toBe(newEmail);
    // Opening the link signs nobody in.
    expect(confirmed.setCookies).toEqual([]);

    const session = await m.client.get<SessionBody>('auth/session');
    expect(session.body.member).toMatchObject({ email: newEmail, emailVerified: true });
    const changed = await t.lastEmailTo(m.email);
    expect(changed.subject).toMatch(/email address was changed/);
    expect(changed.text).toContain(newEmail);

    // Sign-in uses the new address; the old one is free.
    expect((await t.client().post('auth/login', { email: newEmail, password: m.password })).status).toBe(200);
    expectError(
      await t.client().post('auth/login', { email: m.email, password: m.password }),
      401,
      'INVALID_CREDENTIALS',
    );
    // The link works once.
    expectError(await t.client().post('auth/email/confirm', { token }), 400, 'TOKEN_INVALID');

    const descriptions = (await activity(m.client)).map((l) => l.description);
    expect(descriptions).toContain(`Asked to change the email address to ${newEmail}`);
    expect(descriptions).toContain(`Email address changed from ${m.email} to ${newEmail}`);
  });

  it('answers the same for an address another account has, and emails that address instead of a link', async () => {
    const m = await registerMember(t.app);
    const other = await registerMember(t.app);
    const taken = await m.client.post<{ status: string; email: string; message: string }>('auth/email', {
      currentPassword: m.password,
      newEmail: other.email,
    });
    const free = await m.client.post<{ status: string; email: string; message: string }>('auth/email', {
      currentPassword: m.password,
      newEmail: `${unique('free')}@example.org`,
    });
    expect(taken.status).toBe(202);
    expect(free.status).toBe(202);
    expect(Object.keys(taken.body).sort()).toEqual(Object.keys(free.body).sort());
    expect(taken.body.message.replace(taken.body.email, 'X')).toBe(
      free.body.message.replace(free.body.email, 'X'),
    );

    const toOther = await t.lastEmailTo(other.email);
    expect(toOther.subject).toMatch(/already has a/);
    expect(toOther.text).not.toMatch(/token=/);
    expect(toOther.text).not.toContain(m.email);
    expect((await other.client.get<SessionBody>('auth/session')).body.member.email).toBe(other.email);
  });

  it('refuses the link with 409 EMAIL_TAKEN when the address came to belong to another account meanwhile', async () => {
    const m = await registerMember(t.app);
    const wanted = `${unique('race')}@example.org`;
    expect(
      (await m.client.post('auth/email', { currentPassword: m.password, newEmail: wanted })).status,
    ).toBe(202);
    const token = await t.linkTokenFromLastEmail(wanted);
    await registerMember(t.app, { email: wanted });
    const res = await t.client().post('auth/email/confirm', { token });
    expectError(res, 409, 'EMAIL_TAKEN');
    expect(res.error?.message).toContain(wanted);
    expect((await m.client.get<SessionBody>('auth/session')).body.member.email).toBe(m.email);
  });

  it('only the newest link works, and a link expires after 24 hours', async () => {
    const m = await registerMember(t.app);
    const first = `${unique('first')}@example.org`;
    const second = `${unique('second')}@example.org`;
    await m.client.post('auth/email', { currentPassword: m.password, newEmail: first });
    const firstToken = await t.linkTokenFromLastEmail(first);
    await m.client.post('auth/email', { currentPassword: m.password, newEmail: second });
    const secondToken = await t.linkTokenFromLastEmail(second);
    expectError(await t.client().post('auth/email/confirm', { token: firstToken }), 400, 'TOKEN_INVALID');
    t.clock.advance(DAY + 1000);
    expectError(await t.client().post('auth/email/confirm', { token: secondToken }), 400, 'TOKEN_INVALID');
    expect((await m.client.get<SessionBody>('auth/session')).body.member.email).toBe(m.email);
  });

  it('refuses a wrong password (403), the current address (400), a malformed one (400) and a token (403)', async () => {
    const m = await registerMember(t.app);
    expectError(
      await m.client.post('auth/email', { currentPassword: 'wrong password', newEmail: 'x@example.org' }),
      403,
      'WRONG_PASSWORD',
    );
    expectError(
      await m.client.post('auth/email', { currentPassword: m.password, newEmail: m.email.toUpperCase() }),
      400,
      'EMAIL_UNCHANGED',
    );
    expectValidationError(
      await m.client.post('auth/email', { currentPassword: m.password, newEmail: 'not-an-address' }),
      'body.newEmail',
    );
    const { token } = await createAccessToken(m.client);
    expectError(
      await m.client
        .asToken(token)
        .post('auth/email', { currentPassword: m.password, newEmail: 'y@example.org' }),
      403,
      'SESSION_REQUIRED',
    );
    expect(await auditRows(m.member.id, 'security.email_change_requested')).toHaveLength(0);
  });
});

describe('listSessions and revokeSession', () => {
  it('lists live sessions with a readable device, the address, times, and the current one first', async () => {
    const m = await registerMember(t.app);
    await signInFrom(m, FIREFOX, '198.51.100.7');
    await signInFrom(m, IPHONE, '203.0.113.20');
    const res = await m.client.get<{ items: SessionItem[] }>('auth/sessions');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    const [current, ...others] = res.body.items;
    expect(current).toMatchObject({ current: true, ip: '127.0.0.1', userAgent: 'slipstream-test' });
    expect(others.map((s) => [s.device, s.ip, s.current])).toEqual(
      expect.arrayContaining([
        ['Firefox on Linux', '198.51.100.7', false],
        ['Safari on iPhone', '203.0.113.20', false],
      ]),
    );
    for (const s of res.body.items) {
      expect(s.createdAt).toBe(t.clock.now().toISOString());
      expect(s.expiresAt).toBe(new Date(t.clock.now().getTime() + 30 * DAY).toISOString());
    }
    // Ended sessions are not listed.
    t.clock.advance(30 * DAY + 1000);
    const again = await signIn(t.app, m);
    const later = await again.get<{ items: SessionItem[] }>('auth/sessions');
    expect(later.body.items).toHaveLength(1);
  });

  it('reads the client address from X-Forwarded-For only behind a trusted proxy (TRUST_PROXY)', async () => {
    // Fastify 5 ignores a bare hop count (it cannot check the peer), so the proxy is named by address.
    const proxied = await createTestApp({ env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      await registerMember(proxied.app, { handle: 'proxyadmin' });
      const m = await registerMember(proxied.app);
      const client = new TestClient(proxied.app);
      await client.post(
        'auth/login',
        { email: m.email, password: m.password },
        {
          headers: { 'x-forwarded-for': '192.0.2.44' },
        },
      );
      const list = await client.get<{ items: SessionItem[] }>('auth/sessions');
      expect(list.body.items.find((s) => s.current)?.ip).toBe('192.0.2.44');
    } finally {
      await proxied.close();
    }
    const m = await registerMember(t.app);
    const client = new TestClient(t.app);
    await client.post(
      'auth/login',
      { email: m.email, password: m.password },
      {
        headers: { 'x-forwarded-for': '192.0.2.44' },
      },
    );
    const list = await client.get<{ items: SessionItem[] }>('auth/sessions');
    expect(list.body.items.find((s) => s.current)?.ip).toBe('127.0.0.1');
  });

  it('revokes one of your sessions at once and records it; the others stay', async () => {
    const m = await registerMember(t.app);
    const laptop = await signInFrom(m, FIREFOX, '198.51.100.7');
    const phone = await signInFrom(m, IPHONE, '203.0.113.20');
    const list = await m.client.get<{ items: SessionItem[] }>('auth/sessions');
    const target = list.body.items.find((s) => s.device === 'Firefox on Linux')!;
    t.clock.advance(1000);
    const res = await m.client.delete(`auth/sessions/${target.id}`);
    expect(res.status).toBe(204);
    expectSignedOut(await laptop.get('auth/session'));
    expect((await phone.get('auth/session')).status).toBe(200);
    expect((await m.client.get('auth/session')).status).toBe(200);
    expectError(await m.client.delete(`auth/sessions/${target.id}`), 404, 'SESSION_NOT_FOUND');
    const lines = await activity(m.client);
    expect(lines[0]).toMatchObject({
      action: 'security.session_revoked',
      description: 'Signed out a session (Firefox on Linux)',
    });
  });

  it("answers 404 for another member's session and leaves it signed in", async () => {
    const m = await registerMember(t.app);
    const victim = await registerMember(t.app);
    const theirs = await victim.client.get<{ items: SessionItem[] }>('auth/sessions');
    const id = theirs.body.items[0]!.id;
    expectError(await m.client.delete(`auth/sessions/${id}`), 404, 'SESSION_NOT_FOUND');
    expectError(await m.client.delete('auth/sessions/made-up-id'), 404, 'SESSION_NOT_FOUND');
    expect((await victim.client.get('auth/session')).status).toBe(200);
  });

  it('revoking the current session signs this browser out and clears its cookie', async () => {
    const m = await registerMember(t.app);
    const list = await m.client.get<{ items: SessionItem[] }>('auth/sessions');
    const res = await m.client.delete(`auth/sessions/${list.body.items[0]!.id}`);
    expect(res.status).toBe(204);
    expect(m.client.sessionCookie).toBeUndefined();
    const lines = await activity(await signIn(t.app, m));
    expect(lines.find((l) => l.action === 'security.session_revoked')?.description).toBe(
      `Signed out this session (${describeDevice('slipstream-test')})`,
    );
  });

  it('needs a browser session', async () => {
    const m = await registerMember(t.app);
    const { token } = await createAccessToken(m.client);
    expectError(await m.client.asToken(token).get('auth/sessions'), 403, 'SESSION_REQUIRED');
    expectError(await t.client().get('auth/sessions'), 401, 'UNAUTHENTICATED');
  });
});

describe('security events', () => {
  it('a sign-in from a browser the account does not know is an event; the same browser again is not', async () => {
    const m = await registerMember(t.app);
    const before = (await auditRows(m.member.id, 'security.signin_new_device')).length;
    expect(before).toBe(1); // registerMember signed in from a fresh client
    const laptop = await signInFrom(m, FIREFOX, '198.51.100.7');
    // The same browser (its device cookie) signs in again: nothing new.
    expect((await laptop.post('auth/login', { email: m.email, password: m.password })).status).toBe(200);
    const rows = await auditRows(m.member.id, 'security.signin_new_device');
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.ip === '198.51.100.7')).toMatchObject({ user_agent: FIREFOX });
    const lines = await activity(m.client);
    expect(lines.map((l) => l.description)).toContain('Signed in from a new device: Firefox on Linux');
  });

  it('a password reset from the emailed link is a password change too', async () => {
    const m = await registerMember(t.app);
    t.clock.advance(5 * 60_000);
    expect((await t.client().post('auth/password-reset/request', { email: m.email })).status).toBe(202);
    const token = await t.linkTokenFromLastEmail(m.email);
    t.clock.advance(1000);
    const client = new TestClient(t.app, { userAgent: FIREFOX, remoteAddress: '198.51.100.7' });
    expect((await client.post('auth/password-reset/confirm', { token, password: NEW_PASSWORD })).status).toBe(
      200,
    );
    const [line] = await auditRows(m.member.id, 'security.password_changed');
    expect(line).toMatchObject({ ip: '198.51.100.7', user_agent: FIREFOX });
    const signedIn = await signIn(t.app, { email: m.email, password: NEW_PASSWORD });
    expect((await activity(signedIn)).map((l) => l.description)).toContain(
      'Password reset from the emailed link; every session was signed out',
    );
  });

  it('creating and revoking an access token are events', async () => {
    const m = await registerMember(t.app);
    t.clock.advance(1000);
    const created = await createAccessToken(m.client, { name: 'Nightly export' });
    const expires = new Date(t.clock.now().getTime() + 90 * DAY).toISOString().slice(0, 10);
    t.clock.advance(1000);
    expect((await m.client.delete(`me/access-tokens/${created.id}`)).status).toBe(204);
    const descriptions = (await activity(m.client)).map((l) => l.description);
    expect(descriptions.slice(0, 2)).toEqual([
      'Revoked the access token “Nightly export”',
      `Created the access token “Nightly export”, expiring ${expires}`,
    ]);
  });
});

describe('access tokens expire by default', () => {
  it('expires in 90 days when no expiry is given, never with null', async () => {
    const m = await registerMember(t.app);
    const byDefault = await createAccessToken(m.client);
    expect(byDefault.expiresAt).toBe(new Date(t.clock.now().getTime() + 90 * DAY).toISOString());
    const res = await m.client.post<{ expiresAt: string | null }>('me/access-tokens', {
      name: 'forever',
      expiresInDays: null,
    });
    expect(res.status).toBe(201);
    expect(res.body.expiresAt).toBeNull();
  });
});

if (testDialect() === 'sqlite') {
  describe('query plans', () => {
    it('the sessions list searches the member’s sessions by index (sessions_member), no table scan', async () => {
      const m = await registerMember(t.app);
      const { queries, result } = await captureStatements(t, () => m.client.get('auth/sessions'));
      expect(result.status).toBe(200);
      const list = queries.find((q) => /from "sessions"/.test(q.sql) && /order by/.test(q.sql))!;
      const plan = (await sqlitePlan(t.app.ctx.db, list)).map((l) => l.detail).join('\n');
      expect(plan).toMatch(/SEARCH sessions USING INDEX sessions_member \(member_id=\?\)/);
      expect(plan).not.toMatch(/^SCAN sessions/m);
    });
  });
}
