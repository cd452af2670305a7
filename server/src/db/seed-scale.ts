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
import {
  DAY_MS,
  PowerLaw,
  SKILLS,
  TIME_ZONES,
  brief,
  drawSkills,
  drawStatus,
  drawVisibility,
  headline,
  isoDay,
  isoTime,
  mulberry32,
  paragraph,
  permutation,
  personName,
  pick,
  randInt,
  scaleId,
  title,
  type Rng,
} from './seed-scale-data.js';
import type { Database } from './schema.js';

/** Every column each seeded table gets, in insert order: must be exactly the table's columns (tested). */
export const SEED_COLUMNS = {
  members: [
    'id',
    'handle',
    'email',
    'email_verified_at',
    'password_hash',
    'name',
    'headline',
    'bio',
    'time_zone',
    'links',
    'capacity',
    'role',
    'trusted',
    'created_at',
    'updated_at',
  ],
  member_skills: ['member_id', 'skill', 'position'],
  overflow: [
    'id',
    'owner_id',
    'title',
    'brief',
    'effort_hours',
    'due_on',
    'due_key',
    'visibility',
    'ask_member_id',
    'status',
    'created_at',
    'updated_at',
  ],
  overflow_skills: ['overflow_id', 'skill', 'position', 'status', 'created_at', 'due_key'],
  offers: [
    'id',
    'overflow_id',
    'helper_id',
    'pitch',
    'proposed_on',
    'status',
    'decline_note',
    'created_at',
    'updated_at',
  ],
  engagements: [
    'id',
    'overflow_id',
    'offer_id',
    'owner_id',
    'helper_id',
    'status',
    'started_at',
    'delivered_at',
    'completed_at',
    'auto_completed',
    'abandoned_at',
    'abandoned_by',
    'abandon_reason',
    'rating',
    'endorsement',
    'demonstrated_skills',
    'work_record_id',
    'updated_at',
  ],
  engagement_events: ['id', 'engagement_id', 'kind', 'actor_id', 'note', 'links', 'created_at'],
  work_records: [
    'id',
    'member_id',
    'title',
    'summary',
    'url',
    'kind',
    'occurred_on',
    'verified',
    'engagement_id',
    'endorsement',
    'created_at',
    'updated_at',
  ],
  work_record_skills: ['work_record_id', 'skill', 'position'],
  ties: [
    'id',
    'member_a',
    'member_b',
    'formed_via',
    'formed_label',
    'source_id',
    'strength',
    'created_at',
    'updated_at',
  ],
  ledger_entries: [
    'id',
    'giver_id',
    'receiver_id',
    'kind',
    'weight',
    'source_type',
    'source_id',
    'created_at',
  ],
  thanks_notes: ['id', 'from_id', 'to_id', 'message', 'engagement_id', 'created_at'],
  noticed_notes: [
    'id',
    'from_id',
    'to_id',
    'work_record_id',
    'message',
    'status',
    'created_at',
    'responded_at',
  ],
} as const satisfies { [T in keyof Database]?: readonly (keyof Database[T])[] };

export type SeedTable = keyof typeof SEED_COLUMNS;
/** Parents before children: the order rows are flushed in. */
const TABLE_ORDER = Object.keys(SEED_COLUMNS) as SeedTable[];

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

export interface ScaleSeedOptions {
  /** Members; overflow postings are 10 × this. */
  scale: number;
  seed: number;
  /** The day the instance "is" at (YYYY-MM-DD): times are before it, open due dates after it. */
  anchorDay: string;
  /** Clear the data tables of a database that already has members. */
  force: boolean;
  /** Every seeded member's password hash (one argon2 hash, computed once by the caller). */
  passwordHash: string;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export type ScaleSeedCounts = Record<SeedTable, number>;

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

// ---------------------------------------------------------------------------------------------- generator

const TAG = {
  member: 1,
  overflow: 2,
  offer: 3,
  engagement: 4,
  event: 5,
  work: 6,
  tie: 7,
  ledger: 8,
  thanks: 9,
  noticed: 10,
} as const;

const RATINGS = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 3, 3, 2] as const;

