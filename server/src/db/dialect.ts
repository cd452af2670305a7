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
  type Compilable,
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
  options: {
    sqliteSynchronous?: 'NORMAL' | 'FULL';
    poolSize?: number;
    applicationName?: string;
    /** PostgreSQL: bound on opening a connection (a request then fails with 503, not a hang). */
    connectTimeoutMs?: number;
    /** PostgreSQL: a connection of the pool failed (the server restarted, the network cut it). */
    onConnectionError?: (error: Error) => void;
  } = {},
): DialectHandle {
  if (database.dialect === 'postgres') {
    const pool = new pg.Pool({
      connectionString: database.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      // A half-open connection (the server's host vanished) is noticed by TCP instead of never.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      // pg_stat_activity shows it (an application_name in DATABASE_URL wins): db/processes.ts counts processes.
      ...(options.applicationName && { application_name: options.applicationName }),
    });
    // A connection dying while idle in the pool, or while checked out between two queries, is emitted as
    // 'error' on the pool or on the client: without a listener that is an uncaught exception that ends the
    // process. The dead client is not queryable any more, so the pool drops it on release and opens a new
    // one for the next request (ADR 0028).
    const failed = (error: Error) => options.onConnectionError?.(error);
    pool.on('error', failed);
    pool.on('connect', (client) => client.on('error', failed));
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

  /**
   * On some errors (SQLITE_FULL: the disk is full; SQLITE_IOERR, SQLITE_NOMEM) SQLite has already rolled the
   * transaction back itself; Kysely's ROLLBACK then fails with "no transaction is active" and that error
   * would replace the one that says what happened (which plugins/errors.ts answers 507 STORAGE_FULL).
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } catch (error) {
      if (!/no transaction is active/.test(String((error as Error).message))) throw error;
    }
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
 * Calls `each` with every row of a query as an array of its column values in select order, without building
 * an object per row. `page(after, limit)` builds the query: on SQLite it runs once as `page(null, null)`,
 * streamed on the embedded handle (raw rows, one statement, no ORDER BY needed); on PostgreSQL in keyset pages
 * of `pageSize` rows, `after` being the value at `keyIndex` of the last row of the page before (the query must
 * then order by that column). A million rows read this way cost a fraction of a second on SQLite.
 */
export async function eachRawRow<DB>(
  db: Kysely<DB>,
  page: (after: unknown, limit: number | null) => Compilable,
  keyIndex: number,
  pageSize: number,
  each: (row: unknown[]) => void,
): Promise<void> {
  const sqlite = sqliteHandles.get(db);
  if (sqlite) {
    await db.connection().execute(async () => {
      const c = page(null, null).compile();
      const stmt = sqlite.prepare(c.sql).raw(true);
      for (const row of stmt.iterate(...(c.parameters as unknown[]))) each(row as unknown[]);
    });
    return;
  }
  let after: unknown = null;
  for (;;) {
    const res = await db.executeQuery<Record<string, unknown>>(page(after, pageSize).compile());
    for (const r of res.rows) each(Object.values(r));
    if (res.rows.length < pageSize) return;
    after = Object.values(res.rows[res.rows.length - 1]!)[keyIndex];
  }
}

/**
 * Replaces every row of `table` with `batches` (rows as objects, or as arrays of values in `columns` order),
 * atomically. On SQLite one prepared INSERT runs per row inside one IMMEDIATE transaction on Kysely's own
 * connection (held, so no Kysely query interleaves): Kysely's multi-row INSERTs cost ~75 µs a row at a
 * million rows, a prepared statement a few (positional values bind faster than named
 * ones). Dropping the secondary indexes around the insert and building them after, or inserting in primary-key
 * order, measured no faster at 0.5 M rows (~6 µs a row either way, SQLite's B-tree work). On PostgreSQL, multi-row INSERTs in one transaction. `db` must be the root Kysely instance.
 */
export async function replaceTableRows<DB, T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  columns: readonly string[],
  batches: Iterable<Record<string, unknown>[] | unknown[][]>,
): Promise<void> {
  const sqlite = sqliteHandles.get(db);
  if (sqlite) {
    await db.connection().execute(async () => {
      const quoted = (c: string) => `"${c.replace(/"/g, '""')}"`;
      const del = sqlite.prepare(`delete from ${quoted(table)}`);
      const named = sqlite.prepare(
        `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`,
      );
      const positional = sqlite.prepare(
        `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
      );
      // Foreign keys are checked once, at the end, instead of per row: with them on, SQLite also deletes the
      // old rows one by one instead of truncating (together 3–6 s of ~9 at 0.5 M rows). The pragma cannot
      // change inside a transaction, so it is switched on the held connection around it.
      const checkKeys = sqlite.pragma('foreign_keys', { simple: true }) === 1;
      const check = sqlite.prepare(`pragma foreign_key_check(${quoted(table)})`);
      if (checkKeys) sqlite.pragma('foreign_keys = OFF');
      try {
        sqlite
          .transaction(() => {
            del.run();
            for (const rows of batches)
              for (const r of rows) {
                if (Array.isArray(r)) positional.run(r);
                else named.run(r);
              }
            if (checkKeys && check.get() !== undefined)
              throw new Error(`replaceTableRows: a row of ${table} references a missing row (FOREIGN KEY)`);
          })
          .immediate();
      } finally {
        if (checkKeys) sqlite.pragma('foreign_keys = ON');
      }
    });
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table is a parameter here
  const any = db as unknown as Kysely<any>;
  await any.transaction().execute(async (trx) => {
    await trx.deleteFrom(table).execute();
    for (const rows of batches) {
      if (rows.length === 0) continue;
      const values = rows.map((r) =>
        Array.isArray(r) ? Object.fromEntries(columns.map((c, k) => [c, r[k]])) : r,
      );
      await trx.insertInto(table).values(values).execute();
    }
  });
}

/** Which database a Kysely instance (or transaction) talks to, for the db/ helpers that must differ. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: migrations use it too
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export type { Kysely };

/** One statement's rows for `writeInChunks`: upserts (insert, or update on a key conflict) or deletes by key. */
export interface ChunkedRows {
  kind: 'upsert' | 'delete';
  count: number;
  /** Row i's values in `columns` order (upserts) or `key` order (deletes), written into `out` (reused). */
  row: (i: number, out: unknown[]) => void;
}

/**
 * Writes upserts and deletes on `table` in short transactions of at most `chunk` rows each, letting other
 * writers in between (on SQLite the write lock is held for one chunk, a few milliseconds, never for the whole
 * batch; on PostgreSQL each chunk is one statement over arrays). Not atomic as a whole: a reader between two
 * chunks sees some rows new and some old. `types` are the PostgreSQL array types of `columns` (text, float8,
 * int4). Used by merit (docs/merit.md), whose writer runs in a worker thread with its own connection.
 */
export async function writeInChunks<DB>(
  db: Kysely<DB>,
  table: string,
  key: readonly string[],
  columns: readonly string[],
  types: readonly string[],
  changes: ChunkedRows,
  chunk = 2_000,
): Promise<void> {
  const quoted = (c: string) => `"${c.replace(/"/g, '""')}"`;
  const { count, kind, row } = changes;
  if (count === 0) return;
  const sqlite = sqliteHandles.get(db);
  const rest = columns.filter((c) => !key.includes(c));
  if (sqlite) {
    const statement =
      kind === 'upsert'
        ? sqlite.prepare(
            `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) values (${columns.map(() => '?').join(', ')}) ` +
              `on conflict (${key.map(quoted).join(', ')}) do update set ${rest.map((c) => `${quoted(c)} = excluded.${quoted(c)}`).join(', ')}`,
          )
        : sqlite.prepare(
            `delete from ${quoted(table)} where ${key.map((c) => `${quoted(c)} = ?`).join(' and ')}`,
          );
    const values: unknown[] = [];
    const run = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        row(i, values);
        statement.run(values);
      }
    });
    for (let from = 0; from < count; from += chunk) {
      await db.connection().execute(async () => run.immediate(from, Math.min(count, from + chunk)));
      // Let another connection's writer (the app's main thread) take the lock before the next chunk.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  const keyTypes = key.map((c) => types[columns.indexOf(c)]!);
  const sql =
    kind === 'upsert'
      ? `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) select * from unnest(${columns.map((_, k) => `$${k + 1}::${types[k]}[]`).join(', ')}) ` +
        `on conflict (${key.map(quoted).join(', ')}) do update set ${rest.map((c) => `${quoted(c)} = excluded.${quoted(c)}`).join(', ')}`
      : `delete from ${quoted(table)} t using unnest(${key.map((_, k) => `$${k + 1}::${keyTypes[k]}[]`).join(', ')}) as d(${key.map(quoted).join(', ')}) ` +
        `where ${key.map((c) => `t.${quoted(c)} = d.${quoted(c)}`).join(' and ')}`;
  const width = kind === 'upsert' ? columns.length : key.length;
  const big = chunk * 5; // one statement per chunk: a round trip costs more than a PostgreSQL row
  const values: unknown[] = [];
  for (let from = 0; from < count; from += big) {
    const to = Math.min(count, from + big);
    const arrays: unknown[][] = Array.from({ length: width }, () => []);
    for (let i = from; i < to; i++) {
      row(i, values);
      for (let k = 0; k < width; k++) arrays[k]!.push(values[k]);
    }
    await db.executeQuery(CompiledQuery.raw(sql, arrays));
  }
}
