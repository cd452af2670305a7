import { Kysely, Migrator, type MigrationProvider, type Migration } from 'kysely';
import type { Config } from '../config/env.js';
import { createDialect, registerDialectHandle, type DialectName } from './dialect.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  destroy: () => Promise<void>;
}

export function openDatabase(
  config: Pick<Config, 'database'> &
    Partial<Pick<Config, 'sqliteSynchronous' | 'databasePoolSize' | 'databaseConnectTimeoutMs'>> & {
      poolSize?: number;
      applicationName?: string;
    },
  options: { onConnectionError?: (error: Error) => void } = {},
): DatabaseHandle {
  const handle = createDialect(config.database, {
    sqliteSynchronous: config.sqliteSynchronous,
    // An explicit poolSize (the worker threads' 1) wins over the process setting (DATABASE_POOL_SIZE).
    poolSize: config.poolSize ?? config.databasePoolSize,
    applicationName: config.applicationName,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    onConnectionError: options.onConnectionError,
  });
  const db = new Kysely<Database>({ dialect: handle.dialect });
  registerDialectHandle(db, handle);
  return { db, dialect: handle.name, destroy: () => db.destroy() };
}

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export function createMigrator(db: Db): Migrator {
  return new Migrator({ db, provider: new StaticMigrationProvider() });
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${(error as Error).message ?? String(error)}`);
  }
  return applied;
}

/** True when every known migration has been applied (for /readyz). */
export async function migrationsApplied(db: Db): Promise<boolean> {
  const all = await createMigrator(db).getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}
