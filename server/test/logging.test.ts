// Secrets never reach the logs: passwords, session cookies, CSRF tokens, bearer tokens and email link tokens.
// The app logs at `trace` here, its most verbose level, into a buffer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, LogCapture, type TestApp } from './helpers/app.js';
import { createAccessToken, registerMember, type SessionBody } from './helpers/factories.js';

const logs = new LogCapture();
let t: TestApp;
const secrets: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({
    env: { LOG_LEVEL: 'trace' },
    logStream: logs,
    beforeReady: (app) => {
      app.post('/api/v1/__test/boom', { schema: { hide: true } }, async () => {
        throw new Error('boom');
      });
    },
  });

  const password = 'my very secret passphrase 1';
  const m = await registerMember(t.app, { handle: 'logger', password });
  secrets.password = password;
  secrets.sessionCookie = m.client.sessionCookie!;
  secrets.csrfToken = m.client.csrfToken!;

  // Sign in again (a second cookie), fail once (a wrong password).
  const login = t.client();
  await login.post<SessionBody>('auth/login', { email: m.email, password });
  secrets.secondCookie = login.sessionCookie!;
  const wrongPassword = 'a wrong guess of the passphrase';
  await t.client().post('auth/login', { email: m.email, password: wrongPassword });
  secrets.wrongPassword = wrongPassword;

  // A bearer token used for a read, a write, and a failing request.
  const { token } = await createAccessToken(m.client);
  secrets.bearer = token;
  const bearer = m.client.asToken(token);
  await bearer.get('auth/session');
  await bearer.patch('me', { headline: 'logged?' });
  await bearer.post('/api/v1/__test/boom', {});
  await m.client.post('/api/v1/__test/boom', {});

  // An unknown bearer token.
  secrets.badBearer = 'ssp_not-a-real-token-but-still-secret';
  await t.client({ bearer: secrets.badBearer }).get('auth/session');

  // Email links: the page the link opens (its URL carries the token), then the API call.
  const html = { headers: { accept: 'text/html' } };
  secrets.verifyToken = await t.linkTokenFromLastEmail(m.email);
  await t.client().get(`/verify-email?token=${encodeURIComponent(secrets.verifyToken)}`, html);
  await t.client().post('auth/verify-email', { token: secrets.verifyToken });
  await t.client().post('auth/password-reset/request', { email: m.email });
  secrets.resetToken = await t.linkTokenFromLastEmail(m.email);
  await t.client().get(`/reset-password?lang=en&token=${encodeURIComponent(secrets.resetToken)}`, html);
  // Ordinary query strings stay in the log.
  await t.client().get('skills', { query: { q: 'typescript' } });
  const newPassword = 'the replacement passphrase';
  await t.client().post('auth/password-reset/confirm', { token: secrets.resetToken, password: newPassword });
  secrets.newPassword = newPassword;

  // A validation failure carrying a password.
  secrets.invalidPassword = 'shortpw';
  await t.client().post('auth/register', { email: 'x@example.org', password: secrets.invalidPassword });

  await t.app.ctx.outbox.drain();
});
afterAll(() => t.close());

describe('logging', () => {
  it('captures the request log (so the checks below mean something)', () => {
    const lines = logs.lines;
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((l) => l.msg === 'incoming request')).toBe(true);
    expect(lines.some((l) => l.msg === 'request completed')).toBe(true);
    expect(lines.some((l) => l.msg === 'unhandled error')).toBe(true);
  });

  it.each([
    'password',
    'wrongPassword',
    'newPassword',
    'invalidPassword',
    'sessionCookie',
    'secondCookie',
    'csrfToken',
    'bearer',
    'badBearer',
    'verifyToken',
    'resetToken',
  ])('never logs the %s', (name) => {
    const value = secrets[name]!;
    expect(value.length).toBeGreaterThan(5);
    expect(logs.text).not.toContain(value);
    // Nor its URL-encoded form.
    expect(logs.text).not.toContain(encodeURIComponent(value));
  });

  it('keeps request URLs in the log, without the token of an email link', () => {
    const urls = logs.lines.map((l) => (l.req as { url?: string } | undefined)?.url).filter(Boolean);
    expect(urls).toContain('/verify-email?token=[redacted]');
    expect(urls).toContain('/reset-password?lang=en&token=[redacted]');
    expect(urls).toContain('/api/v1/skills?q=typescript');
  });

  it('never logs authorization or cookie headers, even redacted ones carry no value', () => {
    for (const line of logs.lines) {
      const text = JSON.stringify(line);
      expect(text).not.toMatch(/Bearer ssp_/);
      expect(text).not.toMatch(/slipstream_session=[^;"\s]/);
    }
  });
});
