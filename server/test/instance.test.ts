// getInstance, updateInstance, createInvite: public settings, admin-only changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import {
  createAccessToken,
  createInvite,
  registerMember,
  type RegisteredMember,
} from './helpers/factories.js';
import type { InstanceView } from '../src/modules/admin/admin.service.js';
import { DAY } from '../src/shared/clock.js';

let t: TestApp;
let admin: RegisteredMember;
let member: RegisteredMember;
beforeAll(async () => {
  t = await createTestApp();
  admin = await registerMember(t.app, { handle: 'admin' });
  member = await registerMember(t.app);
});
afterAll(() => t.close());

describe('getInstance', () => {
  it('is public and starts open, named Slipstream', async () => {
    const res = await t.client().get<InstanceView>('instance');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Slipstream', signupMode: 'open', allowedDomains: [] });
  });
});

describe('updateInstance', () => {
  it('lets an admin change the name and sign-up rules', async () => {
    const res = await admin.client.patch<InstanceView>('instance', {
      name: '  Guild of Makers ',
      signupMode: 'domains',
      allowedDomains: ['makers.example', ' UNI.EDU '],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Guild of Makers',
      signupMode: 'domains',
      allowedDomains: ['makers.example', 'uni.edu'],
    });
    expect((await t.client().get<InstanceView>('instance')).body).toEqual(res.body);

    const partial = await admin.client.patch<InstanceView>('instance', { signupMode: 'open' });
    expect(partial.body).toEqual({ ...res.body, signupMode: 'open' });
  });

  it('refuses domain-limited sign-up without any domain (400 DOMAINS_REQUIRED), changing nothing', async () => {
    await admin.client.patch('instance', { signupMode: 'open', allowedDomains: [] });
    expectError(await admin.client.patch('instance', { signupMode: 'domains' }), 400, 'DOMAINS_REQUIRED');
    expect((await t.client().get<InstanceView>('instance')).body).toMatchObject({ signupMode: 'open' });
    await admin.client.patch('instance', { signupMode: 'domains', allowedDomains: ['uni.edu'] });
    expectError(await admin.client.patch('instance', { allowedDomains: [] }), 400, 'DOMAINS_REQUIRED');
    await admin.client.patch('instance', { signupMode: 'open' });
  });

  it('uses the new name in emails', async () => {
    await admin.client.patch('instance', { name: 'Makers Net' });
    const m = await registerMember(t.app);
    expect((await t.lastEmailTo(m.email)).subject).toBe('Confirm your email for Makers Net');
  });

  it('refuses a member with 403 ADMIN_ONLY and an anonymous visitor with 401', async () => {
    const before = (await t.client().get<InstanceView>('instance')).body;
    expectError(await member.client.patch('instance', { signupMode: 'invite' }), 403, 'ADMIN_ONLY');
    expectError(await t.client().patch('instance', { signupMode: 'invite' }), 401, 'UNAUTHENTICATED');
    expect((await t.client().get<InstanceView>('instance')).body).toEqual(before);
  });

  it("accepts an admin's access token", async () => {
    const { token } = await createAccessToken(admin.client);
    const res = await admin.client.asToken(token).patch<InstanceView>('instance', { name: 'Via token' });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Via token');
  });

  it.each([
    ['an unknown mode', { signupMode: 'closed' }, 'body.signupMode'],
    ['an empty name', { name: ' ' }, 'body.name'],
    ['a long name', { name: 'x'.repeat(61) }, 'body.name'],
    ['a bad domain', { allowedDomains: ['not a domain'] }, 'body.allowedDomains.0'],
    ['a domain with a scheme', { allowedDomains: ['https://x.example'] }, 'body.allowedDomains.0'],
    ['an unknown field', { theme: 'dark' }, undefined],
  ])('rejects %s with VALIDATION_FAILED', async (_label, body, path) => {
    expectValidationError(await admin.client.patch('instance', body), path);
  });
});

describe('createInvite', () => {
  it('gives an admin a single-use code valid for 14 days, stored hashed', async () => {
    const res = await admin.client.post<{ code: string; expiresAt: string }>('instance/invites');
    expect(res.status).toBe(201);
    expect(res.body.code.length).toBeGreaterThanOrEqual(16);
    expect(res.body.expiresAt).toBe(new Date(t.clock.now().getTime() + 14 * DAY).toISOString());
    const rows = await t.app.ctx.db.selectFrom('invites').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(res.body.code);
  });

  it('accepts an empty JSON object as the body', async () => {
    expect((await admin.client.post('instance/invites', {})).status).toBe(201);
  });

  it('gives a different code each time', async () => {
    const a = await createInvite(admin.client);
    const b = await createInvite(admin.client);
    expect(a.code).not.toBe(b.code);
  });

  it('refuses a member with 403 ADMIN_ONLY and an anonymous visitor with 401', async () => {
    expectError(await member.client.post('instance/invites'), 403, 'ADMIN_ONLY');
    expectError(await t.client().post('instance/invites'), 401, 'UNAUTHENTICATED');
  });

  it('rejects a body with fields', async () => {
    expectValidationError(await admin.client.post('instance/invites', { days: 30 }));
  });
});
