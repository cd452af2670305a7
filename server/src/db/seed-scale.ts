/**
 * The scale seed's bulk loader (`npm run cli -- seed --scale N`): N members, 10·N overflow postings and their
 * offers, engagements, reviews, verified work records, ties, ledger entries, thanks and noticed notes, written
 * straight into the configured database. It lives in db/ because it bypasses the repositories on purpose: a
 * million postings through Kysely row by row would take far too long.
 *
 * - SQLite: its own better-sqlite3 connection, prepared statements in large transactions, secondary indexes
 *   dropped during the load and recreated from their own definitions afterwards (they exist after, exactly as
 *   the migrations made them), foreign keys off during the load (the generator writes parents first).
 * - PostgreSQL: COPY … FROM STDIN in text format (copyRows), one COPY per table per batch of a few MB, the
 *   next batch generated while the server writes the last. Foreign keys, primary keys, unique constraints and
 *   secondary indexes are dropped during the load and recreated from their own definitions afterwards (as
 *   pg_restore does: a sorted index build instead of a million b-tree insertions, one anti-join per foreign
 *   key instead of a trigger per row), with maintenance_work_mem raised for the builds, then ANALYZE.
 *
 * Deterministic for a given seed and anchor day: every random choice comes from one seeded PRNG
 * (seed-scale-data.ts) and every id from scaleId (time + table tag + counter). The search index and merit are
 * not built here: the CLI calls afterBulkLoad (server/src/cli/seed-scale.ts) once the rows are in.
 */
import SQLite from 'better-sqlite3';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Config } from '../config/env.js';
import type { Database } from './schema.js';
import {
  AFTER_LOAD_COLUMNS,
  DEFAULTED_COLUMNS,
  SEED_COLUMNS,
  TABLE_ORDER,
  generateInstance,
  type InstanceOptions,
  type ScaleSeedCounts,
  type SeedTable,
} from './seed-scale-instance.js';

export {
  AFTER_LOAD_COLUMNS,
  DEFAULTED_COLUMNS,
  SEED_COLUMNS,
  generateInstance,
  type ScaleSeedCounts,
  type SeedTable,
};

/** Data tables --force clears (everything but the migrations' bookkeeping and the instance settings row). */
const CLEARED_TABLES: (keyof Database)[] = [
  'notifications',
  'noticed_notes',
  'thanks_notes',
  'ledger_entries',
  'ties',
  'engagement_events',
  'engagements',
  'offer_evidence',
  'offers',
  'overflow_skills',
  'overflow',
  'work_record_skills',
  'work_records',
  'member_skills',
  'merit_scores',
  'job_claims',
  'email_outbox',
  'invites',
  'auth_failures',
  'auth_throttle_keys',
  'trusted_devices',
  'email_tokens',
  'access_tokens',
  'sessions',
  'members',
];

export interface ScaleSeedOptions extends InstanceOptions {
  /** Clear the data tables of a database that already has members. */
  force: boolean;
}

export interface ScaleSeedResult {
  counts: ScaleSeedCounts;
  seconds: number;
  cleared: boolean;
}

/** Refusing to seed over existing members; the CLI prints the message and exits with 2. */
export class SeedRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

// ---------------------------------------------------------------------------------------------- sinks

interface Sink {
  readonly dialect: 'sqlite' | 'postgres';
  memberCount(): Promise<number>;
  clear(): Promise<void>;
  beforeLoad(): Promise<void>;
  add(table: SeedTable, row: unknown[]): void;
  /** Writes what is buffered when enough has piled up (PostgreSQL) or commits the batch (SQLite). */
  maybeFlush(): Promise<void>;
  flush(): Promise<void>;
  afterLoad(onProgress?: ScaleSeedOptions['onProgress']): Promise<void>;
  close(): Promise<void>;
}

class SqliteSink implements Sink {
  readonly dialect = 'sqlite';
  private readonly db: SQLite.Database;
  private readonly stmts = new Map<SeedTable, SQLite.Statement>();
  private inTransaction = false;
  private pending = 0;
  private dropped: { name: string; sql: string }[] = [];

