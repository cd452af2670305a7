import SQLite from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { BackupError, databaseInUse, inspectSqliteFile, redactDatabaseUrl } from './backup.js';
import { migrateToLatest, openDatabase, type Db } from './database.js';
import { rebuildSearchIndex } from './search-index.js';
import { copyLine, copyLines } from './seed-scale.js';

/**
 * `cli copy-to --database-url postgres://…` (docs/backups.md, "Moving to PostgreSQL"): copies a stopped SQLite
 * instance into an empty PostgreSQL database. Generic over tables: the target is migrated to the latest
 * schema, and every table the two have in common is copied in foreign-key order (parents first, from the
 * target's own constraints) in one transaction, with COPY. The search indexes, which differ by
 * database (FTS5 on SQLite, tsvector tables on PostgreSQL), are not copied but built on the target, which
 * also sets their key sequences. Then every table's row count and a random sample of rows, looked up by
 * primary key, are compared.
 */

/** Tables only one side has, by design: the search indexes (0006, 0009) and the migrator's own. */
const NOT_COPIED = new Set(['kysely_migration', 'kysely_migration_lock', 'overflow_search', 'member_search']);
const SQLITE_ONLY = /^(overflow_fts|member_fts)(_.*)?$/;
/** Tables whose rows a migration writes (0001: the instance's one settings row): replaced, not "non-empty". */
const SEEDED_BY_MIGRATIONS = new Set(['instance_settings']);

export interface TableComparison {
  table: string;
  sourceRows: number;
  targetRows: number;
  sampled: number;
  /** Sampled rows missing on the target or different there (primary keys, at most 5). */
  mismatched: string[];
  mismatchCount: number;
}

export interface CopyResult {
  tables: TableComparison[];
  rows: number;
  seconds: number;
  ok: boolean;
  /** The source's schema version (last migration). */
  schema: string;
}

export interface CopyOptions {
  /** Sampled rows per table (default 100). */
  sample?: number;
  /** COPY text sent per statement, in characters (default 4 Mi). */
  batchChars?: number;
  onProgress?: (table: string, done: number, total: number) => void;
}

interface TargetTable {
  name: string;
  columns: { name: string; type: string }[];
  primaryKey: string[];
}

const quoted = (c: string) => `"${c.replace(/"/g, '""')}"`;

async function targetTables(db: Db): Promise<Map<string, TargetTable>> {
  const run = async <R>(text: string) => (await db.executeQuery<R>(CompiledQuery.raw(text))).rows;
  const cols = await run<{ table_name: string; column_name: string; data_type: string }>(
    `select table_name, column_name, data_type from information_schema.columns
      where table_schema = current_schema() order by table_name, ordinal_position`,
  );
  const base = new Set(
    (
      await run<{ table_name: string }>(
        `select table_name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`,
      )
    ).map((r) => r.table_name),
  );
  const pks = await run<{ table_name: string; column_name: string }>(
    `select c.relname as table_name, a.attname as column_name
       from pg_index i join pg_class c on c.oid = i.indrelid
       join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
      where i.indisprimary and c.relnamespace = current_schema()::regnamespace
      order by c.relname, array_position(i.indkey::int2[], a.attnum)`,
  );
  const tables = new Map<string, TargetTable>();
  for (const c of cols) {
    if (!base.has(c.table_name)) continue;
    let t = tables.get(c.table_name);
    if (!t) tables.set(c.table_name, (t = { name: c.table_name, columns: [], primaryKey: [] }));
    t.columns.push({ name: c.column_name, type: c.data_type });
  }
  for (const p of pks) tables.get(p.table_name)?.primaryKey.push(p.column_name);
  return tables;
}

/** The tables in an order where every table comes after the tables its foreign keys reference. */
async function foreignKeyOrder(db: Db, names: string[]): Promise<string[]> {
  const edges = (
    await db.executeQuery<{ child: string; parent: string }>(
      CompiledQuery.raw(
        `select c.relname as child, p.relname as parent from pg_constraint k
           join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
          where k.contype = 'f' and c.relnamespace = current_schema()::regnamespace`,
      ),
    )
  ).rows;
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const e of edges)
    if (e.child !== e.parent && parents.has(e.parent)) parents.get(e.child)?.add(e.parent);
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (n: string) => {
    if (state.get(n) === 'done') return;
    if (state.get(n) === 'visiting') throw new Error(`copy-to: a foreign-key cycle through ${n}`);
    state.set(n, 'visiting');
    for (const p of [...parents.get(n)!].sort()) visit(p);
    state.set(n, 'done');
    order.push(n);
  };
  for (const n of [...names].sort()) visit(n);
  return order;
}

