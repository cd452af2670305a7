// `cli copy-to --database-url postgres://…` (docs/backups.md, "Moving to PostgreSQL"): a seeded SQLite instance
// (the demo community plus a whole loop through the API: members, overflow, offers, an engagement delivered and
// completed, ledger, ties, notifications, emails) copied into an empty PostgreSQL database; every table
// compared in full here, beyond the command's own counts and sample; the app starts on the copy. Refusals: the
// source in use, a non-empty target; exit 1 when the copy differs. Runs in the sqlite project and creates its
// PostgreSQL targets itself (server/test/setup/postgres.ts).
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { seedDemoIfEmpty } from '../src/cli/seed-demo.js';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { resultLine, runCli } from './helpers/cli.js';
import { completedEngagement, verifiedMember } from './helpers/loop.js';
import { databaseUrl, waitForNoSessions, withAdminClient } from './setup/postgres.js';

const created: string[] = [];
async function emptyPostgres(): Promise<string> {
  const name = `slipstream_copyto_${randomBytes(6).toString('hex')}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`));
  created.push(name);
  return databaseUrl(name);
}

let t: TestApp;
let file: string;
const cliEnv = () => ({ DATA_DIR: dirname(file), DATABASE_URL: `sqlite:${file}` });

beforeAll(async () => {
  t = await createTestApp();
  file = t.config.database.dialect === 'sqlite' ? t.config.database.file : '';
  await seedDemoIfEmpty(t.app.ctx);
  const owner = await verifiedMember(t, { skills: ['typescript'] });
  const helper = await verifiedMember(t, { skills: ['typescript', 'postgres'] });
  await completedEngagement(t, owner.client, helper.client, {}, { rating: 5, endorsement: 'Careful work.' });
  await t.sendQueuedMail();
}, 60_000);

let stopped = false;
/** Stops the app but keeps its database file (TestApp.close would remove it). */
async function stopApp() {
  if (stopped) return;
  stopped = true;
  await t.sendQueuedMail();
  await t.app.close();
}

afterAll(async () => {
  if (t) {
    await stopApp();
    await t.database.drop();
  }
  await withAdminClient(async (c) => {
    for (const name of created) {
      await waitForNoSessions(c, name);
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});

/** Every row of every copied table, in primary-key order, as comparable strings. */
function normalise(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'bigint') return `n:${Number(v)}`;
  return `s:${String(v)}`;
}

describe('copy-to', () => {
  it('refuses while the SQLite database is open in another process', async () => {
    const target = await emptyPostgres();
    const run = await runCli(['copy-to', '--database-url', target], cliEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/open in another process/);
  }, 60_000);

  it('copies every table into an empty PostgreSQL database, equal row for row, and the app starts on it', async () => {
    await stopApp(); // stopped, as the guide says
    const target = await emptyPostgres();
    const run = await runCli(['copy-to', '--database-url', target], cliEnv());
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const result = resultLine<{ ok: boolean; rows: number; tables: number }>(run.stdout, 'COPY_RESULT');
    expect(result.ok).toBe(true);
    expect(result.rows).toBeGreaterThan(300);
    expect(run.stdout).not.toMatch(/DIFFER/);

    // Beyond the command's own sample: every row of every table.
    const source = new SQLite(file, { readonly: true });
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      const tables = (
        source
          .prepare(
            `select name from sqlite_master where type = 'table' and name not like 'sqlite_%'
              and name not like '%_fts%' and name not like 'kysely_%'`,
          )
          .all() as { name: string }[]
      ).map((r) => r.name);
      expect(tables.length).toBe(result.tables);
      const nonEmpty: string[] = [];
      for (const table of tables) {
        const cols = (source.prepare(`pragma table_info("${table}")`).all() as { name: string; pk: number }[])
          .map((c) => c.name)
          .sort();
        const order = cols.map((c) => `"${c}"`).join(', ');
        const a = (
          source.prepare(`select ${order} from "${table}" order by ${order}`).raw(true).all() as unknown[][]
        ).map((r) => r.map(normalise));
        const b = (
          await client.query({ text: `select ${order} from "${table}" order by ${order}`, rowMode: 'array' })
        ).rows.map((r: unknown[]) => r.map(normalise));
        // PostgreSQL sorts text by its collation, SQLite by bytes: compare as sorted sets of rows.
        const key = (r: (string | null)[]) => JSON.stringify(r);
        expect(b.map(key).sort(), table).toEqual(a.map(key).sort());
        if (a.length) nonEmpty.push(table);
      }
      for (const table of [
        'members',
        'overflow',
        'offers',
        'engagements',
        'ledger_entries',
        'ties',
        'email_outbox',
      ])
        expect(nonEmpty).toContain(table);
      // The search indexes are built on the target, one document per indexed posting and member.
      const docs = await client.query<{ o: string; m: string; oi: string; mi: string }>(
        `select (select count(*) from overflow_search) as o, (select count(*) from overflow where search_seq is not null) as oi,
                (select count(*) from member_search) as m, (select count(*) from members where search_seq is not null) as mi`,
      );
      expect(docs.rows[0]!.o).toBe(docs.rows[0]!.oi);
      expect(docs.rows[0]!.m).toBe(docs.rows[0]!.mi);
    } finally {
      source.close();
      await client.end();
    }

    const app = await buildApp({ config: testConfig(target) });
    try {
      await app.ready();
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      const search = await app.inject({ url: '/api/v1/overflow?q=review' });
      expect(search.statusCode).toBeLessThan(500);
    } finally {
      await app.close();
    }

    // A second copy into the same, now non-empty, database is refused.
    const again = await runCli(['copy-to', '--database-url', target], cliEnv());
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not empty/);
  }, 120_000);

  it('exits 1 and names the table when the copy differs from the source', async () => {
    const target = await emptyPostgres();
    const h = openDatabase({ database: { dialect: 'postgres', url: target }, poolSize: 1 });
    try {
      await migrateToLatest(h.db);
    } finally {
      await h.destroy();
    }
    // A target that changes what it is given: a trigger rewrites every work record's title.
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      await client.query(`create function bent() returns trigger language plpgsql as
        $$ begin new.title := new.title || ' (changed)'; return new; end $$`);
      await client.query(
        `create trigger bent before insert on work_records for each row execute function bent()`,
      );
    } finally {
      await client.end();
    }
    const run = await runCli(['copy-to', '--database-url', target], cliEnv());
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/work_records .*SAMPLED ROW\(S\) DIFFER/);
    expect(resultLine<{ ok: boolean }>(run.stdout, 'COPY_RESULT').ok).toBe(false);
  }, 60_000);
});
