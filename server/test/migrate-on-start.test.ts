// MIGRATE_ON_START (docs/scaling.md, pgbouncer): off, a process does not migrate; with a migration pending it
// refuses to start and says what to do, and on an up-to-date database it serves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { migrateToLatest, migrationsApplied, openDatabase } from '../src/db/database.js';
import { CapturingMailer, testConfig } from './helpers/app.js';
import { createTestDatabaseUrl, type TestDatabase } from './setup/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabaseUrl({ empty: true });
});
afterAll(() => database.drop());

describe('MIGRATE_ON_START=off', () => {
  it('refuses to start with migrations pending, and leaves the schema alone', async () => {
    const config = testConfig(database.url!, { MIGRATE_ON_START: 'off' });
    expect(config.migrateOnStart).toBe(false);
    await expect(buildApp({ config, mailer: new CapturingMailer() })).rejects.toThrow(
      /Migrations are pending and MIGRATE_ON_START=off: run `npm run cli -- migrate`/,
    );
    const handle = openDatabase(config);
    try {
      expect(await migrationsApplied(handle.db)).toBe(false);
      await migrateToLatest(handle.db);
    } finally {
      await handle.destroy();
    }
  });

  it('serves once the database is up to date', async () => {
    const app = await buildApp({
      config: testConfig(database.url!, { MIGRATE_ON_START: 'off' }),
      mailer: new CapturingMailer(),
    });
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode, ready.body).toBe(200);
    } finally {
      await app.close();
    }
  });
});