  constructor(file: string) {
    this.db = new SQLite(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
  }

  async memberCount() {
    return Number((this.db.prepare('select count(*) as n from members').get() as { n: number }).n);
  }

  async clear() {
    // Foreign keys on, so a table this list does not name (a later migration's) is emptied by its cascade
    // rather than left pointing at deleted members.
    this.db.pragma('foreign_keys = ON');
    this.db.transaction(() => {
      for (const t of CLEARED_TABLES) this.db.prepare(`delete from ${t}`).run();
    })();
  }

  async beforeLoad() {
    // Safe for a bulk load into a database nobody else writes to: a crash mid-load leaves a half-seeded file
    // that the next run refuses (it has members) or clears with --force.
    this.db.pragma('foreign_keys = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -131072'); // 128 MiB while loading
    const tables = new Set<string>(TABLE_ORDER);
    this.dropped = (
      this.db
        .prepare("select name, tbl_name, sql from sqlite_master where type = 'index' and sql is not null")
        .all() as { name: string; tbl_name: string; sql: string }[]
    ).filter((i) => tables.has(i.tbl_name));
    for (const i of this.dropped) this.db.prepare(`drop index "${i.name}"`).run();
    for (const t of TABLE_ORDER) {
      const cols = SEED_COLUMNS[t];
      this.stmts.set(
        t,
        this.db.prepare(`insert into ${t} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`),
      );
    }
  }

  add(table: SeedTable, row: unknown[]) {
    if (!this.inTransaction) {
      this.db.prepare('begin').run();
      this.inTransaction = true;
    }
    this.stmts.get(table)!.run(row);
    this.pending++;
  }

  async maybeFlush() {
    if (this.pending >= 200_000) await this.flush();
  }

  async flush() {
    if (this.inTransaction) this.db.prepare('commit').run();
    this.inTransaction = false;
    this.pending = 0;
  }

  async afterLoad(onProgress?: ScaleSeedOptions['onProgress']) {
    await this.flush();
    this.db.pragma('cache_size = -262144'); // sorting for the index builds
    let done = 0;
    for (const i of this.dropped) {
      onProgress?.('indexes', done++, this.dropped.length);
      this.db.prepare(i.sql).run();
    }
    onProgress?.('indexes', done, this.dropped.length);
    const broken = this.db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`scale seed broke ${broken.length} foreign keys`);
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close() {
    this.db.close();
  }
}

// ---------------------------------------------------------------------------------------------- COPY

/**
 * One value as a field of COPY's text format: NULL is `\N`; a backslash, tab, newline or carriage return is
 * escaped with a backslash (every other character, quotes and non-ASCII included, goes as it is). Booleans
 * as t/f, objects as JSON (what node-postgres sends for a parameter), numbers and bigints in decimal.
 */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let s: string;
  switch (typeof value) {
    case 'string':
      s = value;
      break;
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    default:
      if (value instanceof Date) return value.toISOString();
      if (Array.isArray(value) || Buffer.isBuffer(value)) {
        throw new Error('the COPY loader writes scalars and JSON objects only, not arrays or buffers');
      }
      s = JSON.stringify(value);
  }
  if (s.includes('\0')) throw new Error('PostgreSQL text cannot hold a NUL character');
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, escapeChar) : s;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeChar = (c: string) => ESCAPES[c]!;

/** One row as a line of COPY's text format. */
export function copyLine(row: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + copyField(row[i]);
  return line + '\n';
}

