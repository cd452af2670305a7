// verifyEmail and resendVerification: the link token from the email, single use, 48-hour expiry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import type { TestClient } from './helpers/client.js';
import { createAccessToken, registerMember, type SessionBody } from './helpers/factories.js';
import { HOUR } from '../src/shared/clock.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
});
afterAll(() => t.close());

async function emailVerified(client: TestClient) {
  const res = await client.get<SessionBody>('auth/session');
  return res.body.member.emailVerified;
}

describe('verifyEmail', () => {
  it('confirms the address with the token from the email and signs that browser in; other sessions show it too', async () => {
    const m = await registerMember(t.app);
    expect(await emailVerified(m.client)).toBe(false);
    const token = await t.linkTokenFromLastEmail(m.email);

    // The link works without being signed in (it may be opened on another device), and signs in there.
    const browser = t.client();
    const res = await browser.post<SessionBody>('auth/verify-email', { token });
    expect(res.status).toBe(200);
    expect(res.body.member).toMatchObject({ id: m.member.id, emailVerified: true });
    expect(await emailVerified(browser)).toBe(true);
    expect(await emailVerified(m.client)).toBe(true);

    const row = await t.app.ctx.db
      .selectFrom('members')
      .select('email_verified_at')
      .where('id', '=', m.member.id)
      .executeTakeFirstOrThrow();
    expect(row.email_verified_at).toBe(t.clock.now().toISOString());
  });

  it('stores only a hash of the link token', async () => {
    const m = await registerMember(t.app);
    const token = await t.linkTokenFromLastEmail(m.email);
    const rows = await t.app.ctx.db
      .selectFrom('email_tokens')
      .selectAll()
      .where('member_id', '=', m.member.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('accepts each token once', async () => {
    const m = await registerMember(t.app);
    const token = await t.linkTokenFromLastEmail(m.email);
    expect((await t.client().post('auth/verify-email', { token })).status).toBe(200);
    expectError(await t.client().post('auth/verify-email', { token }), 400, 'TOKEN_INVALID');
  });

  it('rejects a token older than 48 hours', async () => {
    const m = await registerMember(t.app);
    const token = await t.linkTokenFromLastEmail(m.email);
    t.clock.advance(48 * HOUR + 1000);
    expectError(await t.client().post('auth/verify-email', { token }), 400, 'TOKEN_INVALID');
    expect(await emailVerified(m.client)).toBe(false);
  });

  it('accepts a token just inside 48 hours', async () => {
    const m = await registerMember(t.app);
    const token = await t.linkTokenFromLastEmail(m.email);
    t.clock.advance(48 * HOUR - 1000);
    expect((await t.client().post('auth/verify-email', { token })).status).toBe(200);
  });

  it('rejects an unknown token', async () => {
    const res = await t.client().post('auth/verify-email', { token: 'x'.repeat(43) });
    expectError(res, 400, 'TOKEN_INVALID');
  });

  it('does not accept a password reset token', async () => {
    const m = await registerMember(t.app);
    await t.client().post('auth/password-reset/request', { email: m.email });
    const resetToken = await t.linkTokenFromLastEmail(m.email);
    expectError(await t.client().post('auth/verify-email', { token: resetToken }), 400, 'TOKEN_INVALID');
  });

  it.each([
    ['no token', {}],
    ['a short token', { token: 'abc' }],
    ['a token that is not a string', { token: 12345678901 }],
    ['an unknown field', { token: 'x'.repeat(43), extra: true }],
  ])('rejects %s with VALIDATION_FAILED', async (_label, body) => {
    expectValidationError(await t.client().post('auth/verify-email', body));
  });
});

describe('resendVerification', () => {
  it('sends a new link and makes the older one stop working', async () => {
    const m = await registerMember(t.app);
    const first = await t.linkTokenFromLastEmail(m.email);
    const res = await m.client.post<{ message: string }>('auth/verify-email/resend');
    expect(res.status).toBe(202);
    const second = await t.linkTokenFromLastEmail(m.email);
    expect(second).not.toBe(first);
    expect(t.mailer.to(m.email)).toHaveLength(2);

    expectError(await t.client().post('auth/verify-email', { token: first }), 400, 'TOKEN_INVALID');
    expect((await t.client().post('auth/verify-email', { token: second })).status).toBe(200);
  });

  it('accepts an empty JSON object as the body', async () => {
    const m = await registerMember(t.app);
    expect((await m.client.post('auth/verify-email/resend', {})).status).toBe(202);
  });

  it('works with an access token too', async () => {
    const m = await registerMember(t.app);
    const { token } = await createAccessToken(m.client);
    expect((await m.client.asToken(token).post('auth/verify-email/resend')).status).toBe(202);
  });

  it('answers 409 ALREADY_VERIFIED once the address is confirmed', async () => {
    const m = await registerMember(t.app);
    await t.client().post('auth/verify-email', { token: await t.linkTokenFromLastEmail(m.email) });
    const before = t.mailer.to(m.email).length;
    expectError(await m.client.post('auth/verify-email/resend'), 409, 'ALREADY_VERIFIED');
    await t.app.ctx.outbox.drain();
    expect(t.mailer.to(m.email)).toHaveLength(before);
  });

  it('needs a signed-in member', async () => {
    expectError(await t.client().post('auth/verify-email/resend'), 401, 'UNAUTHENTICATED');
  });

  it('needs the CSRF token with a cookie session', async () => {
    const m = await registerMember(t.app);
    expectError(
      await m.client.post('auth/verify-email/resend', undefined, { csrf: false }),
      403,
      'CSRF_FAILED',
    );
  });

  it('rejects a body with fields', async () => {
    const m = await registerMember(t.app);
    expectValidationError(await m.client.post('auth/verify-email/resend', { email: 'other@example.org' }));
  });
});
