import type { FullConfig } from '@playwright/test';
import { readLatestEmailIn } from './support/email.js';
import { startServer } from './support/server.js';

export const ADMIN = {
  email: 'admin@e2e.slipstream.test',
  password: 'admin-e2e-password-2026',
  name: 'Erin Admin',
  handle: 'e2e_admin',
} as const;

/**
 * Starts ONE server for the whole run (fresh temporary DATA_DIR, DEMO=off) and registers the first
 * account, which the server makes the administrator, before any spec creates members. Workers read the
 * address and data directory from the environment variables set here.
 */
export default async function globalSetup(_config: FullConfig) {
  const server = await startServer({ demo: false });
  const res = await fetch(`${server.baseURL}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (res.status !== 202) {
    await server.stop({ keep: true });
    throw new Error(
      `registering the admin failed: ${res.status} ${await res.text()} (log: ${server.logFile})`,
    );
  }
  // Sign-up signs nobody in and makes the account just after its answer (its confirmation email says it
  // exists); signing in with the password tells the account's role.
  await readLatestEmailIn(server.outboxDir, ADMIN.email, { subject: /confirm/i });
  const login = await fetch(`${server.baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.baseURL },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  const body = (await login.json()) as { member: { role: string } };
  if (body.member.role !== 'admin') {
    await server.stop({ keep: true });
    throw new Error(`the first account is not the admin (role ${body.member.role})`);
  }
  process.env.E2E_BASE_URL = server.baseURL;
  process.env.E2E_DATA_DIR = server.dataDir;
  process.env.E2E_SERVER_LOG = server.logFile;
  console.log(`e2e server: ${server.baseURL} (pid ${server.pid}, data ${server.dataDir})`);

  return async () => {
    // Keep the data directory (database, outbox, server log) when asked, for post-mortems.
    await server.stop({ keep: process.env.E2E_KEEP_DATA === '1' });
  };
}
