// Migration 0003 (indexes for the read paths): it applies to a database that already holds 0001–0002 data,
// on both dialects, keeps the data, and the signed-in overflow page's engagement lookup then uses an index
// instead of scanning the engagements table.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator, migrateToLatest, type Db } from '../src/db/database.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { completedEngagement, startEngagement, verifiedMember } from './helpers/loop.js';

const NEW_INDEXES = [
  'engagements_overflow_started',
  'engagements_offer',
  'engagements_helper_updated',
  'engagements_owner_updated',
  'offers_helper_created',
  'thanks_from_created',
  'offer_evidence_work_record',
  'noticed_work_record',
];

let t: TestApp;
const db = (): Db => t.app.ctx.db;

async function indexNames(): Promise<string[]> {
  if (t.database.dialect === 'sqlite') {
    const r = await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(db());
    return r.rows.map((x) => x.name);
  }
  const r = await sql<{
    indexname: string;
  }>`select indexname from pg_indexes where schemaname = 'public'`.execute(db());
  return r.rows.map((x) => x.indexname);
}

/** The query plan of a statement, as text (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN without seq scans). */
async function planOf(query: { sql: string; parameters: readonly unknown[] }): Promise<string> {
  return db()
    .connection()
    .execute(async (conn) => {
      if (t.database.dialect === 'sqlite') {
        const r = await conn.executeQuery<{ detail: string }>({
          sql: `explain query plan ${query.sql}`,
          parameters: query.parameters,
          query: undefined as never,
          queryId: undefined as never,
        });
        return r.rows.map((x) => x.detail).join('\n');
      }
      // A test database is tiny, so the planner would scan anyway; with sequential scans priced out, the plan
      // shows whether an index can answer the query at all.
      await sql`set enable_seqscan = off`.execute(conn);
      try {
        const r = await conn.executeQuery<{ 'QUERY PLAN': string }>({
          sql: `explain ${query.sql}`,
          parameters: query.parameters,
          query: undefined as never,
          queryId: undefined as never,
        });
        return r.rows.map((x) => x['QUERY PLAN']).join('\n');
      } finally {
        await sql`reset enable_seqscan`.execute(conn);
      }
    });
}

beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(() => t?.close());

describe('migration 0003_read_path_indexes', () => {
  it('applies on a database that already has 0001–0002 data, and keeps it', async () => {
    // Loop data through the API (the app needs every migration), then the schema back to 0002, as a
    // database released before this migration would be; the loop's rows stay.
    const owner = await verifiedMember(t);
    const helper = await verifiedMember(t);
    const done = await completedEngagement(t, owner.client, helper.client);
    await startEngagement(t, owner.client, helper.client);
    const before = await db().selectFrom('engagements').selectAll().orderBy('id').execute();
    const down = await createMigrator(db()).migrateTo('0002_drafting_loop');
    expect(down.error).toBeUndefined();
    expect(await indexNames()).not.toContain('engagements_overflow_started');

    const applied = await migrateToLatest(db());
    expect(applied[0]).toBe('0003_read_path_indexes');
    expect(await indexNames()).toEqual(expect.arrayContaining(NEW_INDEXES));
    expect(await db().selectFrom('engagements').selectAll().orderBy('id').execute()).toEqual(before);
    const page = await owner.client.get<{ viewer: { engagementId: string | null } }>(
      `overflow/${done.overflow.id}`,
    );
    expect(page.status).toBe(200);
    expect(page.body.viewer.engagementId).toBe(done.engagementId);
    expect(await migrateToLatest(db())).toEqual([]);
  });

  it("the signed-in overflow page's engagement lookup uses an index, not a scan", async () => {
    const query = db()
      .selectFrom('engagements')
      .select(['id', 'owner_id', 'helper_id'])
      .where('overflow_id', '=', 'some-overflow')
      .orderBy('started_at', 'desc')
      .limit(1)
      .compile();
    const plan = await planOf(query);
    expect(plan).toMatch(/engagements_overflow_started/);
    expect(plan).not.toMatch(/SCAN engagements\b|Seq Scan on engagements/);
  });

  it("an offer's engagement lookup uses an index, not a scan", async () => {
    const query = db()
      .selectFrom('engagements')
      .select(['id', 'offer_id'])
      .where('offer_id', 'in', ['a', 'b'])
      .orderBy('started_at', 'desc')
      .compile();
    const plan = await planOf(query);
    expect(plan).toMatch(/engagements_offer/);
    expect(plan).not.toMatch(/SCAN engagements\b|Seq Scan on engagements/);
  });
});
