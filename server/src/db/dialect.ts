import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Dialect,
  type Driver,
} from 'kysely';
import pg from 'pg';
import type { Config } from '../config/env.js';

/**
 * The one place that knows SQLite from PostgreSQL. Everything else in the code base is dialect-agnostic.
 */
export type DialectName = 'sqlite' | 'postgres';

export interface DialectHandle {
  name: DialectName;
  dialect: Dialect;
  /** Runs after Kysely is created (PRAGMAs on SQLite). */
  close?: () => Promise<void>;
}

export function createDialect(
  database: Config['database'],
  options: { sqliteSynchronous?: 'NORMAL' | 'FULL' } = {},
): DialectHandle {
  if (database.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url, max: 10 });
    return { name: 'postgres', dialect: new PostgresDialect({ pool }) };
  }
  if (database.file !== ':memory:') mkdirSync(dirname(database.file), { recursive: true });
  const sqlite = new SQLite(database.file);
  // WAL lets readers run during a write; NORMAL loses no committed transaction when the process dies
  // (only, possibly, the last ones on power loss). See docs/decisions/0004-sqlite-durability.md.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return { name: 'sqlite', dialect: new ImmediateSqliteDialect({ database: sqlite }) };
}

/**
 * SQLite transactions start with BEGIN IMMEDIATE: the write lock is taken up front, so a transaction that
 * reads and then writes never fails with SQLITE_BUSY_SNAPSHOT when another process (a second app, the CLI)
 * committed in between; it waits (busy_timeout) instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** Which database a Kysely instance (or transaction) talks to, for the db/ helpers that must differ. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: migrations use it too
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export type { Kysely };
