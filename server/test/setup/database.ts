// Per-test-file database for the integration suites (server/test/**).
//
//   const db = await createTestDatabaseUrl();
//   // ... start the app with db.url ...
//   afterAll(() => db.drop());
//
// TEST_DIALECT (set by the vitest project) chooses the dialect; default sqlite.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { adminDatabaseUrl } from './postgres';

export type TestDialect = 'sqlite' | 'postgres';

export interface TestDatabase {
  url: string | undefined;
  dialect: TestDialect;
  drop: () => Promise<void>;
}

export function testDialect(): TestDialect {
  const value = process.env.TEST_DIALECT || 'sqlite';
  if (value !== 'sqlite' && value !== 'postgres') {
    throw new Error(`TEST_DIALECT must be "sqlite" or "postgres", got "${value}"`);
  }
  return value;
}

async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl(), connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  // Lower-case hex only: safe to embed as an identifier without quoting issues.
  const name = `slipstream_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));

  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;

  let dropped = false;
  return {
    url: url.toString(),
    dialect: 'postgres',
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withAdminClient(async (client) => {
        // pg's Pool.end() resolves before the server has closed its connections. Terminating one that is
        // still closing (FORCE) makes its client raise an uncaught "terminating connection" error, so give
        // them a moment to go first (up to ~2 s), then force whatever is left.
        for (let i = 0; i < 100; i++) {
          const { rows } = await client.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
            [name],
          );
          if (rows[0]?.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    },
  };
}

async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'slipstream-test-'));
  return {
    url: `sqlite:${join(dir, 'test.db')}`,
    dialect: 'sqlite',
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function createTestDatabaseUrl(): Promise<TestDatabase> {
  return testDialect() === 'postgres' ? createPostgresDatabase() : createSqliteDatabase();
}
