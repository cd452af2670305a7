// DATABASE_POOL_SIZE (part capacity, docs/scaling.md): a process keeps at most that many PostgreSQL
// connections however many requests are in flight; requests beyond it wait for a connection instead of
// failing. On SQLite the setting has no effect (one embedded handle) and the same burst is answered too.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { testDialect } from './setup/database.js';

const POOL = 2;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { DATABASE_POOL_SIZE: String(POOL) } });
});
afterAll(() => t.close());

describe('DATABASE_POOL_SIZE', () => {
  it('is read into the configuration', () => {
    expect(t.config.databasePoolSize).toBe(POOL);
  });

  it('answers a burst of concurrent requests larger than the pool, within the pool', async () => {
    const burst = 24;
    const answers = await Promise.all(
      Array.from({ length: burst }, () => t.app.inject({ method: 'GET', url: '/api/v1/overflow?limit=20' })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array.from({ length: burst }, () => 200));
    if (testDialect() !== 'postgres') return;
    // The pool keeps its idle connections for a while (pg's idleTimeoutMillis), so what the burst opened is
    // still there to count; this client's own connection is left out.
    const client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(
        'select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      const n = Number(rows[0]!.n);
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(POOL);
    } finally {
      await client.end();
    }
  });
});
