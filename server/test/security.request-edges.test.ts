// Findings of the security review about how a request reaches the app: a percent-encoded `/api` prefix must
// not skip the auth/CSRF hook or `Cache-Control: no-store`, and router and HTTP-parser errors answer with the
// one error shape without echoing the request. The parser tests use a real socket: inject skips the parser.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectErrorShape } from './helpers/assertions.js';
import { createTestApp, LogCapture, type TestApp } from './helpers/app.js';
import { registerMember, type RegisteredMember } from './helpers/factories.js';
import type { TestResponse } from './helpers/client.js';

const logs = new LogCapture();
let t: TestApp;
let m: RegisteredMember;
beforeAll(async () => {
  t = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream: logs });
  m = await registerMember(t.app, { handle: 'admin' });
});
afterAll(() => t.close());

describe('a percent-encoded /api prefix is the API', () => {
  it('a cross-site sign-in through /%61pi is refused as CSRF', async () => {
    const res = await t
      .client()
      .post(
        '/%61pi/v1/auth/login',
        { email: m.email, password: m.password },
        { headers: { origin: 'https://evil.example' } },
      );
    expectError(res, 403, 'CSRF_FAILED');
    expect(res.setCookies).toEqual([]);
  });

  it('a cookie write through /%61pi without the CSRF token is refused', async () => {
    const res = await m.client.patch('/%61pi/v1/me', { headline: 'forged' }, { csrf: false });
    expectError(res, 403, 'CSRF_FAILED');
    const me = await m.client.get<{ headline: string }>('me');
    expect(me.body.headline).not.toBe('forged');
  });

  it('resolves the session and sends Cache-Control: no-store', async () => {
    const res = await m.client.get<{ member: { handle: string } }>('/%61pi/v1/auth/session');
    expect(res.status).toBe(200);
    expect(res.body.member.handle).toBe('admin');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('an unknown route under /%61pi answers JSON, not the web app', async () => {
    const res = await t.client().get('/%61pi/v1/no-such-thing', { headers: { accept: 'text/html' } });
    expectError(res, 404, 'ROUTE_NOT_FOUND');
    expect(res.text).not.toContain('no-such-thing');
  });

  it('redacts a secret query value whose name is percent-encoded', async () => {
    await t.client().get('/reset-password?%74oken=secret-value-1234567890', {
      headers: { accept: 'text/html' },
    });
    expect(logs.text).toContain('[redacted]');
    expect(logs.text).not.toContain('secret-value-1234567890');
  });
});

function expectNoEcho(res: TestResponse, ...fragments: string[]) {
  for (const f of fragments) expect(res.text).not.toContain(f);
}

describe('router errors answer the one error shape and echo nothing', () => {
  it('a path that does not decode: 400 BAD_URL', async () => {
    const res = await t.client().get('/api/v1/members/%E0%A4%A');
    expectError(res, 400, 'BAD_URL');
    expectNoEcho(res, '%E0', 'members');
  });

  it('an over-long path parameter: 414 URI_TOO_LONG', async () => {
    const long = 'x'.repeat(300);
    const res = await t.client().get(`/api/v1/members/${long}`);
    expectError(res, 414, 'URI_TOO_LONG');
    expectNoEcho(res, long.slice(0, 50));
  });
});

/** Sends raw bytes to a listening app and returns the raw HTTP answer. */
async function rawRequest(port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => resolve(Buffer.concat(chunks).toString()));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
    socket.on('connect', () => socket.write(payload));
    setTimeout(() => reject(new Error('no answer')), 5000).unref();
  });
}

function parseRaw(raw: string): { status: number; contentType: string; body: unknown; text: string } {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  const contentType = /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '';
  const text = rest.join('\r\n\r\n');
  return { status, contentType, body: JSON.parse(text) as unknown, text };
}

describe('HTTP-parser errors answer the one error shape and echo nothing', () => {
  let port: number;
  let listening: TestApp;
  beforeAll(async () => {
    listening = await createTestApp();
    await listening.app.listen({ host: '127.0.0.1', port: 0 });
    port = (listening.app.server.address() as AddressInfo).port;
  });
  afterAll(() => listening.close());

  const asResponse = (r: ReturnType<typeof parseRaw>) =>
    ({
      status: r.status,
      headers: { 'content-type': r.contentType },
      body: r.body,
      error: (r.body as { error?: unknown }).error,
      text: r.text,
    }) as never;

  it('headers over the limit: 431 HEADERS_TOO_LARGE', async () => {
    const big = 'y'.repeat(20_000);
    const raw = await rawRequest(port, `GET /api/v1/instance HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`);
    const res = parseRaw(raw);
    expectError(asResponse(res), 431, 'HEADERS_TOO_LARGE');
    expect(res.text).not.toContain('yyyy');
  });

  it('a Content-Length that is not a number: 400 BAD_REQUEST', async () => {
    const raw = await rawRequest(
      port,
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 12abc\r\n\r\n{}',
    );
    const res = parseRaw(raw);
    expectError(asResponse(res), 400, 'BAD_REQUEST');
    expect(res.text).not.toContain('12abc');
  });

  it('a malformed request line: 400 BAD_REQUEST', async () => {
    const raw = await rawRequest(port, 'GET /api/v1/<script> HTTP/9\r\n\r\n');
    const res = parseRaw(raw);
    expect(res.status).toBe(400);
    expectErrorShape(asResponse(res));
    expect(res.text).not.toContain('script');
  });

  it('a path that does not decode, over a real socket: 400 BAD_URL', async () => {
    const raw = await rawRequest(
      port,
      'GET /api/v1/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    const res = parseRaw(raw);
    expectError(asResponse(res), 400, 'BAD_URL');
    expect(res.text).not.toContain('%E0');
  });
});
