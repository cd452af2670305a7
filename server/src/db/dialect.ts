import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type SqliteDatabase,
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
  return { name: 'sqlite', dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) };
}

/**
 * better-sqlite3 with its prepared statements kept, by SQL text (the most recently used 500). Kysely
 * prepares every statement afresh, and for the board's compound queries preparing costs a third as much as
 * running them (ADR 0012). Statements run synchronously, so a kept one is never in use twice at once (the
 * app does not stream results); SQLite re-prepares a kept statement itself after a schema change.
 */
function withStatementCache(db: SQLite.Database, size = 500): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let statement = kept.get(sql);
      if (statement) {
        kept.delete(sql); // re-inserted below: the Map's order is the use order
      } else {
        statement = db.prepare(sql);
        if (kept.size >= size) kept.delete(kept.keys().next().value!);
      }
      kept.set(sql, statement);
      return statement;
    },
  };
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

export type { Kysely };
