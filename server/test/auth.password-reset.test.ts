// requestPasswordReset and resetPassword: identical answers for unknown emails, single-use one-hour links,
// and every session signed out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectSignedIn, expectSignedOut, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import type { TestResponse } from './helpers/client.js';
import { createAccessToken, registerMember, signIn, type SessionBody } from './helpers/factories.js';
import { HOUR } from '../src/shared/clock.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
});
afterAll(() => t.close());

const NEW_PASSWORD = 'a brand new passphrase';

/** Headers that may legitimately differ between two replies. */
function comparable(res: TestResponse) {
  const { date: _date, 'x-request-id': _id, ...headers } = res.headers;
  return { status: res.status, headers, text: res.text };
}

async function resetTokenFor(email: string): Promise<string> {
  const res = await t.client().post('auth/password-reset/request', { email });
  expect(res.status).toBe(202);
  return t.linkTokenFromLastEmail(email);
}

describe('requestPasswordReset', () => {
  it('emails a reset link to a known address', async () => {
    const m = await registerMember(t.app);
    await resetTokenFor(m.email);
    const mail = await t.lastEmailTo(m.email);
    expect(mail.subject).toMatch(/reset/i);
    expect(mail.text).toMatch(/http:\/\/localhost:3000\/reset-password\?token=/);
  });

  it('answers exactly the same for an unknown email, and sends nothing', async () => {
    const m = await registerMember(t.app);
    await t.sendQueuedMail();
    const sentBefore = t.mailer.sent.length;
    const known = await t.client().post('auth/password-reset/request', { email: m.email });
    await t.sendQueuedMail();
    expect(t.mailer.sent.length).toBe(sentBefore + 1);
    const unknown = await t.client().post('auth/password-reset/request', { email: 'ghost@example.org' });
    await t.sendQueuedMail();
    expect(t.mailer.sent.length).toBe(sentBefore + 1);

    expect(known.status).toBe(202);
    expect(comparable(unknown)).toEqual(comparable(known));
  });

  it('answers before the address is looked up, so its timing cannot tell whether an account exists', async () => {
    const m = await registerMember(t.app);
    await t.sendQueuedMail();
    // Every database answer waits at a gate: a reply that depends on the lookup cannot arrive.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const realDb = t.app.ctx.db;
    t.app.ctx.db = realDb.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        await gate;
        return args.result;
      },
    });
    try {
      const timeout = new Promise<'waited on the database'>((resolve) =>
        setTimeout(() => resolve('waited on the database'), 1000),
      );
      for (const email of [m.email, 'ghost@example.org']) {
        const res = await Promise.race([t.client().post('auth/password-reset/request', { email }), timeout]);
        expect(res === 'waited on the database' ? res : res.status).toBe(202);
      }
    } finally {
      open();
      t.app.ctx.db = realDb;
    }
    // The work still happens, after the answer.
    expect((await t.lastEmailTo(m.email)).subject).toMatch(/reset/i);
  });

  it('matches the email case-insensitively', async () => {
    const m = await registerMember(t.app);
    await t.client().post('auth/password-reset/request', { email: m.email.toUpperCase() });
    expect((await t.lastEmailTo(m.email)).subject).toMatch(/reset/i);
  });

  it('makes an older reset link stop working when a new one is asked for', async () => {
    const m = await registerMember(t.app);
    const first = await resetTokenFor(m.email);
    t.clock.advance(3 * 60_000); // past the per-account cool-down
    const second = await resetTokenFor(m.email);
    expect(second).not.toBe(first);
    expectError(
      await t.client().post('auth/password-reset/confirm', { token: first, password: NEW_PASSWORD }),
      400,
      'TOKEN_INVALID',
    );
    expect(
      (await t.client().post('auth/password-reset/confirm', { token: second, password: NEW_PASSWORD }))
        .status,
    ).toBe(200);
  });

  it.each([
    ['a malformed email', { email: 'not-an-email' }],
    ['no email', {}],
    ['an unknown field', { email: 'a@example.org', extra: 1 }],
  ])('rejects %s with VALIDATION_FAILED', async (_label, body) => {
    expectValidationError(await t.client().post('auth/password-reset/request', body));
  });
});

