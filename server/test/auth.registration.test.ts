// register: success, first account becomes admin, validation, duplicates, and the three sign-up modes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectSignedOut, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { parseSetCookie, SESSION_COOKIE } from './helpers/client.js';
import {
  createInvite,
  registerMember,
  registrationBody,
  type SessionBody,
  type SignUpAnswer,
} from './helpers/factories.js';
import { DAY } from '../src/shared/clock.js';

describe('register', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('makes the first account the administrator and later ones members', async () => {
    const first = await registerMember(t.app, { handle: 'founder' });
    expect(first.member.role).toBe('admin');
    const second = await registerMember(t.app);
    expect(second.member.role).toBe('member');
    const third = await registerMember(t.app);
    expect(third.member.role).toBe('member');
  });

  it('answers 202 { status, email } with no cookie; the emailed link confirms the address and signs in', async () => {
    const client = t.client();
    const body = registrationBody({
      handle: 'Grace_H',
      email: 'Grace.Hopper@Example.ORG',
      timeZone: 'Europe/Paris',
    });
    const res = await client.post<SignUpAnswer>('auth/register', body);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'confirmation_sent', email: 'grace.hopper@example.org' });
    expect(res.setCookies).toEqual([]);
    expectSignedOut(await client.get('auth/session'));

    const token = await t.linkTokenFromLastEmail('grace.hopper@example.org');
    const confirmed = await client.post<SessionBody>('auth/verify-email', { token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.member).toMatchObject({
      handle: 'grace_h',
      email: 'grace.hopper@example.org',
      emailVerified: true,
      role: 'member',
      timeZone: 'Europe/Paris',
      capacity: 2,
      skills: [],
      links: [],
    });
    expect(confirmed.body.csrfToken.length).toBeGreaterThanOrEqual(32);
    expect(confirmed.body.expiresAt).toBe(new Date(t.clock.now().getTime() + 30 * DAY).toISOString());
    expect(JSON.stringify(confirmed.body)).not.toMatch(/password/i);
    const cookie = confirmed.setCookies.map(parseSetCookie).find((c) => c.name === SESSION_COOKIE);
    expect(cookie?.value).toBeTruthy();

    const session = await client.get<SessionBody>('auth/session');
    expect(session.status).toBe(200);
    expect(session.body.member).toMatchObject({ handle: 'grace_h', emailVerified: true });
  });

  it('defaults the time zone to UTC and stores the password only as an argon2id hash', async () => {
    const { member, password } = await registerMember(t.app);
    expect(member.timeZone).toBe('UTC');
    const row = await t.app.ctx.db
      .selectFrom('members')
      .select('password_hash')
      .where('id', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(password);
  });

  it('emails a confirmation link to the new address', async () => {
    const { email, member } = await registerMember(t.app);
    const mail = await t.lastEmailTo(email);
    expect(mail.subject).toMatch(/confirm/i);
    expect(mail.text).toContain(`Hi ${member.name}`);
    expect(mail.text).toMatch(/http:\/\/localhost:3000\/verify-email\?token=/);
    expect(await t.linkTokenFromLastEmail(email)).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('rejects a handle already taken, whatever its case', async () => {
    await registerMember(t.app, { handle: 'taken_handle' });
    const res = await t.client().post('auth/register', registrationBody({ handle: 'Taken_Handle' }));
    expectError(res, 409, 'HANDLE_TAKEN');
  });

  it('answers a sign-up with a registered email byte for byte like a new one, signs in neither, and emails the owner instead', async () => {
    const owner = await registerMember(t.app, { email: 'dup@example.org' });
    const countMembers = async () =>
      Number(
        (
          await t.app.ctx.db
            .selectFrom('members')
            .select((eb) => eb.fn.countAll<string | number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await countMembers();
    // The same request but for the address: one registered (in another case), one new.
    const asks = [
      { email: 'DUP@Example.org', handle: 'not_the_owner' },
      { email: 'new@example.org', handle: 'a_newcomer' },
    ];
    const answers = [];
    for (const ask of asks) {
      const client = t.client();
      const res = await client.post<SignUpAnswer>('auth/register', registrationBody(ask));
      await t.sendQueuedMail();
      answers.push({ res, session: await client.get('auth/session') });
    }
    const [registered, fresh] = answers as [(typeof answers)[0], (typeof answers)[0]];
    const headers = (r: typeof registered.res) => {
      const h = { ...r.headers };
      delete h.date;
      delete h['x-request-id'];
      return h;
    };
    expect(registered.res.status).toBe(202);
    expect(fresh.res.status).toBe(202);
    // Byte for byte, once the address itself is set aside.
    expect(registered.res.text.replace('dup@example.org', 'ADDRESS')).toBe(
      fresh.res.text.replace('new@example.org', 'ADDRESS'),
    );
    expect(headers(registered.res)).toEqual(headers(fresh.res));
    expect(registered.res.setCookies).toEqual([]);
    expect(fresh.res.setCookies).toEqual([]);
    expectSignedOut(registered.session);
    expectSignedOut(fresh.session);

    // Only the new address got an account; the owner's is untouched.
    expect(await countMembers()).toBe(before + 1);
    expect((await t.client().get('members/not_the_owner')).status).toBe(404);
    expect(
      (await t.client().post('auth/login', { email: owner.email, password: owner.password })).status,
    ).toBe(200);

    // The owner hears about it, with a way to sign in or reset; no confirmation link is sent again.
    const mail = await t.lastEmailTo('dup@example.org');
    expect(mail.subject).toMatch(/already have/i);
    expect(mail.text).toContain('http://localhost:3000/signin');
    expect(mail.text).toContain('http://localhost:3000/forgot-password');
    expect(mail.text).not.toContain('token=');
    expect(t.mailer.to('dup@example.org').filter((e) => /confirm/i.test(e.subject))).toHaveLength(1);
    // The new address gets its link, and it signs the newcomer in.
    const client = t.client();
    const token = await t.linkTokenFromLastEmail('new@example.org');
    expect((await client.post('auth/verify-email', { token })).status).toBe(200);
    expect((await client.get<SessionBody>('auth/session')).body.member.handle).toBe('a_newcomer');
  });

  it('creates nothing when the registration is refused', async () => {
    const before = await t.app.ctx.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    await registerMember(t.app, { handle: 'only_once' });
    const res = await t.client().post('auth/register', registrationBody({ handle: 'only_once' }));
    expect(res.status).toBe(409);
    const after = await t.app.ctx.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    expect(res.setCookies).toEqual([]);
  });

  describe('validation', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['a bad email', { email: 'not-an-email' }, 'body.email'],
      ['a short password', { password: 'short' }, 'body.password'],
      ['a too long password', { password: 'x'.repeat(201) }, 'body.password'],
      ['an empty name', { name: '   ' }, 'body.name'],
      ['a short handle', { handle: 'ab' }, 'body.handle'],
      ['a long handle', { handle: 'a'.repeat(31) }, 'body.handle'],
      ['a handle with spaces', { handle: 'ada lovelace' }, 'body.handle'],
      ['an invalid time zone', { timeZone: 'Mars/Olympus' }, 'body.timeZone'],
      ['an abbreviation as time zone', { timeZone: 'EST' }, 'body.timeZone'],
    ];
    it.each(cases)('rejects %s', async (_label, patch, path) => {
      const res = await t.client().post('auth/register', { ...registrationBody(), ...patch });
      expectValidationError(res, path);
    });

    it('rejects unknown fields', async () => {
      const res = await t.client().post('auth/register', { ...registrationBody(), role: 'admin' });
      expectValidationError(res);
    });

    it('rejects a missing body', async () => {
      const res = await t.client().post('auth/register');
      expectValidationError(res);
    });

    it('rejects missing required fields and lists each of them', async () => {
      const res = await t.client().post('auth/register', {});
      expectValidationError(res);
      const paths = (res.error?.details as { path: string }[]).map((d) => d.path);
      expect(paths).toEqual(
        expect.arrayContaining(['body.email', 'body.password', 'body.name', 'body.handle']),
      );
    });
  });
});

describe('sign-up modes', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof registerMember>>;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerMember(t.app, { handle: 'admin' });
  });
  afterAll(() => t.close());
  afterEach(async () => {
    await admin.client.patch('instance', { signupMode: 'open', allowedDomains: [] });
  });

  it('open: anyone can sign up', async () => {
    const res = await t.client().post('auth/register', registrationBody());
    expect(res.status).toBe(202);
  });

  it('invite: needs a valid invite code, and each code works once', async () => {
    expect((await admin.client.patch('instance', { signupMode: 'invite' })).status).toBe(200);

    expectError(await t.client().post('auth/register', registrationBody()), 403, 'INVITE_REQUIRED');
    expectError(
      await t.client().post('auth/register', registrationBody({ inviteCode: 'not-a-real-code' })),
      403,
      'INVITE_INVALID',
    );

    const { code } = await createInvite(admin.client);
    const invited = await registerMember(t.app, { inviteCode: code });
    const row = await t.app.ctx.db.selectFrom('invites').selectAll().executeTakeFirstOrThrow();
    expect(row.used_by).toBe(invited.member.id);
    expect(row.code_hash).not.toBe(code);

    expectError(
      await t.client().post('auth/register', registrationBody({ inviteCode: code })),
      403,
      'INVITE_INVALID',
    );
  });

  it('invite: a refused sign-up (handle taken) does not use up the code', async () => {
    await admin.client.patch('instance', { signupMode: 'invite' });
    const { code } = await createInvite(admin.client);
    const clash = await t
      .client()
      .post('auth/register', registrationBody({ handle: 'admin', inviteCode: code }));
    expectError(clash, 409, 'HANDLE_TAKEN');
    const ok = await t.client().post('auth/register', registrationBody({ inviteCode: code }));
    expect(ok.status).toBe(202);
  });

  it('invite: a sign-up with a registered address spends the code too, so the code tells nothing', async () => {
    await admin.client.patch('instance', { signupMode: 'invite' });
    const { code } = await createInvite(admin.client);
    const res = await t
      .client()
      .post('auth/register', registrationBody({ email: admin.email, inviteCode: code }));
    expect(res.status).toBe(202);
    await t.sendQueuedMail();
    expectError(
      await t.client().post('auth/register', registrationBody({ inviteCode: code })),
      403,
      'INVITE_INVALID',
    );
  });

  it('invite: a code expires after 14 days', async () => {
    await admin.client.patch('instance', { signupMode: 'invite' });
    const { code, expiresAt } = await createInvite(admin.client);
    expect(new Date(expiresAt).getTime() - t.clock.now().getTime()).toBe(14 * DAY);
    t.clock.advance(14 * DAY + 1000);
    expectError(
      await t.client().post('auth/register', registrationBody({ inviteCode: code })),
      403,
      'INVITE_INVALID',
    );
  });

  it('domains: only addresses at an allowed domain can sign up', async () => {
    const res = await admin.client.patch('instance', {
      signupMode: 'domains',
      allowedDomains: ['Example.COM', 'uni.edu'],
    });
    expect(res.body).toMatchObject({ signupMode: 'domains', allowedDomains: ['example.com', 'uni.edu'] });

    expectError(
      await t.client().post('auth/register', registrationBody({ email: 'someone@elsewhere.org' })),
      403,
      'SIGNUP_DOMAIN_NOT_ALLOWED',
    );
    // A subdomain is a different domain.
    expectError(
      await t.client().post('auth/register', registrationBody({ email: 'x@mail.example.com' })),
      403,
      'SIGNUP_DOMAIN_NOT_ALLOWED',
    );
    expect(
      (await t.client().post('auth/register', registrationBody({ email: 'ok1@example.com' }))).status,
    ).toBe(202);
    expect((await t.client().post('auth/register', registrationBody({ email: 'OK2@UNI.EDU' }))).status).toBe(
      202,
    );
  });
});

describe('the first account', () => {
  it('is the only administrator even when several sign up at the same moment', async () => {
    const t = await createTestApp();
    try {
      const replies = await Promise.all(
        Array.from({ length: 6 }, () => t.client().post('auth/register', registrationBody())),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(6).fill(202));
      await t.sendQueuedMail();
      expect(await t.app.ctx.db.selectFrom('members').select('id').execute()).toHaveLength(6);
      const admins = await t.app.ctx.db
        .selectFrom('members')
        .select('id')
        .where('role', '=', 'admin')
        .execute();
      expect(admins).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('becomes admin even when the instance is invite-only or domain-limited', async () => {
    const t = await createTestApp();
    try {
      await t.app.ctx.db
        .updateTable('instance_settings')
        .set({ signup_mode: 'domains', allowed_domains: '["corp.example"]' })
        .execute();
      const first = await registerMember(t.app, { email: 'owner@elsewhere.org' });
      expect(first.member.role).toBe('admin');
      expectError(
        await t.client().post('auth/register', registrationBody({ email: 'second@elsewhere.org' })),
        403,
        'SIGNUP_DOMAIN_NOT_ALLOWED',
      );
    } finally {
      await t.close();
    }
  });
});
