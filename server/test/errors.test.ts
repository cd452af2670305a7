// The one error shape: malformed JSON, oversized bodies, wrong content types, unknown routes, and a 500
// that returns a request id but never a stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectErrorShape } from './helpers/assertions.js';
import { createTestApp, LogCapture, type TestApp } from './helpers/app.js';
import { registerMember, type RegisteredMember } from './helpers/factories.js';

const SECRET_DETAIL = 'db password is hunter2 at /srv/secret/path.ts';

let t: TestApp;
let m: RegisteredMember;
const logs = new LogCapture();
beforeAll(async () => {
  t = await createTestApp({
    env: { LOG_LEVEL: 'error' },
    logStream: logs,
    beforeReady: (app) => {
      app.get('/api/v1/__test/boom', { schema: { hide: true } }, async () => {
        throw new Error(SECRET_DETAIL);
      });
      app.get('/api/v1/__test/sql', { schema: { hide: true } }, async () => {
        await app.ctx.db
          .selectFrom('no_such_table' as 'members')
          .selectAll()
          .execute();
        return { ok: true };
      });
    },
  });
  m = await registerMember(t.app, { handle: 'admin' });
});
afterAll(() => t.close());

describe('request bodies', () => {
  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await t.client().post('auth/login', undefined, {
      raw: '{"email": "a@example.org", "password": ',
      headers: { 'content-type': 'application/json' },
    });
    expectError(res, 400, 'MALFORMED_JSON');
  });

  it('answers an empty JSON body with 400 MALFORMED_JSON', async () => {
    const res = await t.client().post('auth/login', undefined, {
      raw: '',
      headers: { 'content-type': 'application/json', 'content-length': '0' },
    });
    expect(res.status).toBe(400);
    expectErrorShape(res);
  });

  it('answers a body over 256 KiB with 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ headline: 'x', bio: 'y'.repeat(256 * 1024) });
    const res = await m.client.patch('me', undefined, {
      raw: big,
      headers: { 'content-type': 'application/json' },
    });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('accepts a body just under the limit (then validation decides)', async () => {
    const body = JSON.stringify({ bio: 'y'.repeat(200 * 1024) });
    const res = await m.client.patch('me', undefined, {
      raw: body,
      headers: { 'content-type': 'application/json' },
    });
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it('answers an unsupported content type with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await t.client().post('auth/login', undefined, {
      raw: '<login><email>a@example.org</email></login>',
      headers: { 'content-type': 'application/xml' },
    });
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a form post with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await t.client().post('auth/login', undefined, {
      raw: 'email=a%40example.org&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers JSON sent as text/plain with 415 (a cross-site form can send text/plain)', async () => {
    const res = await t.client().post('auth/login', undefined, {
      raw: JSON.stringify({ email: m.email, password: m.password }),
      headers: { 'content-type': 'text/plain' },
    });
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(res.setCookies).toEqual([]);
  });
});

describe('validation answers', () => {
  // Found by the API fuzz suite (api.fuzz.test.ts): an unknown query key came back verbatim in the message.
  it('does not echo an unknown field whose name is not a plain identifier', async () => {
    const odd = `1; SELECT pg_sleep(0); --${'x'.repeat(500)}`;
    const res = await m.client.get('audit-log', { query: { [odd]: '1', 'a[b]': '2' } });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.text).not.toContain('SELECT');
    expect(res.text).not.toContain('a[b]');
    expect(res.error?.message).toMatch(/2 unknown fields \(name not shown\)/);
  });

  it('still names an unknown field with a plain name', async () => {
    const res = await m.client.get('audit-log', { query: { sort: 'x', 'b c': '1' } });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.error?.message).toContain('"sort"');
    expect(res.error?.message).toContain('1 unknown field (name not shown)');
    const plain = await m.client.patch('me', { role: 'admin' });
    expectError(plain, 400, 'VALIDATION_FAILED');
    expect(plain.error?.message).toContain('"role"');
  });
});

describe('the NUL character', () => {
  // Found by the API fuzz suite: on PostgreSQL a NUL in an id reached the query and answered 500.
  it('is refused in a path parameter or a query value, on both databases', async () => {
    const inPath = await m.client.get('/api/v1/overflow/a%00b/offers');
    expectError(inPath, 400, 'VALIDATION_FAILED');
    expect(inPath.error?.details).toEqual([{ path: 'params.id', message: expect.stringContaining('NUL') }]);
    expectError(await t.client().get('/api/v1/overflow/%00'), 400, 'VALIDATION_FAILED');
    expectError(await t.client().get('overflow', { query: { owner: 'a\u0000' } }), 400, 'VALIDATION_FAILED');
    expectError(await t.client().get('/api/v1/overflow?a%00=1'), 400, 'VALIDATION_FAILED');
    const oddKey = await t.client().get('/api/v1/overflow?1%3B%20SELECT%201=%00');
    expectError(oddKey, 400, 'VALIDATION_FAILED');
    expect(oddKey.text).not.toContain('SELECT');
  });
});

