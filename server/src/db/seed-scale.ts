/**
 * The scale seed's bulk loader (`npm run cli -- seed --scale N`): N members, 10·N overflow postings and their
 * offers, engagements, reviews, verified work records, ties, ledger entries, thanks and noticed notes, written
 * straight into the configured database. It lives in db/ because it bypasses the repositories on purpose: a
 * million postings through Kysely row by row would take far too long.
 *
 * - SQLite: its own better-sqlite3 connection, prepared statements in large transactions, secondary indexes
 *   dropped during the load and recreated from their own definitions afterwards (they exist after, exactly as
 *   the migrations made them), foreign keys off during the load (the generator writes parents first).
 * - PostgreSQL: multi-row INSERTs of up to ~65 000 parameters, one transaction per batch, parents first.
 *
 * Deterministic for a given seed and anchor day: every random choice comes from one seeded PRNG
 * (seed-scale-data.ts) and every id from scaleId (time + table tag + counter). The search index and merit are
 * not built here: the CLI calls afterBulkLoad (server/src/cli/seed-scale.ts) once the rows are in.
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../config/env.js';
import type { Database } from './schema.js';
import {
  AFTER_LOAD_COLUMNS,
  SEED_COLUMNS,
  TABLE_ORDER,
  generateInstance,
  type InstanceOptions,
  type ScaleSeedCounts,
  type SeedTable,
} from './seed-scale-instance.js';

export { AFTER_LOAD_COLUMNS, SEED_COLUMNS, generateInstance, type ScaleSeedCounts, type SeedTable };

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

const PG_MAX_PARAMS = 60_000;

class PostgresSink implements Sink {
  readonly dialect = 'postgres';
  private readonly client: pg.Client;
  private readonly buffers = new Map<SeedTable, unknown[][]>();
  private buffered = 0;
  private dropped: { name: string; sql: string }[] = [];

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
    // Secondary indexes that back no constraint are dropped and recreated from their definitions; primary
    // keys and unique constraints stay (they are constraints, not plain indexes).
    const r = await this.client.query<{ indexname: string; indexdef: string }>(
      `select i.indexname, i.indexdef from pg_indexes i
        where i.schemaname = current_schema() and i.tablename = any($1)
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
      [TABLE_ORDER],
    );
    this.dropped = r.rows.map((x) => ({ name: x.indexname, sql: x.indexdef }));
    for (const i of this.dropped) await this.client.query(`drop index "${i.name}"`);
  }

  add(table: SeedTable, row: unknown[]) {
    let b = this.buffers.get(table);
    if (!b) this.buffers.set(table, (b = []));
    b.push(row);
    this.buffered++;
  }

  async maybeFlush() {
    if (this.buffered >= 50_000) await this.flush();
  }

  async flush() {
    if (this.buffered === 0) return;
    await this.client.query('begin');
    try {
      for (const t of TABLE_ORDER) {
        const rows = this.buffers.get(t);
        if (!rows || rows.length === 0) continue;
        const cols = SEED_COLUMNS[t];
        const per = Math.floor(PG_MAX_PARAMS / cols.length);
        for (let i = 0; i < rows.length; i += per) {
          const chunk = rows.slice(i, i + per);
          const values: unknown[] = [];
          const tuples: string[] = [];
          for (const row of chunk) {
            const base = values.length;
            tuples.push(`(${row.map((_, k) => `$${base + k + 1}`).join(',')})`);
            values.push(...row);
          }
          await this.client.query(`insert into ${t} (${cols.join(', ')}) values ${tuples.join(',')}`, values);
        }
        rows.length = 0;
      }
      await this.client.query('commit');
    } catch (error) {
      await this.client.query('rollback').catch(() => {});
      throw error;
    }
    this.buffered = 0;
  }

  async afterLoad(onProgress?: ScaleSeedOptions['onProgress']) {
    await this.flush();
    let done = 0;
    for (const i of this.dropped) {
      onProgress?.('indexes', done++, this.dropped.length);
      await this.client.query(i.sql);
    }
    onProgress?.('indexes', done, this.dropped.length);
    await this.client.query('analyze');
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
