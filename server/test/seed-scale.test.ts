// The scale seed (`npm run cli -- seed --scale N`) at a tiny scale on both databases: counts, proportions,
// referential integrity, the exact column lists, indexes still there afterwards, and refusal without --force.
import fc from 'fast-check';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECOMPUTED_COLUMNS } from '../src/cli/seed-scale.js';
import { loadConfig, type Config } from '../src/config/env.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../src/db/database.js';
import {
  AFTER_LOAD_COLUMNS,
  DEFAULTED_COLUMNS,
  SEED_COLUMNS,
  SeedRefusedError,
  copyField,
  copyRows,
  seedScale,
  type ScaleSeedResult,
} from '../src/db/seed-scale.js';
import { createTestDatabaseUrl, type TestDatabase } from './setup/database.js';

const opts = { scale: 50, seed: 3, anchorDay: '2026-12-01', force: false, passwordHash: 'not-a-hash' };

let testDb: TestDatabase;
let config: Config;
let handle: DatabaseHandle;
let first: ScaleSeedResult;

async function indexNames(): Promise<string[]> {
  const q =
    handle.dialect === 'sqlite'
      ? sql<{
          name: string;
        }>`select name from sqlite_master where type = 'index' and sql is not null order by name`
      : sql<{
          name: string;
        }>`select indexname as name from pg_indexes where schemaname = current_schema() order by indexname`;
  return (await q.execute(handle.db)).rows.map((r) => r.name);
}

