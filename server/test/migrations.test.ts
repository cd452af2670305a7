// Migrations: a fresh database migrates to the latest version, and running them again changes nothing.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import {
  createMigrator,
  migrateToLatest,
  migrationsApplied,
  openDatabase,
  type DatabaseHandle,
} from '../src/db/database.js';
import { migrations } from '../src/db/migrations/index.js';
import { ManualClock } from '../src/shared/clock.js';
import { CapturingMailer, testConfig } from './helpers/app.js';
import { registerMember } from './helpers/factories.js';
import { createTestDatabaseUrl, testDialect, type TestDatabase } from './setup/database.js';

const ALL = Object.keys(migrations);

let database: TestDatabase;
let handle: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabaseUrl({ empty: true });
  handle = openDatabase(testConfig(database.url!));
});
afterAll(async () => {
  await handle.destroy();
  await database.drop();
});

describe('migrations', () => {
  it('start with nothing applied on a fresh database', async () => {
    expect(await migrationsApplied(handle.db)).toBe(false);
    const status = await createMigrator(handle.db).getMigrations();
    expect(status.map((m) => m.name)).toEqual(ALL);
    expect(status.every((m) => m.executedAt === undefined)).toBe(true);
  });

  it('apply every migration, in order, on a fresh database', async () => {
    expect(await migrateToLatest(handle.db)).toEqual(ALL);
    expect(await migrationsApplied(handle.db)).toBe(true);
    const tables = (await handle.db.introspection.getTables()).map((tbl) => tbl.name);
    expect(tables).toEqual(
      expect.arrayContaining(['members', 'sessions', 'access_tokens', 'work_records', 'instance_settings']),
    );
    const settings = await handle.db.selectFrom('instance_settings').selectAll().execute();
    expect(settings).toHaveLength(1);
  });

  it('are a no-op the second time', async () => {
    const before = await createMigrator(handle.db).getMigrations();
    expect(await migrateToLatest(handle.db)).toEqual([]);
    const after = await createMigrator(handle.db).getMigrations();
    expect(after.map((m) => [m.name, m.executedAt?.toISOString()])).toEqual(
      before.map((m) => [m.name, m.executedAt?.toISOString()]),
    );
    expect(await handle.db.selectFrom('instance_settings').selectAll().execute()).toHaveLength(1);
  });

  it('let an app start on the migrated database, and keep its data across restarts', async () => {
    const config = testConfig(database.url!);
    const start = () =>
      buildApp({ config, clock: new ManualClock(), mailer: new CapturingMailer(), webDist: '/nonexistent' });
    const first = await start();
    const m = await registerMember(first);
    await first.close();

    const second = await start();
    try {
      expect((await second.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      const res = await second.inject({ method: 'GET', url: `/api/v1/members/${m.handle}` });
      expect(res.statusCode).toBe(200);
      expect(await migrateToLatest(second.ctx.db)).toEqual([]);
    } finally {
      await second.close();
    }
  });
});

// PostgreSQL only (the SQLite project's files start empty and the app migrates them).
if (testDialect() === 'postgres') {
  describe('the test databases', () => {
    it('are cloned, on PostgreSQL, from a template built from the current migrations', async () => {
      const clone = await createTestDatabaseUrl();
      const cloned = openDatabase(testConfig(clone.url!));
      try {
        const status = await createMigrator(cloned.db).getMigrations();
        expect(status.map((m) => m.name)).toEqual(ALL);
        expect(status.every((m) => m.executedAt !== undefined)).toBe(true);
        expect(await cloned.db.selectFrom('instance_settings').selectAll().execute()).toHaveLength(1);
        expect(await migrateToLatest(cloned.db)).toEqual([]);
        // Like SQLite's synchronous=NORMAL in the other project: commits do not wait for a disk flush.
        const { rows } = await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(
          cloned.db,
        );
        expect(rows[0]?.synchronous_commit).toBe('off');
      } finally {
        await cloned.destroy();
        await clone.drop();
      }
    });
  });
}