/** `COPY table (columns) FROM STDIN` of the given lines (each from copyLine) on the client. */
export async function copyLines(
  client: pg.Client | pg.PoolClient,
  table: string,
  columns: readonly string[],
  lines: readonly string[],
): Promise<void> {
  const ident = (n: string) => `"${n.replace(/"/g, '""')}"`;
  const stream = client.query(copyFrom(`copy ${ident(table)} (${columns.map(ident).join(', ')}) from stdin`));
  // Chunks of ~1 MiB: few writes, little copying.
  async function* chunks() {
    let buf = '';
    for (const l of lines) {
      buf += l;
      if (buf.length >= 1 << 20) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  await pipeline(Readable.from(chunks(), { objectMode: false }), stream);
}

/** Rows written with COPY (copyLines of copyLine); what the scale loader uses, exported for its tests. */
export async function copyRows(
  client: pg.Client | pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  await copyLines(client, table, columns, rows.map(copyLine));
}

/** A batch is sent when this much COPY text has piled up (UTF-16 units, ~ bytes for this data). */
const PG_BATCH_CHARS = 16 << 20;

const STAGED_OVERFLOW = 'seed_scale_overflow';

interface Recreate {
  table: string;
  name: string;
  sql: string;
}

class PostgresSink implements Sink {
  readonly dialect = 'postgres';
  private readonly client: pg.Client;
  private lines = new Map<SeedTable, string[]>();
  private chars = 0;
  /** The batch being written while the next one is generated. */
  private writing: Promise<void> | null = null;
  private keys: Recreate[] = [];
  private indexes: Recreate[] = [];
  private foreignKeys: Recreate[] = [];

  constructor(url: string) {
    this.client = new pg.Client({ connectionString: url });
  }

  async connect() {
    await this.client.connect();
  }

  async memberCount() {
    const r = await this.client.query<{ n: string }>('select count(*) as n from members');
    return Number(r.rows[0]!.n);
  }

  async clear() {
    await this.client.query(`truncate ${CLEARED_TABLES.join(', ')} cascade`);
  }

  async beforeLoad() {
    // A crash mid-load leaves a half-seeded database the next run refuses or clears with --force; losing the
    // last commits on a server crash is no worse than that.
    await this.client.query('set synchronous_commit = off');
    const tables = [...TABLE_ORDER];
    // Foreign keys of the seeded tables and those pointing into them (from tables the truncate emptied), then
    // primary keys and unique constraints (an FK needs its target's key, so they go after and come back
    // before), then the plain secondary indexes. Check constraints stay: they cost little per row.
    const fks = await this.client.query<{ tbl: string; name: string; def: string }>(
      `select c.conrelid::regclass::text as tbl, c.conname as name, pg_get_constraintdef(c.oid) as def
         from pg_constraint c
        where c.contype = 'f'
          and (c.conrelid = any($1::regclass[]) or c.confrelid = any($1::regclass[]))
        order by 1, 2`,
      [tables],
    );
    this.foreignKeys = fks.rows.map((r) => ({
      table: r.tbl,
      name: r.name,
      sql: `alter table ${r.tbl} add constraint "${r.name}" ${r.def}`,
    }));
    const keys = await this.client.query<{ tbl: string; name: string; def: string }>(
      `select c.conrelid::regclass::text as tbl, c.conname as name, pg_get_constraintdef(c.oid) as def
         from pg_constraint c
        where c.contype in ('p', 'u') and c.conrelid = any($1::regclass[])
        order by 1, 2`,
      [tables],
    );
    this.keys = keys.rows.map((r) => ({
      table: r.tbl,
      name: r.name,
      sql: `alter table ${r.tbl} add constraint "${r.name}" ${r.def}`,
    }));
    const idx = await this.client.query<{ tbl: string; name: string; def: string }>(
      `select i.tablename as tbl, i.indexname as name, i.indexdef as def from pg_indexes i
        where i.schemaname = current_schema() and i.tablename = any($1)
          and not exists (select 1 from pg_constraint c
                           where c.contype in ('p', 'u', 'x')
                             and c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
        order by 1, 2`,
      [tables],
    );
    this.indexes = idx.rows.map((r) => ({ table: r.tbl, name: r.name, sql: r.def }));
    // Postings go to a session-local staging table first: afterLoad moves them into overflow numbered with
    // their search key, one write of the table instead of a second (an UPDATE of every posting) later.
    await this.client.query(`create temp table ${STAGED_OVERFLOW} (like overflow)`);
    await this.client.query('begin');
    try {
      for (const f of this.foreignKeys)
        await this.client.query(`alter table ${f.table} drop constraint "${f.name}"`);
      for (const k of this.keys)
        await this.client.query(`alter table ${k.table} drop constraint "${k.name}"`);
      for (const i of this.indexes) await this.client.query(`drop index "${i.name}"`);
      await this.client.query('commit');
    } catch (error) {
      await this.client.query('rollback').catch(() => {});
      throw error;
    }
  }

  add(table: SeedTable, row: unknown[]) {
    let b = this.lines.get(table);
    if (!b) this.lines.set(table, (b = []));
    const line = copyLine(row);
    b.push(line);
    this.chars += line.length;
  }

  async maybeFlush() {
    if (this.chars >= PG_BATCH_CHARS) await this.startFlush();
  }

  /** Waits for the batch in flight, then sends this one without waiting for it (generation goes on meanwhile). */
  private async startFlush() {
    if (this.writing) await this.writing;
    this.writing = null;
    if (this.chars === 0) return;
    const batch = this.lines;
    this.lines = new Map();
    this.chars = 0;
    const write = async () => {
      // Order does not matter to the database while the keys are off; parents first all the same.
      for (const t of TABLE_ORDER) {
        const lines = batch.get(t);
        if (lines && lines.length > 0) {
          await copyLines(this.client, t === 'overflow' ? STAGED_OVERFLOW : t, SEED_COLUMNS[t], lines);
        }
      }
    };
    const p = write();
    p.catch(() => {}); // awaited by the next flush; not an unhandled rejection meanwhile
    this.writing = p;
  }

  async flush() {
    await this.startFlush();
    if (this.writing) await this.writing;
    this.writing = null;
  }

  async afterLoad(onProgress?: ScaleSeedOptions['onProgress']) {
    await this.flush();
    await this.client.query("set maintenance_work_mem = '1GB'");
    // The search key, numbered as rebuildSearchIndex numbers unindexed postings (creation order; the table
    // was empty), so afterBulkLoad only builds the documents. Nothing else is indexed on overflow yet.
    await this.client.query("set work_mem = '256MB'");
    const cols = SEED_COLUMNS.overflow.join(', ');
    await this.client.query(
      `insert into overflow (${cols}, search_seq)
       select ${cols}, row_number() over (order by created_at, id) from ${STAGED_OVERFLOW}`,
    );
    await this.client.query(`drop table ${STAGED_OVERFLOW}`);
    await this.client.query('reset work_mem');
    const steps = [...this.keys, ...this.indexes, ...this.foreignKeys];
    let done = 0;
    for (const s of steps) {
      onProgress?.('indexes', done++, steps.length);
      // Statistics before the foreign keys are validated: each check is one join the planner should hash.
      if (s === this.foreignKeys[0]) await this.client.query('analyze');
      await this.client.query(s.sql);
    }
    onProgress?.('indexes', done, steps.length);
    await this.client.query('reset maintenance_work_mem');
    // VACUUM too: it sets the visibility map, without which every index-only scan (the board's walk of
    // overflow_skills) still fetches each heap row it passes.
    await this.client.query('vacuum (analyze)');
  }

  async close() {
    await this.client.end();
  }
}

/**
 * Seeds the scaled instance into the configured database (migrated already). Refuses a database with members
 * unless `force`, which first empties every data table (members and everything that hangs off them, sessions,
 * tokens, outbox, merit scores; the instance settings and the migration history stay).
 */
export async function seedScale(
  database: Config['database'],
  opts: ScaleSeedOptions,
): Promise<ScaleSeedResult> {
  const started = performance.now();
  let sink: Sink;
  if (database.dialect === 'sqlite') {
    sink = new SqliteSink(database.file);
  } else {
    const s = new PostgresSink(database.url);
    await s.connect();
    sink = s;
  }
  try {
    const existing = await sink.memberCount();
    if (existing > 0 && !opts.force) {
      throw new SeedRefusedError(
        `The database already has ${existing} members; the scale seed only goes into an empty one. ` +
          'Pass --force to delete every member, posting, engagement and session in it first.',
      );
    }
    const cleared = existing > 0;
    if (cleared) await sink.clear();
    await sink.beforeLoad();
    const counts = await generateInstance(sink, opts);
    await sink.afterLoad(opts.onProgress);
    return { counts, cleared, seconds: (performance.now() - started) / 1000 };
  } finally {
    await sink.close();
  }
}