/** Writes the instance into the sink; pure apart from the sink (same options, same rows, same order). */
export async function generateInstance(
  sink: Pick<Sink, 'add' | 'maybeFlush' | 'flush'>,
  opts: Pick<ScaleSeedOptions, 'scale' | 'seed' | 'anchorDay' | 'passwordHash' | 'onProgress'>,
): Promise<ScaleSeedCounts> {
  const counts = Object.fromEntries(TABLE_ORDER.map((t) => [t, 0])) as ScaleSeedCounts;
  const add = (t: SeedTable, row: unknown[]) => {
    counts[t]++;
    sink.add(t, row);
  };
  const rng: Rng = mulberry32(opts.seed);
  const N = Math.max(10, Math.floor(opts.scale));
  const P = N * 10;
  const anchor = Date.parse(`${opts.anchorDay}T00:00:00.000Z`);
  if (!Number.isFinite(anchor)) throw new Error(`anchor day ${opts.anchorDay} is not YYYY-MM-DD`);
  const now = anchor - 3_600_000; // the instance's "now": an hour before the anchor day starts
  const skillLaw = new PowerLaw(SKILLS.length, 1);

  // Members: created over the year before the first posting, in id order.
  const memberStart = now - 730 * DAY_MS;
  const memberStep = Math.floor((365 * DAY_MS) / N);
  const ids: string[] = new Array(N);
  const capacity = new Uint8Array(N);
  const active = new Uint8Array(N); // active + delivered engagements as helper
  const pending = new Uint8Array(N); // pending offers (the app allows at most 5)
  const admins = Math.max(2, Math.min(5, Math.ceil(N / 25_000)));
  const ownerOrder = permutation(rng, N); // rank → member: a power law of posting activity
  const helperOrder = permutation(rng, N); // rank → member: a power law of helping activity
  const ownerLaw = new PowerLaw(N, 0.6);
  const helperLaw = new PowerLaw(N, 0.7);
  const trusted = new Uint8Array(N);
  const trustedCount = Math.max(3, Math.round(N * 0.002));
  for (let r = 0; r < trustedCount && r < N; r++) trusted[helperOrder[r]!] = 1;

  for (let i = 0; i < N; i++) {
    if (i % 5000 === 0) opts.onProgress?.('members', i, N);
    const created = memberStart + i * memberStep;
    const id = scaleId(created, TAG.member, i);
    ids[i] = id;
    const name = personName(rng);
    const handle = `${name.split(' ')[0]!.toLowerCase()}-${i}`;
    const skills = drawSkills(rng, skillLaw, 2, 6);
    const cap = pick(rng, [1, 2, 2, 2, 2, 3, 3, 3, 4, 5]);
    capacity[i] = cap;
    add('members', [
      id,
      handle,
      `${handle}@scale.example`,
      isoTime(created + 600_000),
      opts.passwordHash,
      name,
      headline(rng, skills),
      paragraph(rng, skills, randInt(rng, 1, 3)),
      pick(rng, TIME_ZONES),
      '[]',
      cap,
      i < admins ? 'admin' : 'member',
      trusted[i]!,
      isoTime(created),
      isoTime(created + 600_000),
    ]);
    skills.forEach((s, position) => add('member_skills', [id, s, position]));
    await sink.maybeFlush();
  }
  opts.onProgress?.('members', N, N);
  await sink.flush();

  const other = (not: number): number => {
    const x = Math.floor(rng() * (N - 1));
    return x >= not ? x + 1 : x;
  };
  /** A helper by the power law, not `not`; with `free`, one with a free slot (bounded retries, then a scan). */
  const drawHelper = (not: number, free: boolean): number => {
    for (let tries = 0; tries < 20; tries++) {
      const h = helperOrder[helperLaw.sample(rng)]!;
      if (h !== not && (!free || active[h]! < capacity[h]!)) return h;
    }
    for (let k = 0, h = Math.floor(rng() * N); k < N; k++, h = (h + 1) % N) {
      if (h !== not && (!free || active[h]! < capacity[h]!)) return h;
    }
    return other(not);
  };

  const ties = new Map<
    number,
    { a: number; b: number; count: number; first: string; label: string; created: number; updated: number }
  >();
  let eventN = 0;
  let ledgerN = 0;
  const postStart = now - 365 * DAY_MS;
  const postStep = (365 * DAY_MS) / P;

  const event = (
    engagementId: string,
    kind: string,
    actor: string | null,
    note: string,
    links: string,
    at: number,
  ) =>
    add('engagement_events', [
      scaleId(at, TAG.event, eventN++),
      engagementId,
      kind,
      actor,
      note,
      links,
      isoTime(at),
    ]);

  for (let i = 0; i < P; i++) {
    if (i % 10_000 === 0) opts.onProgress?.('overflow', i, P);
    const created = Math.floor(postStart + i * postStep);
    const id = scaleId(created, TAG.overflow, i);
    const status = drawStatus(rng);
    const owner = ownerOrder[ownerLaw.sample(rng)]!;
    const visibility = drawVisibility(rng);
    const askMember = visibility === 'ask' ? other(owner) : -1;
    const skills = drawSkills(rng, skillLaw);
    const effort = randInt(rng, 1, 8) * randInt(rng, 1, 5);
    const hasDue = status === 'expired' || rng() < 0.64;
    const dueMs =
      status === 'open'
        ? now + randInt(rng, 1, 60) * DAY_MS
        : status === 'expired'
          ? Math.min(created + randInt(rng, 3, 30) * DAY_MS, now - DAY_MS)
          : created + randInt(rng, 3, 45) * DAY_MS;
    const dueOn = hasDue ? isoDay(dueMs) : null;
    const dueKey = dueOn ?? '9999-12-31';
    const overflowTitle = title(rng, skills);
    const text = brief(rng, skills, {
      rare: i % Math.max(1, Math.floor(P / 10)) === 3,
      phrase: rng() < 0.02,
    });

    // Closed overflow: the steps of its engagement, in order, before now.
    const span = Math.min(now - created, 60 * DAY_MS);
    const started = created + Math.floor(span * (0.05 + 0.2 * rng()));
    const delivered = started + Math.floor(span * (0.1 + 0.3 * rng()));
    const completed = delivered + Math.floor(span * (0.02 + 0.2 * rng()));
    const closedAt =
      status === 'completed'
        ? completed
        : status === 'delivered'
          ? delivered
          : status === 'assigned'
            ? started
            : status === 'cancelled'
              ? started
              : status === 'expired'
                ? Math.max(created, Math.min(dueMs + DAY_MS, now))
                : created;

    add('overflow', [
      id,
      ids[owner],
      overflowTitle,
      text,
      effort,
      dueOn,
      dueKey,
      visibility,
      askMember >= 0 ? ids[askMember] : null,
      status,
      isoTime(created),
      isoTime(closedAt),
    ]);
    skills.forEach((s, position) =>
      add('overflow_skills', [id, s, position, status, isoTime(created), dueKey]),
    );

    if (status === 'open') {
      // Pending offers: none on 40 %, else 1–3 from different members (the asked member only, on an ask).
      const want = rng() < 0.4 ? 0 : randInt(rng, 1, 3);
      const seen = new Set<number>();
      for (let k = 0; k < want; k++) {
        const h = askMember >= 0 ? askMember : drawHelper(owner, false);
        if (seen.has(h) || pending[h]! >= 5) continue;
        seen.add(h);
        pending[h]!++;
        const at = created + Math.floor((now - created) * rng());
        add('offers', [
          scaleId(at, TAG.offer, counts.offers),
          id,
          ids[h],
          paragraph(rng, skills, 2),
          isoDay(now + randInt(rng, 5, 30) * DAY_MS),
          'pending',
          null,
          isoTime(at),
          isoTime(at),
        ]);
      }
    } else if (status === 'assigned' || status === 'delivered' || status === 'completed') {
      const live = status !== 'completed';
      const helper =
        askMember >= 0 && (!live || active[askMember]! < capacity[askMember]!)
          ? askMember
          : drawHelper(owner, live);
      if (live) active[helper]!++;
      const offerAt = created + Math.floor((started - created) * rng());
      const offerId = scaleId(offerAt, TAG.offer, counts.offers);
      add('offers', [
        offerId,
        id,
        ids[helper],
        paragraph(rng, skills, 2),
        isoDay(Math.max(delivered, created + DAY_MS)),
        'accepted',
        null,
        isoTime(offerAt),
        isoTime(started),
      ]);
      const engagementId = scaleId(started, TAG.engagement, counts.engagements);
      const deliveryNote = paragraph(rng, skills, 2);
      const links = rng() < 0.5 ? `["https://example.com/delivery/${i}"]` : '[]';
      const auto = status === 'completed' && rng() < 0.15;
      const rating = status === 'completed' && !auto ? pick(rng, RATINGS) : null;
      const endorsement =
        status !== 'completed' ? null : auto ? NEUTRAL_ENDORSEMENT : paragraph(rng, skills, 2);
      const workId = status === 'completed' ? scaleId(completed, TAG.work, counts.work_records) : null;
      add('engagements', [
        engagementId,
        id,
        offerId,
        ids[owner],
        ids[helper],
        status === 'assigned' ? 'active' : status,
        isoTime(started),
        status === 'assigned' ? null : isoTime(delivered),
        status === 'completed' ? isoTime(completed) : null,
        auto ? 1 : 0,
        null,
        null,
        null,
        rating,
        endorsement,
        status === 'completed' ? JSON.stringify(skills) : '[]',
        workId,
        isoTime(closedAt),
      ]);
      event(engagementId, 'started', ids[owner]!, '', '[]', started);
      if (status !== 'assigned')
        event(engagementId, 'delivered', ids[helper]!, deliveryNote, links, delivered);
      if (status === 'completed') {
        event(
          engagementId,
          auto ? 'auto_completed' : 'completed',
          auto ? null : ids[owner]!,
          endorsement!,
          '[]',
          completed,
        );
        const url = links === '[]' ? null : `https://example.com/delivery/${i}`;
        add('work_records', [
          workId,
          ids[helper],
          overflowTitle,
          deliveryNote,
          url,
          'delivery',
          isoDay(completed),
          1,
          engagementId,
          endorsement,
          isoTime(completed),
          isoTime(completed),
        ]);
        skills.forEach((s, position) => add('work_record_skills', [workId, s, position]));
        add('ledger_entries', [
          scaleId(completed, TAG.ledger, ledgerN++),
          ids[helper],
          ids[owner],
          'help',
          effort,
          'engagement',
          engagementId,
          isoTime(completed),
        ]);
        const [a, b] = ids[owner]! < ids[helper]! ? [owner, helper] : [helper, owner];
        const key = a * N + b;
        const tie = ties.get(key);
        if (tie) {
          tie.count++;
          tie.updated = completed;
        } else {
          ties.set(key, {
            a,
            b,
            count: 1,
            first: engagementId,
            label: `worked together on “${overflowTitle}”`,
            created: completed,
            updated: completed,
          });
        }
        if (!auto && rng() < 0.2) {
          const at = completed + 3_600_000;
          const thanksId = scaleId(at, TAG.thanks, counts.thanks_notes);
          add('thanks_notes', [
            thanksId,
            ids[owner],
            ids[helper],
            paragraph(rng, skills, 1),
            engagementId,
            isoTime(at),
          ]);
          add('ledger_entries', [
            scaleId(at, TAG.ledger, ledgerN++),
            ids[owner],
            ids[helper],
            'thanks',
            1,
            'thanks',
            thanksId,
            isoTime(at),
          ]);
        }
        if (rng() < 0.04) {
          const from = other(helper);
          const at = completed + Math.floor((now - completed) * rng());
          const ignored = rng() < 0.4;
          add('noticed_notes', [
            scaleId(at, TAG.noticed, counts.noticed_notes),
            ids[from],
            ids[helper],
            workId,
            paragraph(rng, skills, 1),
            ignored ? 'ignored' : 'pending',
            isoTime(at),
            ignored ? isoTime(Math.min(at + DAY_MS, now)) : null,
          ]);
        }
      }
    }
    await sink.maybeFlush();
  }
  opts.onProgress?.('overflow', P, P);
  await sink.flush();

  let t = 0;
  for (const tie of ties.values()) {
    if (t % 50_000 === 0) opts.onProgress?.('ties', t, ties.size);
    add('ties', [
      scaleId(tie.created, TAG.tie, t++),
      ids[tie.a],
      ids[tie.b],
      'engagement',
      tie.label,
      tie.first,
      tie.count,
      isoTime(tie.created),
      isoTime(tie.updated),
    ]);
    await sink.maybeFlush();
  }
  opts.onProgress?.('ties', ties.size, ties.size);
  await sink.flush();
  return counts;
}

/** The same text engagements.service.ts gives an auto-completed engagement's endorsement. */
const NEUTRAL_ENDORSEMENT =
  'Delivered; the owner did not review it within the review window, so it was completed automatically.';

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
