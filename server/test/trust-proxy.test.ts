// TRUST_PROXY as the app reads it (plugins/trust-proxy.ts): with a hop count, request.ip is the address the
// proxy appended to X-Forwarded-For, never what a client wrote there, and a client on a public address that
// connects directly is not believed at all. (Fastify 5.12 reads a bare number as "trust nothing".) Through a
// real proxy and processes: server/test/scale-out.postgres.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, LogCapture, type TestApp } from './helpers/app.js';

const opened: TestApp[] = [];
afterAll(async () => {
  for (const t of opened.splice(0)) await t.close();
});

async function ipSeen(t: TestApp, logs: LogCapture, remoteAddress: string, forwardedFor?: string) {
  const marker = `probe-${Math.random().toString(36).slice(2)}`;
  const res = await t.app.inject({
    url: `/healthz?${marker}`,
    remoteAddress,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });
  expect(res.statusCode).toBe(200);
  const line = logs.lines.find((l) => String((l.req as { url?: string } | undefined)?.url).includes(marker));
  return (line?.req as { remoteAddress?: string } | undefined)?.remoteAddress;
}

describe('TRUST_PROXY=1', () => {
  let t: TestApp;
  const logs = new LogCapture();
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1', LOG_LEVEL: 'info' }, logStream: logs });
    opened.push(t);
  });

  it('takes the client address the proxy appended', async () => {
    expect(await ipSeen(t, logs, '127.0.0.1', '198.51.100.20')).toBe('198.51.100.20');
    expect(await ipSeen(t, logs, '10.0.0.3', '198.51.100.21')).toBe('198.51.100.21');
  });

  it('does not believe what the client wrote before it', async () => {
    expect(await ipSeen(t, logs, '127.0.0.1', '203.0.113.9, 198.51.100.22')).toBe('198.51.100.22');
  });

  it('does not believe a client on a public address that connects directly', async () => {
    expect(await ipSeen(t, logs, '198.51.100.23', '127.0.0.5')).toBe('198.51.100.23');
  });
});

describe('TRUST_PROXY with the proxy address', () => {
  it('believes that address only', async () => {
    const logs = new LogCapture();
    const t = await createTestApp({ env: { TRUST_PROXY: '10.0.0.5', LOG_LEVEL: 'info' }, logStream: logs });
    opened.push(t);
    expect(await ipSeen(t, logs, '10.0.0.5', '198.51.100.30')).toBe('198.51.100.30');
    expect(await ipSeen(t, logs, '10.0.0.6', '198.51.100.31')).toBe('10.0.0.6');
  });
});

describe('TRUST_PROXY unset', () => {
  it('uses the connection address', async () => {
    const logs = new LogCapture();
    const t = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream: logs });
    opened.push(t);
    expect(await ipSeen(t, logs, '127.0.0.1', '198.51.100.40')).toBe('127.0.0.1');
  });
});