/** A value as PostgreSQL's column expects it (the schemas share types: text times, 0/1 integers). */
function toTarget(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value === 1 || value === '1' || value === true;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** One comparable form of a value from either database. */
function comparable(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') return `n:${Number(value)}`;
  if (typeof value === 'boolean') return `n:${value ? 1 : 0}`;
  if (Buffer.isBuffer(value)) return `b:${value.toString('hex')}`;
  return `s:${String(value)}`;
}

/**
 * Copies the SQLite database `sourceFile` into the PostgreSQL database at `targetUrl`. Throws BackupError
 * (nothing written) when the source is in use, not a Slipstream database, not at this code's schema, or the
 * target is not empty or has other tables. Returns the comparison; `ok` is false on any difference.
 */
export async function copySqliteToPostgres(
  sourceFile: string,
  targetUrl: string,
  options: CopyOptions = {},
): Promise<CopyResult> {
  const t0 = performance.now();
  const facts = inspectSqliteFile(sourceFile);
  if (facts.unknown.length > 0) {
    throw new BackupError(
      `The SQLite database has a newer schema than this code (${facts.unknown.join(', ')}).`,
    );
  }
  if (facts.pending.length > 0) {
    throw new BackupError(
      `The SQLite database is not at the latest schema (pending: ${facts.pending.join(', ')}); run \`migrate\` first.`,
    );
  }
  if (databaseInUse(sourceFile)) {
    throw new BackupError(
      'The SQLite database is open in another process (a running server?): stop it first, so no write made after the copy is lost.',
    );
  }
  const source = new SQLite(sourceFile, { readonly: true, fileMustExist: true });
  const target = openDatabase({ database: { dialect: 'postgres', url: targetUrl }, poolSize: 2 });
  try {
    try {
      await migrateToLatest(target.db);
    } catch (error) {
      const message = (error as Error).message.replaceAll(targetUrl, redactDatabaseUrl(targetUrl));
      throw new BackupError(`Could not prepare the PostgreSQL database: ${message}`);
    }
    const tables = await targetTables(target.db);
    const sourceNames = (
      source
        .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
        .all() as {
        name: string;
      }[]
    )
      .map((r) => r.name)
      .filter((n) => !NOT_COPIED.has(n) && !SQLITE_ONLY.test(n));
    const targetNames = [...tables.keys()].filter((n) => !NOT_COPIED.has(n));
    const missing = sourceNames.filter((n) => !tables.has(n));
    const extra = targetNames.filter((n) => !sourceNames.includes(n));
    if (missing.length || extra.length) {
      throw new BackupError(
        `The two schemas differ: only in SQLite ${missing.join(', ') || '–'}; only in PostgreSQL ${extra.join(', ') || '–'}.`,
      );
    }
    for (const name of [...targetNames, 'overflow_search', 'member_search']) {
      if (SEEDED_BY_MIGRATIONS.has(name) || !tables.has(name)) continue;
      const { rows } = await target.db.executeQuery<{ one: number }>(
        CompiledQuery.raw(`select 1 as one from ${quoted(name)} limit 1`),
      );
      if (rows.length > 0) {
        throw new BackupError(
          `The PostgreSQL database is not empty (${name} has rows): copy-to only writes into an empty database.`,
        );
      }
    }
    const order = await foreignKeyOrder(target.db, targetNames);

    // One read transaction on the source (a snapshot), one write transaction on the target.
    source.exec('begin');
    const counts = new Map<string, number>();
    for (const name of order) {
      const r = source.prepare(`select count(*) as n from ${quoted(name)}`).get() as { n: number };
      counts.set(name, r.n);
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    let done = 0;
    options.onProgress?.('copy', 0, total);
    // COPY … FROM STDIN on a client of its own (the text format, as the scale seed writes it: seed-scale.ts),
    // all tables in one transaction: a failure leaves the target as empty as it was.
    const client = new pg.Client({ connectionString: targetUrl });
    client.on('error', () => {}); // a dropped connection fails the query in flight, which is what reports it
    await client.connect();
    try {
      await client.query('begin');
      for (const name of order) {
        const table = tables.get(name)!;
        const sourceColumns = new Set(
          (source.prepare(`pragma table_info(${quoted(name)})`).all() as { name: string }[]).map(
            (c) => c.name,
          ),
        );
        const columns = table.columns.filter((c) => sourceColumns.has(c.name));
        const onlySource = [...sourceColumns].filter((c) => !table.columns.some((t) => t.name === c));
        if (onlySource.length)
          throw new BackupError(`${name}: columns only in SQLite: ${onlySource.join(', ')}.`);
        if (SEEDED_BY_MIGRATIONS.has(name)) await client.query(`delete from ${quoted(name)}`);
        const names = columns.map((c) => c.name);
        const read = source.prepare(`select ${names.map(quoted).join(', ')} from ${quoted(name)}`).raw(true);
        let lines: string[] = [];
        let chars = 0;
        const flush = async () => {
          if (lines.length === 0) return;
          await copyLines(client, name, names, lines);
          done += lines.length;
          options.onProgress?.(name, done, total);
          lines = [];
          chars = 0;
        };
        for (const row of read.iterate() as IterableIterator<unknown[]>) {
          const line = copyLine(row.map((v, k) => toTarget(v, columns[k]!.type)));
          lines.push(line);
          chars += line.length;
          if (chars >= (options.batchChars ?? 4 << 20)) await flush();
        }
        await flush();
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      await client.end().catch(() => {});
    }
    // The search indexes of PostgreSQL, built from the copied rows, and their key sequences (setval).
    await rebuildSearchIndex(target.db);
    // Any column numbered by a sequence (none today but the search keys above): past the copied values.
    const serials = (
      await target.db.executeQuery<{ table_name: string; column_name: string; seq: string }>(
        CompiledQuery.raw(
          `select table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) as seq
             from information_schema.columns
            where table_schema = current_schema() and column_default like 'nextval(%'`,
        ),
      )
    ).rows.filter((r) => r.seq && order.includes(r.table_name));
    for (const r of serials) {
      await target.db.executeQuery(
        CompiledQuery.raw(
          `select setval($1, coalesce((select max(${quoted(r.column_name)}) from ${quoted(r.table_name)}), 0) + 1, false)`,
          [r.seq],
        ),
      );
    }

    const sample = options.sample ?? 100;
    const comparisons: TableComparison[] = [];
    for (const name of order) {
      const table = tables.get(name)!;
      const { rows } = await target.db.executeQuery<{ n: string | number }>(
        CompiledQuery.raw(`select count(*) as n from ${quoted(name)}`),
      );
      const targetRows = Number(rows[0]!.n);
      const columns = table.columns.map((c) => c.name);
      const pk = table.primaryKey.length ? table.primaryKey : columns;
      const picked = source
        .prepare(
          `select ${columns.map(quoted).join(', ')} from ${quoted(name)} order by random() limit ${Number(sample)}`,
        )
        .raw(true)
        .all() as unknown[][];
      const pkIndex = pk.map((k) => columns.indexOf(k));
      const mismatched: string[] = [];
      let mismatchCount = 0;
      if (picked.length) {
        const params: unknown[] = [];
        const keys = picked.map(
          (row) =>
            `(${pkIndex
              .map((i) => {
                params.push(toTarget(row[i], table.columns[i]!.type));
                return `$${params.length}`;
              })
              .join(', ')})`,
        );
        const found = await target.db.executeQuery<Record<string, unknown>>(
          CompiledQuery.raw(
            `select ${columns.map(quoted).join(', ')} from ${quoted(name)} where (${pk.map(quoted).join(', ')}) in (${keys.join(', ')})`,
            params,
          ),
        );
        const byKey = new Map(
          found.rows.map((r) => [JSON.stringify(pk.map((k) => comparable(r[k]))), r] as const),
        );
        for (const row of picked) {
          const key = JSON.stringify(pkIndex.map((i) => comparable(row[i])));
          const there = byKey.get(key);
          const same =
            there !== undefined && columns.every((c, i) => comparable(row[i]) === comparable(there[c]));
          if (!same) {
            mismatchCount += 1;
            if (mismatched.length < 5) mismatched.push(pkIndex.map((i) => String(row[i])).join('/'));
          }
        }
      }
      comparisons.push({
        table: name,
        sourceRows: counts.get(name)!,
        targetRows,
        sampled: picked.length,
        mismatched,
        mismatchCount,
      });
    }
    source.exec('commit');
    const ok = comparisons.every((c) => c.sourceRows === c.targetRows && c.mismatchCount === 0);
    return {
      tables: comparisons,
      rows: total,
      seconds: (performance.now() - t0) / 1000,
      ok,
      schema: facts.schema,
    };
  } finally {
    if (source.inTransaction) source.exec('rollback');
    source.close();
    await target.destroy();
  }
}
