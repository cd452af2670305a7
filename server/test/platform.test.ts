// Health, readiness, metrics, the OpenAPI document and security headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { METRICS_TOKEN } });
});
const scrape = () => t.client({ bearer: METRICS_TOKEN }).get('/metrics');
afterAll(() => t.close());

describe('health', () => {
  it('/healthz answers ok', async () => {
    const res = await t.client().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/readyz is ready once migrations have run, and names the database', async () => {
    const res = await t.client().get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', database: t.database.dialect });
  });

  it('/readyz answers 503 while migrations are pending', async () => {
    const unmigrated = await createTestApp({ migrate: false });
    try {
      const res = await unmigrated.client().get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'unavailable', reason: 'migrations pending' });
      expect((await unmigrated.client().get('/healthz')).status).toBe(200);
    } finally {
      await unmigrated.close();
    }
  });
});

describe('/metrics', () => {
  it('serves Prometheus text with request counts per route and status', async () => {
    await t.client().get('/api/v1/instance');
    await t.client().get('/api/v1/me/notifications');
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/plain/);
    expect(res.text).toContain('# TYPE slipstream_http_requests_total counter');
    expect(res.text).toMatch(
      /slipstream_http_requests_total\{method="GET",route="\/api\/v1\/instance",status="200"\} [1-9]/,
    );
    expect(res.text).toMatch(
      /slipstream_http_requests_total\{method="GET",route="\/api\/v1\/me\/notifications",status="401"\} [1-9]/,
    );
    expect(res.text).toContain('slipstream_http_request_duration_seconds_bucket');
    expect(res.text).toContain('slipstream_process_cpu_user_seconds_total');
  });

  it('labels unknown paths by route pattern, not by raw URL', async () => {
    await t.client().get('/api/v1/members/someone-specific');
    await t.client().get('/api/v1/does-not-exist-xyz');
    const res = await scrape();
    expect(res.text).toContain('route="/api/v1/members/:handle"');
    expect(res.text).not.toContain('someone-specific');
    expect(res.text).not.toContain('does-not-exist-xyz');
  });
});

describe('/metrics access', () => {
  it('needs the bearer token: none or a wrong one answers 401 and reveals nothing', async () => {
    for (const client of [
      t.client(),
      t.client({ bearer: 'not-the-metrics-token-at-all' }),
      t.client({ bearer: `${METRICS_TOKEN}x` }),
    ]) {
      const res = await client.get('/metrics');
      expectError(res, 401, 'UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.text).not.toContain('slipstream_');
      expect(res.text).not.toContain('nodejs');
    }
  });

  it('is not served at all when no METRICS_TOKEN is configured', async () => {
    const bare = await createTestApp();
    try {
      const res = await bare.client().get('/metrics', { headers: { accept: 'text/plain' } });
      expectError(res, 404, 'ROUTE_NOT_FOUND');
      expect(res.text).not.toContain('slipstream_');
    } finally {
      await bare.close();
    }
  });
});

interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  responses?: Record<string, unknown>;
}

describe('/api/v1/openapi.json', () => {
  const EXPECTED_OPERATIONS = [
    'register',
    'verifyEmail',
    'resendVerification',
    'login',
    'logout',
    'getSession',
    'requestPasswordReset',
    'resetPassword',
    'getMember',
    'updateMe',
    'listWorkRecords',
    'createWorkRecord',
    'updateWorkRecord',
    'deleteWorkRecord',
    'listAccessTokens',
    'createAccessToken',
    'revokeAccessToken',
    'listSkills',
    'getInstance',
    'updateInstance',
    'createInvite',
  ];

  async function operations() {
    const res = await t
      .client()
      .get<{ openapi: string; paths: Record<string, Record<string, OpenApiOperation>> }>(
        '/api/v1/openapi.json',
      );
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    return Object.entries(res.body.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
  }

  it('documents every foundation operation', async () => {
    const ids = (await operations()).map((o) => o.op.operationId);
    expect(ids).toEqual(expect.arrayContaining(EXPECTED_OPERATIONS));
  });

  it('gives every operation a unique operationId, a summary and at least one 4xx response (getInstance aside)', async () => {
    const ops = await operations();
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of ops) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.summary, where).toBeTruthy();
      if (op.operationId === 'getInstance') continue;
      const fourXX = Object.keys(op.responses ?? {}).filter((s) => /^4\d\d$/.test(s));
      expect(fourXX.length, `${where} has no 4xx response`).toBeGreaterThan(0);
    }
  });

  it('does not document the internal endpoints', async () => {
    const paths = new Set((await operations()).map((o) => o.path));
    for (const hidden of ['/healthz', '/readyz', '/metrics', '/api/v1/openapi.json']) {
      expect(paths.has(hidden)).toBe(false);
    }
  });
});

describe('security headers', () => {
  it('sets a strict Content-Security-Policy and related headers on API replies', async () => {
    const res = await t.client().get('/api/v1/instance');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).not.toContain('upgrade-insecure-requests'); // only under HTTPS
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined(); // plain http
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('sets them on errors and on non-API pages too', async () => {
    for (const url of ['/api/v1/nowhere', '/healthz', '/some-page']) {
      const res = await t.client().get(url);
      expect(String(res.headers['content-security-policy']), url).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('gives each request its own id', async () => {
    const a = await t.client().get('/healthz');
    const b = await t.client().get('/healthz');
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('ignores a client-supplied request id', async () => {
    const res = await t.client().get('/healthz', { headers: { 'x-request-id': 'injected-id' } });
    expect(res.headers['x-request-id']).not.toBe('injected-id');
  });
});
