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
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
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