async function columnsOf(table: string): Promise<string[]> {
  const q =
    handle.dialect === 'sqlite'
      ? sql<{ name: string }>`select name from pragma_table_info(${table})`
      : sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_schema = current_schema() and table_name = ${table}`;
  return (await q.execute(handle.db)).rows.map((r) => r.name).sort();
}

const count = async (query: string) =>
  Number((await sql<{ n: string | number }>`${sql.raw(query)}`.execute(handle.db)).rows[0]!.n);

/** Every constraint with its definition (PostgreSQL; SQLite's live in the table definitions the seed keeps). */
async function constraints(): Promise<string[]> {
  if (handle.dialect === 'sqlite') return [];
  const { rows } = await sql<{ c: string }>`
    select c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) as c
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
     where n.nspname = current_schema() order by 1`.execute(handle.db);
  return rows.map((r) => r.c);
}

let indexesBefore: string[];
let constraintsBefore: string[];

beforeAll(async () => {
  testDb = await createTestDatabaseUrl();
  config = loadConfig({ DATABASE_URL: testDb.url, DATA_DIR: '/tmp/unused-scale-seed' });
  handle = openDatabase(config);
  await migrateToLatest(handle.db);
  indexesBefore = await indexNames();
  constraintsBefore = await constraints();
  first = await seedScale(config.database, opts);
});

afterAll(async () => {
  await handle?.destroy();
  await testDb?.drop();
});

describe('seed --scale', () => {
  it('writes every column of each table it seeds, no more and no fewer', async () => {
    for (const [table, cols] of Object.entries(SEED_COLUMNS)) {
      const later = [
        ...(AFTER_LOAD_COLUMNS[table as keyof typeof SEED_COLUMNS] ?? []),
        ...(DEFAULTED_COLUMNS[table as keyof typeof SEED_COLUMNS] ?? []),
        ...(RECOMPUTED_COLUMNS[table] ?? []),
      ];
      expect({ table, cols: await columnsOf(table) }).toEqual({ table, cols: [...cols, ...later].sort() });
    }
  });

  it('seeds N members and 10·N postings with the shares asked for', async () => {
    expect(first.cleared).toBe(false);
    expect(await count('select count(*) as n from members')).toBe(50);
    expect(await count('select count(*) as n from overflow')).toBe(500);
    expect(first.counts.overflow).toBe(500);
    const open = await count("select count(*) as n from overflow where status = 'open'");
    expect(open).toBeGreaterThan(100);
    expect(open).toBeLessThan(200);
    expect(await count("select count(*) as n from members where role = 'admin'")).toBeGreaterThanOrEqual(2);
    expect(await count('select count(*) as n from members where trusted = 1')).toBeGreaterThanOrEqual(3);
    expect(await count('select count(*) as n from member_skills')).toBeGreaterThanOrEqual(100);
    const pendingOnOpen = await count(
      "select count(*) as n from offers f join overflow o on o.id = f.overflow_id where f.status = 'pending' and o.status = 'open'",
    );
    expect(pendingOnOpen).toBe(await count("select count(*) as n from offers where status = 'pending'"));
    expect(pendingOnOpen).toBeGreaterThan(0);
    expect(await count('select count(*) as n from thanks_notes')).toBeGreaterThan(0);
  });

  it('gives every engagement its overflow, accepted offer, events and, when completed, a verified work record', async () => {
    const engagements = await count('select count(*) as n from engagements');
    expect(engagements).toBeGreaterThan(0);
    expect(
      await count(
        `select count(*) as n from engagements e
           join overflow o on o.id = e.overflow_id and o.owner_id = e.owner_id
           join offers f on f.id = e.offer_id and f.overflow_id = e.overflow_id and f.helper_id = e.helper_id
          where f.status = 'accepted' and e.owner_id <> e.helper_id`,
      ),
    ).toBe(engagements);
    const completed = await count("select count(*) as n from overflow where status = 'completed'");
    expect(await count("select count(*) as n from engagements where status = 'completed'")).toBe(completed);
    expect(
      await count(
        `select count(*) as n from engagements e
           join work_records w on w.id = e.work_record_id and w.engagement_id = e.id and w.member_id = e.helper_id
          where e.status = 'completed' and w.verified = 1 and w.kind = 'delivery'`,
      ),
    ).toBe(completed);
    expect(
      await count(
        `select count(*) as n from work_records w
          where not exists (select 1 from work_record_skills s where s.work_record_id = w.id)`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) as n from engagements e
          where not exists (select 1 from engagement_events v where v.engagement_id = e.id and v.kind = 'started')`,
      ),
    ).toBe(0);
    // Live engagements match their overflow's state and never exceed the helper's capacity.
    expect(
      await count(
        `select count(*) as n from engagements e join overflow o on o.id = e.overflow_id
          where (e.status = 'active' and o.status <> 'assigned') or (e.status = 'delivered' and o.status <> 'delivered')`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) as n from members m
          where m.capacity < (select count(*) from engagements e
                               where e.helper_id = m.id and e.status in ('active', 'delivered'))`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) as n from (select helper_id from offers where status = 'pending'
                                      group by helper_id having count(*) > 5) x`,
      ),
    ).toBe(0);
    // One help ledger entry per completed engagement, from helper to owner.
    expect(
      await count(
        `select count(*) as n from ledger_entries l join engagements e on e.id = l.source_id
          where l.kind = 'help' and l.giver_id = e.helper_id and l.receiver_id = e.owner_id`,
      ),
    ).toBe(completed);
  });

  it('keeps overflow_skills’ copies of status, created_at and due_key in step with the overflow', async () => {
    expect(
      await count(
        `select count(*) as n from overflow_skills s join overflow o on o.id = s.overflow_id
          where s.status <> o.status or s.created_at <> o.created_at or s.due_key <> o.due_key`,
      ),
    ).toBe(0);
    expect(
      await count("select count(*) as n from overflow where due_key <> coalesce(due_on, '9999-12-31')"),
    ).toBe(0);
    expect(
      await count(
        `select count(*) as n from overflow o
          where not exists (select 1 from overflow_skills s where s.overflow_id = o.id)`,
      ),
    ).toBe(0);
  });

  it('forms one tie per pair (member_a < member_b) as strong as their completed engagements', async () => {
    expect(await count('select count(*) as n from ties where member_a >= member_b')).toBe(0);
    expect(await count('select coalesce(sum(strength), 0) as n from ties')).toBe(
      await count("select count(*) as n from engagements where status = 'completed'"),
    );
  });

  it('numbers the search key in creation order on PostgreSQL; SQLite leaves it to afterBulkLoad', async () => {
    const misnumbered = await count(
      `select count(*) as n from (select search_seq, row_number() over (order by created_at, id) as k
                                    from overflow) x where x.search_seq is distinct from x.k`,
    );
    const unnumbered = await count('select count(*) as n from overflow where search_seq is null');
    if (handle.dialect === 'postgres') expect([misnumbered, unnumbered]).toEqual([0, 0]);
    else expect(unnumbered).toBe(500);
  });

  it('leaves every index and constraint the migrations made', async () => {
    expect(await indexNames()).toEqual(indexesBefore);
    expect(await constraints()).toEqual(constraintsBefore);
    if (handle.dialect === 'postgres') {
      expect(constraintsBefore.filter((c) => c.includes('FOREIGN KEY')).length).toBeGreaterThan(10);
      // Recreated constraints are validated, not NOT VALID.
      const { rows } = await sql<{ n: string }>`select count(*) as n from pg_constraint c
        join pg_namespace n on n.oid = c.connamespace where n.nspname = current_schema() and not c.convalidated`.execute(
        handle.db,
      );
      expect(Number(rows[0]!.n)).toBe(0);
    }
  });

  it('refuses a database that has members, and with force clears it and seeds the same instance', async () => {
    await expect(seedScale(config.database, opts)).rejects.toBeInstanceOf(SeedRefusedError);
    expect(await count('select count(*) as n from members')).toBe(50);
    const before = (
      await sql<{ id: string; title: string }>`select id, title from overflow order by id`.execute(handle.db)
    ).rows;
    const again = await seedScale(config.database, { ...opts, force: true });
    expect(again.cleared).toBe(true);
    expect(again.counts).toEqual(first.counts);
    expect(await count('select count(*) as n from members')).toBe(50);
    const after = (
      await sql<{ id: string; title: string }>`select id, title from overflow order by id`.execute(handle.db)
    ).rows;
    expect(after).toEqual(before);
  });
});

