// listAccessTokens, createAccessToken, revokeAccessToken, and bearer authentication.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectSignedIn, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import {
  createAccessToken,
  registerMember,
  type RegisteredMember,
  type SessionBody,
} from './helpers/factories.js';
import type { AccessTokenView } from '../src/modules/auth/auth.service.js';
import type { SelfView } from '../src/modules/members/members.service.js';
import { DAY, MINUTE } from '../src/shared/clock.js';

let t: TestApp;
let admin: RegisteredMember;
beforeAll(async () => {
  t = await createTestApp();
  admin = await registerMember(t.app, { handle: 'admin' });
});
afterAll(() => t.close());

describe('createAccessToken', () => {
  it('returns the secret once, with a recognisable prefix and a 90-day expiry by default', async () => {
    const m = await registerMember(t.app);
    const res = await m.client.post<AccessTokenView & { token: string }>('me/access-tokens', {
      name: '  CI bot  ',
    });
    expect(res.status).toBe(201);
    const in90Days = new Date(t.clock.now().getTime() + 90 * DAY).toISOString();
    expect(res.body).toMatchObject({
      name: 'CI bot',
      expiresAt: in90Days,
      lastUsedAt: null,
      createdAt: t.clock.now().toISOString(),
    });
    expect(res.body.token).toMatch(/^ssp_[A-Za-z0-9_-]{43}$/);
    expect(res.body.prefix).toBe(res.body.token.slice(0, 10));

    const list = await m.client.get<{ items: AccessTokenView[] }>('me/access-tokens');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toEqual({
      id: res.body.id,
      name: 'CI bot',
      prefix: res.body.prefix,
      createdAt: res.body.createdAt,
      expiresAt: in90Days,
      lastUsedAt: null,
    });
    expect(list.text).not.toContain(res.body.token);
  });

  it('stores only a hash of the secret', async () => {
    const m = await registerMember(t.app);
    const { token, id } = await createAccessToken(m.client);
    const row = await t.app.ctx.db
      .selectFrom('access_tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token.slice(4)); // nor the secret without its prefix
  });

  it('sets an expiry when asked', async () => {
    const m = await registerMember(t.app);
    const res = await createAccessToken(m.client, { expiresInDays: 7 });
    expect(res.expiresAt).toBe(new Date(t.clock.now().getTime() + 7 * DAY).toISOString());
  });

  it.each([
    ['an empty name', { name: '  ' }, 'body.name'],
    ['a long name', { name: 'x'.repeat(61) }, 'body.name'],
    ['zero days', { name: 'a', expiresInDays: 0 }, 'body.expiresInDays'],
    ['more than a year', { name: 'a', expiresInDays: 366 }, 'body.expiresInDays'],
    ['fractional days', { name: 'a', expiresInDays: 1.5 }, 'body.expiresInDays'],
    ['an unknown field', { name: 'a', scopes: ['all'] }, undefined],
  ])('rejects %s with VALIDATION_FAILED', async (_label, body, path) => {
    const m = await registerMember(t.app);
    expectValidationError(await m.client.post('me/access-tokens', body), path);
  });

  it('allows at most 50 active tokens', async () => {
    const m = await registerMember(t.app);
    for (let i = 0; i < 50; i++) await createAccessToken(m.client, { name: `t${i}` });
    expectError(await m.client.post('me/access-tokens', { name: 'one more' }), 409, 'TOO_MANY_TOKENS');
  });

  it('needs a signed-in member', async () => {
    expectError(await t.client().post('me/access-tokens', { name: 'x' }), 401, 'UNAUTHENTICATED');
  });
});

describe('bearer authentication', () => {
  it('works as Authorization: Bearer for writes, acting as the owner', async () => {
    const m = await registerMember(t.app);
    const { token } = await createAccessToken(m.client);
    const res = await m.client.asToken(token).patch<SelfView>('me', { headline: 'Set by a script' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: m.member.id, headline: 'Set by a script' });
  });

  it('records when the token was last used (at most once a minute)', async () => {
    const m = await registerMember(t.app);
    const { token, id } = await createAccessToken(m.client);
    const bearer = m.client.asToken(token);
    await bearer.get('auth/session');
    const first = t.clock.now().toISOString();
    t.clock.advance(30_000);
    await bearer.get('auth/session');
    let list = await m.client.get<{ items: AccessTokenView[] }>('me/access-tokens');
    expect(list.body.items.find((i) => i.id === id)?.lastUsedAt).toBe(first);
    t.clock.advance(MINUTE);
    await bearer.get('auth/session');
    list = await m.client.get<{ items: AccessTokenView[] }>('me/access-tokens');
    expect(list.body.items.find((i) => i.id === id)?.lastUsedAt).toBe(t.clock.now().toISOString());
  });

  it('refuses an unknown token with 401 INVALID_TOKEN, even on public routes', async () => {
    const bearer = t.client({ bearer: 'ssp_this-is-not-a-real-token' });
    expectError(await bearer.get('auth/session'), 401, 'INVALID_TOKEN');
    expectError(await bearer.get('instance'), 401, 'INVALID_TOKEN');
  });

  it('refuses a malformed Authorization header', async () => {
    const res = await t.client().get('auth/session', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expectError(res, 401, 'INVALID_TOKEN');
  });

  it('refuses an expired token with 401 INVALID_TOKEN', async () => {
    const m = await registerMember(t.app);
    const { token } = await createAccessToken(m.client, { expiresInDays: 1 });
    const bearer = m.client.asToken(token);
    t.clock.advance(DAY - 1000);
    expectSignedIn(await bearer.get('auth/session'));
    t.clock.advance(2000);
    expectError(await bearer.get('auth/session'), 401, 'INVALID_TOKEN');
    expectError(await bearer.patch('me', { headline: 'late' }), 401, 'INVALID_TOKEN');
  });

  it('cannot manage tokens: 403 SESSION_REQUIRED', async () => {
    const m = await registerMember(t.app);
    const { token, id } = await createAccessToken(m.client);
    const bearer = m.client.asToken(token);
    expectError(await bearer.get('me/access-tokens'), 403, 'SESSION_REQUIRED');
    expectError(await bearer.post('me/access-tokens', { name: 'minted' }), 403, 'SESSION_REQUIRED');
    expectError(await bearer.delete(`me/access-tokens/${id}`), 403, 'SESSION_REQUIRED');
    expect((await m.client.get<{ items: unknown[] }>('me/access-tokens')).body.items).toHaveLength(1);
  });

  it('wins over a session cookie sent alongside it', async () => {
    const m = await registerMember(t.app);
    const other = await registerMember(t.app);
    const { token } = await createAccessToken(other.client);
    const both = m.client.clone();
    const res = await both.get<SessionBody>('auth/session', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.body.member.id).toBe(other.member.id);
  });
});

describe('listAccessTokens', () => {
  it('lists only my active tokens, newest first', async () => {
    const m = await registerMember(t.app);
    const other = await registerMember(t.app);
    await createAccessToken(other.client, { name: 'not mine' });
    const a = await createAccessToken(m.client, { name: 'a' });
    t.clock.advance(1000);
    const b = await createAccessToken(m.client, { name: 'b' });
    t.clock.advance(1000);
    const c = await createAccessToken(m.client, { name: 'c' });
    await m.client.delete(`me/access-tokens/${b.id}`);
    const res = await m.client.get<{ items: AccessTokenView[] }>('me/access-tokens');
    expect(res.body.items.map((i) => i.id)).toEqual([c.id, a.id]);
  });

  it('needs a signed-in member', async () => {
    expectError(await t.client().get('me/access-tokens'), 401, 'UNAUTHENTICATED');
  });
});

describe('revokeAccessToken', () => {
  it('revokes: the token stops working at once with 401 INVALID_TOKEN', async () => {
    const m = await registerMember(t.app);
    const { token, id } = await createAccessToken(m.client);
    const bearer = m.client.asToken(token);
    expectSignedIn(await bearer.get('auth/session'));
    const res = await m.client.delete(`me/access-tokens/${id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectError(await bearer.get('auth/session'), 401, 'INVALID_TOKEN');
    expectError(await bearer.patch('me', { headline: 'after revoke' }), 401, 'INVALID_TOKEN');
  });

  it('answers 404 for a token already revoked', async () => {
    const m = await registerMember(t.app);
    const { id } = await createAccessToken(m.client);
    expect((await m.client.delete(`me/access-tokens/${id}`)).status).toBe(204);
    expectError(await m.client.delete(`me/access-tokens/${id}`), 404, 'TOKEN_NOT_FOUND');
  });

  it("answers 404 for another member's token (also for an admin), which keeps working", async () => {
    const owner = await registerMember(t.app);
    const other = await registerMember(t.app);
    const { token, id } = await createAccessToken(owner.client);
    expectError(await other.client.delete(`me/access-tokens/${id}`), 404, 'TOKEN_NOT_FOUND');
    expectError(await admin.client.delete(`me/access-tokens/${id}`), 404, 'TOKEN_NOT_FOUND');
    expectSignedIn(await owner.client.asToken(token).get('auth/session'));
  });

  it('answers 404 for an unknown id', async () => {
    const m = await registerMember(t.app);
    expectError(await m.client.delete('me/access-tokens/does-not-exist'), 404, 'TOKEN_NOT_FOUND');
  });

  it('rejects an over-long id with VALIDATION_FAILED', async () => {
    const m = await registerMember(t.app);
    expectValidationError(await m.client.delete(`me/access-tokens/${'x'.repeat(65)}`), 'params.id');
  });

  it('needs a signed-in member', async () => {
    expectError(await t.client().delete('me/access-tokens/whatever'), 401, 'UNAUTHENTICATED');
  });
});
