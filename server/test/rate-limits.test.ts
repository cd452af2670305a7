// Request rate limits (RATE_LIMIT=true, in memory per process): 10 a minute per IP on sign-up, reset and
// verification routes, and a general limit of 120 writes a minute per IP on the rest of the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { registerMember, registrationBody, type RegisteredMember } from './helpers/factories.js';

let t: TestApp;
let member: RegisteredMember;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: true });
  member = await registerMember(t.app, { handle: 'admin', remoteAddress: '10.50.0.1' });
});
afterAll(() => t.close());

function expectRateLimited(res: Awaited<ReturnType<ReturnType<TestApp['client']>['post']>>) {
  expectError(res, 429, 'RATE_LIMITED');
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('per-route limits on auth routes', () => {
  it('register: the 11th request in a minute from one IP gets 429 with Retry-After', async () => {
    const ip = '10.60.0.1';
    const client = t.client({ remoteAddress: ip });
    // Invalid bodies still count: the limit applies before validation, so it also bounds the cheap probes.
    for (let i = 0; i < 9; i++) expect((await client.post('auth/register', { email: 'x' })).status).toBe(400);
    expect((await client.post('auth/register', registrationBody())).status).toBe(202);
    expectRateLimited(await t.client({ remoteAddress: ip }).post('auth/register', registrationBody()));
    // Another IP is not affected.
    expect(
      (await t.client({ remoteAddress: '10.60.0.2' }).post('auth/register', registrationBody())).status,
    ).toBe(202);
  });

  it('requestPasswordReset: the 11th request in a minute from one IP gets 429', async () => {
    const client = t.client({ remoteAddress: '10.61.0.1' });
    for (let i = 0; i < 10; i++) {
      expect((await client.post('auth/password-reset/request', { email: `p${i}@example.org` })).status).toBe(
        202,
      );
    }
    expectRateLimited(await client.post('auth/password-reset/request', { email: 'p@example.org' }));
  });

  it('resetPassword: the 11th request in a minute from one IP gets 429', async () => {
    const client = t.client({ remoteAddress: '10.62.0.1' });
    const body = { token: 'x'.repeat(43), password: 'long enough password' };
    for (let i = 0; i < 10; i++) {
      expectError(await client.post('auth/password-reset/confirm', body), 400, 'TOKEN_INVALID');
    }
    expectRateLimited(await client.post('auth/password-reset/confirm', body));
  });

  it('verifyEmail: the 11th request in a minute from one IP gets 429', async () => {
    const client = t.client({ remoteAddress: '10.63.0.1' });
    for (let i = 0; i < 10; i++) {
      expectError(await client.post('auth/verify-email', { token: 'y'.repeat(43) }), 400, 'TOKEN_INVALID');
    }
    expectRateLimited(await client.post('auth/verify-email', { token: 'y'.repeat(43) }));
  });
});

describe('general write limit', () => {
  it('limits other writes to 120 a minute per IP', async () => {
    for (let i = 0; i < 120; i++) {
      const res = await member.client.patch('me', { headline: `Update ${i}` });
      expect(res.status, res.text).toBe(200);
    }
    expectRateLimited(await member.client.patch('me', { headline: 'one too many' }));
  });

  it('does not limit reads', async () => {
    for (let i = 0; i < 130; i++) {
      const res = await t.client({ remoteAddress: '10.70.0.1' }).get('instance');
      expect(res.status).toBe(200);
    }
  });
});
