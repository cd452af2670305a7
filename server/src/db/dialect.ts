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
  /** The embedded database's own handle, for bulk writes (`replaceTableRows`). */
  sqlite?: SQLite.Database;
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
  return {
    name: 'sqlite',
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }),
    sqlite,
  };
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

const sqliteHandles = new WeakMap<object, SQLite.Database>();

/** Called by openDatabase: lets `replaceTableRows` find the SQLite handle behind a Kysely instance. */
export function registerDialectHandle(db: object, handle: DialectHandle): void {
  if (handle.sqlite) sqliteHandles.set(db, handle.sqlite);
}

/**
 * Replaces every row of `table` with `batches`, atomically. On SQLite one prepared INSERT runs per row inside
 * one IMMEDIATE transaction on Kysely's own connection (held, so no Kysely query interleaves): Kysely's
 * multi-row INSERTs cost ~75 µs a row at a million rows, a prepared statement a few. On PostgreSQL, multi-row
 * INSERTs in one transaction. `db` must be the root Kysely instance, not a transaction.
 */
export async function replaceTableRows<DB, T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  columns: readonly string[],
  batches: Iterable<Record<string, unknown>[]>,
): Promise<void> {
  const sqlite = sqliteHandles.get(db);
  if (sqlite) {
    await db.connection().execute(async () => {
      const quoted = (c: string) => `"${c.replace(/"/g, '""')}"`;
      const del = sqlite.prepare(`delete from ${quoted(table)}`);
      const ins = sqlite.prepare(
        `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`,
      );
      sqlite
        .transaction(() => {
          del.run();
          for (const rows of batches) for (const r of rows) ins.run(r);
        })
        .immediate();
    });
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table is a parameter here
  const any = db as unknown as Kysely<any>;
  await any.transaction().execute(async (trx) => {
    await trx.deleteFrom(table).execute();
    for (const rows of batches) if (rows.length > 0) await trx.insertInto(table).values(rows).execute();
  });
}

/** Which database a Kysely instance (or transaction) talks to, for the db/ helpers that must differ. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: migrations use it too
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export type { Kysely };