describe('a NUL in body ids and cursors', () => {
  // Found by the API fuzz suite on PostgreSQL (500): ids and cursor keys with a NUL reached the queries.
  it('answers as for an unknown id or a bad cursor, on both databases', async () => {
    const read = await m.client.post('me/notifications/read', { ids: ['a\u0000b'] });
    expect(read.status, read.text).toBe(200);
    expect(read.body).toMatchObject({ marked: 0 });
    const cursor = Buffer.from(JSON.stringify(['\u0000', 'x'])).toString('base64url');
    expectError(await m.client.get('overflow', { query: { cursor } }), 400, 'INVALID_CURSOR');
    for (const [url, body] of [
      ['noticed', { workRecordId: 'a\u0000b', message: 'A careful piece of work.' }],
      ['thanks', { toHandle: 'nobody', message: 'Thanks!', engagementId: 'a\u0000b' }],
      ['reports', { subjectType: 'overflow', subjectId: 'a\u0000b', reason: 'spam' }],
    ] as const) {
      const res = await m.client.post(url, body);
      expect(res.status, `${url}: ${res.text}`).toBeLessThan(500);
      expectErrorShape(res);
    }
  });
});

describe('routes', () => {
  it('answers an unknown route under /api with a JSON 404 ROUTE_NOT_FOUND', async () => {
    const res = await t.client().get('/api/v1/no-such-thing');
    expectError(res, 404, 'ROUTE_NOT_FOUND');
    // The path is not echoed back.
    expect(res.text).not.toContain('no-such-thing');
  });

  it('answers JSON under /api even when the client asks for HTML', async () => {
    const res = await t.client().get('/api/v2/members', { headers: { accept: 'text/html' } });
    expectError(res, 404, 'ROUTE_NOT_FOUND');
  });

  it('answers an unknown method on a known path with 404 ROUTE_NOT_FOUND', async () => {
    const res = await t.client().request('PUT', 'instance', { body: {} });
    expectError(res, 404, 'ROUTE_NOT_FOUND');
  });

  it('explains an unbuilt web app for page requests outside /api', async () => {
    const res = await t.client().get('/@someone', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(503);
    expect(res.text).toMatch(/npm run build/);
  });
});

describe('unexpected failures', () => {
  it('answers 500 INTERNAL with the request id and no stack or internal message', async () => {
    const res = await t.client().get('/api/v1/__test/boom');
    expectError(res, 500, 'INTERNAL');
    expect(res.error?.requestId).toEqual(expect.any(String));
    expect(res.error?.requestId).toBe(res.headers['x-request-id']);
    expect(res.text).not.toContain('hunter2');
    expect(res.text).not.toContain('secret/path');
    expect(res.text).not.toMatch(/\bat .+:\d+:\d+/); // stack frames
    expect(res.text).not.toMatch(/stack/i);
    // The details go to the log instead, with the same request id.
    const logged = logs.lines.find((l) => l.reqId === res.error?.requestId && l.level === 50);
    expect(logged?.msg).toBe('unhandled error');
    expect(JSON.stringify(logged)).toContain('hunter2');
  });

  it('does not leak SQL from a database error', async () => {
    const res = await t.client().get('/api/v1/__test/sql');
    expectError(res, 500, 'INTERNAL');
    expect(res.text).not.toMatch(/no_such_table|select|sqlite|relation/i);
  });
});

describe('every error reply has the same shape', () => {
  it.each([
    ['GET', 'me/notifications', undefined],
    ['POST', 'auth/login', { email: 'bad' }],
    ['POST', 'auth/login', { email: 'nobody@example.org', password: 'x' }],
    ['GET', 'members/nobody-here', undefined],
    ['PATCH', 'instance', { name: 'x' }],
    ['DELETE', 'work-records/x', undefined],
    ['GET', 'me/access-tokens', undefined],
    ['POST', 'auth/verify-email', { token: 'z'.repeat(20) }],
    ['GET', '/api/v1/nowhere', undefined],
  ] as const)('%s %s', async (method, url, body) => {
    const res = await t.client().request(method, url, { body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expectErrorShape(res);
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
