// Shared PostgreSQL helpers for the test tooling (vitest.config.ts, global-postgres.ts, database.ts).
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Admin connection used to create and drop the per-file test databases. */
export function adminDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

/** Hides the password (if any) for log messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/** Resolves to undefined when PostgreSQL answers, otherwise to the reason it did not. */
export async function probePostgres(url = adminDatabaseUrl(), timeoutMs = 3000): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {}); // late socket errors must not crash the runner
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return (err instanceof Error && (err.message || err.name)) || String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

export function loudBanner(lines: string[]): string {
  const bar = '!'.repeat(100);
  return ['', bar, ...lines.map((line) => `!! ${line}`), bar, ''].join('\n');
}

/** Runs `fn` on a short-lived admin connection (CREATE / DROP DATABASE cannot run in a pool transaction). */
export async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl(), connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The admin URL with another database name. */
export function databaseUrl(name: string): string {
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Waits (up to ~2 s) until no session is connected to the database. pg's Pool.end() resolves before the server
 * has closed its connections; terminating one that is still closing makes its client raise an uncaught
 * "terminating connection" error, and a template with a session still on it cannot be cloned.
 * Resolves to the number of sessions still connected.
 */
export async function waitForNoSessions(client: pg.Client, name: string): Promise<number> {
  let n = 0;
  for (let i = 0; i < 100; i++) {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
      [name],
    );
    n = rows[0]?.n ?? 0;
    if (n === 0) return 0;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return n;
}