// The PostgreSQL loader writes COPY's text format itself: every character a generator or a later change to it
// could produce has to come back exactly, and NULL has to stay distinct from the text '\\N'.
// Registered on PostgreSQL only, so nothing is reported as skipped on SQLite.
if (process.env.TEST_DIALECT === 'postgres') {
  describe('the COPY path', () => {
    let client: pg.Client;
    beforeAll(async () => {
      client = new pg.Client({ connectionString: testDb.url });
      await client.connect();
      await client.query(
        'create temp table copy_probe (n integer primary key, a text, b text, j jsonb, t boolean)',
      );
    });
    afterAll(async () => {
      await client?.end();
    });

    type ProbeRow = [number, string | null, string | null, object | null, boolean | null];
    let nextN = 0;
    /** Copies the rows in (renumbered past the earlier ones) and reads them back. */
    async function roundTrip(rows: ProbeRow[]) {
      const base = nextN;
      nextN += rows.length;
      const numbered = rows.map(([, ...rest], i) => [base + i, ...rest] as ProbeRow);
      await copyRows(client, 'copy_probe', ['n', 'a', 'b', 'j', 't'], numbered);
      const back = await client.query<{
        n: number;
        a: string | null;
        b: string | null;
        j: object | null;
        t: boolean | null;
      }>('select n, a, b, j, t from copy_probe where n >= $1 order by n', [base]);
      return back.rows.map((r) => [r.n - base, r.a, r.b, r.j, r.t] as ProbeRow);
    }

    it('round-trips tabs, newlines, backslashes, quotes, unicode, COPY markers and NULLs exactly', async () => {
      const awkward: ProbeRow[] = [
        [0, 'tab\there', 'new\nline\r\nand\rcr', { k: 'v\tw' }, true],
        [1, 'back\\slash \\N \\t \\\\', '\\', null, false],
        [2, '\\N', null, { quote: '"\'`' }, null],
        [3, null, '', {}, true],
        [4, '\\.', '\n\\.\n', null, null],
        [
          5,
          'naïve café — 日本語 😀 \u2028\u2029 \u00a0',
          'it\'s "quoted", isn\'t it',
          { emoji: '😀' },
          false,
        ],
        [6, '\t\t', '\n', null, null],
        [7, ' leading and trailing ', '\u0001\u001f\u007f', null, null],
      ];
      expect(await roundTrip(awkward)).toEqual(awkward);
    });

    it('round-trips any well-formed text without NUL (property)', async () => {
      const awkwardChar = fc.constantFrom(
        '\t',
        '\n',
        '\r',
        '\\',
        'N',
        '.',
        '"',
        "'",
        ',',
        'é',
        '😀',
        '\u2028',
        ' ',
      );
      const text = fc
        .oneof(fc.string({ unit: awkwardChar }), fc.string({ unit: 'binary' }), fc.string())
        .filter((s) => !s.includes('\0') && !/\p{Cs}/u.test(s));
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.option(text), fc.option(text)), { maxLength: 40 }),
          async (pairs) => {
            const rows = pairs.map(
              ([a, b], i) => [i, a, b, null, null] as [number, string | null, string | null, null, null],
            );
            expect(await roundTrip(rows)).toEqual(rows);
          },
        ),
        { numRuns: 25 },
      );
    }, 120_000);

    it('refuses a NUL character rather than corrupting the row', () => {
      expect(() => copyField('a\0b')).toThrow(/NUL/);
    });
  });
}
