// This run's migrated template database for the postgres project (built in global-postgres.ts, cloned per
// test file in database.ts).
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { migrateToLatest, openDatabase } from '../../src/db/database.js';
import { databaseUrl, waitForNoSessions, withAdminClient } from './postgres';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../src/db/migrations/', import.meta.url));
const PREFIX = 'slipstream_tpl_';
/** A template older than this belongs to a run that was killed before its teardown. */
const STALE_AFTER_MS = 3 * 60 * 60 * 1000;

/** Short hash of the migration sources: names a template after the migrations it was built from. */
export async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.ts')).sort();
  for (const file of files) {
    hash
      .update(file)
      .update('\0')
      .update(await readFile(MIGRATIONS_DIR + file))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 10);
}

/** `slipstream_tpl_<migrations hash>_<start time, base 36>_<random>`: lower-case, safe unquoted, < 63 chars. */
export async function templateName(): Promise<string> {
  return `${PREFIX}${await migrationsHash()}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Creates an empty database, migrates it with the code's migrations, closes it to connections. */
export async function createTemplateDatabase(): Promise<string> {
  const name = await templateName();
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  try {
    const handle = openDatabase({ database: { dialect: 'postgres', url: databaseUrl(name) } });
    try {
      await migrateToLatest(handle.db);
    } finally {
      await handle.destroy();
    }
    await withAdminClient(async (client) => {
      // No session may be on a template while it is cloned: wait for the migrating pool to be gone, then
      // refuse new connections for the rest of the run.
      await client.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
      const left = await waitForNoSessions(client, name);
      if (left > 0) {
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
          name,
        ]);
      }
      await client.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE true`);
    });
  } catch (error) {
    await dropTemplateDatabase(name).catch(() => {});
    throw error;
  }
  return name;
}

export async function dropTemplateDatabase(name: string): Promise<void> {
  await withAdminClient(async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) return;
    await client.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE false`);
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/** Drops the templates of earlier runs that died before their teardown (never a concurrent run's). */
export async function dropStaleTemplates(now = Date.now()): Promise<void> {
  const stale = await withAdminClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'slipstream\\_tpl\\_%'`,
    );
    return rows
      .map((r) => r.datname)
      .filter((name) => {
        const started = parseInt(name.slice(PREFIX.length).split('_')[1] ?? '', 36);
        return Number.isFinite(started) && now - started > STALE_AFTER_MS;
      });
  });
  for (const name of stale) await dropTemplateDatabase(name).catch(() => {});
}
