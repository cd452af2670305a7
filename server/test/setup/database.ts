// Per-test-file database for the integration suites (server/test/**).
//
//   const db = await createTestDatabaseUrl();
//   // ... start the app with db.url ...
//   afterAll(() => db.drop());
//
// On PostgreSQL the database is a clone of the run's migrated template (see global-postgres.ts); pass
// `{ empty: true }` for a database with no migration applied.
//
// TEST_DIALECT (set by the vitest project) chooses the dialect; default sqlite.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { databaseUrl, waitForNoSessions, withAdminClient } from './postgres';

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

/**
 * On PostgreSQL, a database cloned from this run's migrated template (global-postgres.ts), so a test file
 * does not migrate its own; with `empty`, an empty one (for the suites that exercise migrations themselves).
 * Without a template (the project's globalSetup did not run), an empty one that the app migrates.
 */
async function createPostgresDatabase(empty: boolean): Promise<TestDatabase> {
  // Lower-case hex only: safe to embed as an identifier without quoting issues.
  const name = `slipstream_test_${randomBytes(6).toString('hex')}`;
  const template = empty ? undefined : inject('postgresTemplate');
  await withAdminClient(async (client) => {
    await client.query(
      template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`,
    );
    // Commits do not wait for the WAL to reach the disk, as SQLite's WAL mode with synchronous=NORMAL does not
    // wait for an fsync: the same durability trade-off on both dialects for a database that lives for one test
    // file. Locking and visibility are unchanged, so the concurrency suites test the same thing.
    await client.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
  });

  let dropped = false;
  return {
    url: databaseUrl(name),
    dialect: 'postgres',
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withAdminClient(async (client) => {
        // Give the app's connections a moment to go (see waitForNoSessions), then force whatever is left.
        await waitForNoSessions(client, name);
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

export interface TestDatabaseOptions {
  /**
   * An empty database, with no migration applied, on both dialects (default: on PostgreSQL, a clone of the
   * run's migrated template; on SQLite a new file, which the app migrates when it starts).
   */
  empty?: boolean;
}

export async function createTestDatabaseUrl(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  return testDialect() === 'postgres'
    ? createPostgresDatabase(options.empty ?? false)
    : createSqliteDatabase();
}