describe('resetPassword', () => {
  it('changes the password: the old one stops working and the new one works', async () => {
    const m = await registerMember(t.app);
    const token = await resetTokenFor(m.email);
    const res = await t.client().post<{ message: string }>('auth/password-reset/confirm', {
      token,
      password: NEW_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body.message).toMatch(/changed/i);
    expectError(
      await t.client().post('auth/login', { email: m.email, password: m.password }),
      401,
      'INVALID_CREDENTIALS',
    );
    expect((await t.client().post('auth/login', { email: m.email, password: NEW_PASSWORD })).status).toBe(
      200,
    );
  });

  it('signs out every session of the account, but not other members', async () => {
    const m = await registerMember(t.app);
    const laptop = await signIn(t.app, m);
    const phone = await signIn(t.app, m, { remoteAddress: '10.0.0.7' });
    const other = await registerMember(t.app);
    for (const c of [m.client, laptop, phone]) expectSignedIn(await c.get('auth/session'));

    const token = await resetTokenFor(m.email);
    expect(
      (await t.client().post('auth/password-reset/confirm', { token, password: NEW_PASSWORD })).status,
    ).toBe(200);

    for (const c of [m.client, laptop, phone]) expectSignedOut(await c.get('auth/session'));
    expectSignedIn(await other.client.get('auth/session'));
  });

  it('revokes every access token too: whoever knew the old password may have minted them', async () => {
    const m = await registerMember(t.app);
    const { token: pat } = await createAccessToken(m.client);
    expect((await m.client.asToken(pat).get('me/notifications')).status).toBe(200);
    const token = await resetTokenFor(m.email);
    await t.client().post('auth/password-reset/confirm', { token, password: NEW_PASSWORD });
    expectError(await m.client.asToken(pat).get('me/notifications'), 401, 'INVALID_TOKEN');
  });

  it('sends at most one reset email per account every two minutes, with the same answer', async () => {
    const m = await registerMember(t.app);
    const first = await resetTokenFor(m.email);
    const count = () => t.mailer.sent.filter((e) => e.to === m.email && /reset/i.test(e.subject)).length;
    expect(count()).toBe(1);
    const again = await t.client().post('auth/password-reset/request', { email: m.email });
    expect(again.status).toBe(202);
    await t.sendQueuedMail();
    expect(count()).toBe(1);
    // The link already sent still works.
    expect(
      (await t.client().post('auth/password-reset/confirm', { token: first, password: NEW_PASSWORD })).status,
    ).toBe(200);
    t.clock.advance(3 * 60_000);
    await resetTokenFor(m.email);
    expect(count()).toBe(2);
  });

  it('confirms the email address, since the link proves the mailbox', async () => {
    const m = await registerMember(t.app);
    const token = await resetTokenFor(m.email);
    await t.client().post('auth/password-reset/confirm', { token, password: NEW_PASSWORD });
    const client = await signIn(t.app, { email: m.email, password: NEW_PASSWORD });
    expect((await client.get<SessionBody>('auth/session')).body.member.emailVerified).toBe(true);
  });

  it('accepts each link once', async () => {
    const m = await registerMember(t.app);
    const token = await resetTokenFor(m.email);
    expect(
      (await t.client().post('auth/password-reset/confirm', { token, password: NEW_PASSWORD })).status,
    ).toBe(200);
    expectError(
      await t.client().post('auth/password-reset/confirm', { token, password: 'yet another passphrase' }),
      400,
      'TOKEN_INVALID',
    );
    expect((await t.client().post('auth/login', { email: m.email, password: NEW_PASSWORD })).status).toBe(
      200,
    );
  });

  it('rejects a link older than one hour', async () => {
    const m = await registerMember(t.app);
    const token = await resetTokenFor(m.email);
    t.clock.advance(HOUR + 1000);
    expectError(
      await t.client().post('auth/password-reset/confirm', { token, password: NEW_PASSWORD }),
      400,
      'TOKEN_INVALID',
    );
    expect((await t.client().post('auth/login', { email: m.email, password: m.password })).status).toBe(200);
  });

  it('does not accept an email verification token', async () => {
    const m = await registerMember(t.app);
    const verifyToken = await t.linkTokenFromLastEmail(m.email);
    expectError(
      await t.client().post('auth/password-reset/confirm', { token: verifyToken, password: NEW_PASSWORD }),
      400,
      'TOKEN_INVALID',
    );
  });

  it.each([
    ['a short password', { token: 'x'.repeat(43), password: 'short' }, 'body.password'],
    ['a missing token', { password: NEW_PASSWORD }, 'body.token'],
    ['a short token', { token: 'abc', password: NEW_PASSWORD }, 'body.token'],
    ['an unknown field', { token: 'x'.repeat(43), password: NEW_PASSWORD, email: 'a@b.org' }, undefined],
  ])('rejects %s with VALIDATION_FAILED', async (_label, body, path) => {
    expectValidationError(await t.client().post('auth/password-reset/confirm', body), path);
  });

  it('does not use up the link when the new password is invalid', async () => {
    const m = await registerMember(t.app);
    const token = await resetTokenFor(m.email);
    expectValidationError(await t.client().post('auth/password-reset/confirm', { token, password: 'short' }));
    expect(
      (await t.client().post('auth/password-reset/confirm', { token, password: NEW_PASSWORD })).status,
    ).toBe(200);
  });
});
