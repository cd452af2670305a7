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
