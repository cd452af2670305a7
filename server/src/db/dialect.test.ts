import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, migrateToLatest } from './database.js';

describe('SQLite transactions', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('take the write lock at BEGIN, so another process cannot commit between our read and our write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipstream-lock-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const { db, destroy } = openDatabase({ database: { dialect: 'sqlite', file } });
    await migrateToLatest(db);
    // Stands in for a second process (another app, the CLI) on the same file; fails fast instead of waiting.
    const other = new SQLite(file);
    other.pragma('busy_timeout = 0');
    let otherError: unknown;
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom('instance_settings').select('name').executeTakeFirstOrThrow();
      try {
        other.prepare("update instance_settings set name = 'other' where id = 1").run();
      } catch (error) {
        otherError = error;
      }
      // With a deferred BEGIN this write would fail with SQLITE_BUSY_SNAPSHOT after the other commit.
      await trx.updateTable('instance_settings').set({ name: 'ours' }).where('id', '=', 1).execute();
    });
    expect((otherError as { code?: string }).code).toBe('SQLITE_BUSY');
    expect(other.prepare('select name from instance_settings where id = 1').get()).toEqual({ name: 'ours' });
    other.close();
    await destroy();
  });
});
