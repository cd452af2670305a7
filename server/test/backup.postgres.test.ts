// PostgreSQL backups (docs/backups.md): the round trip the guide documents, `pg_dump --format=custom` of a
// seeded database (the demo community and a whole loop through the API) while the app runs, `pg_restore` into
// a new database, every table's rows and the sequences equal, and the app starts on the restored database.
// Also: `cli backup` on PostgreSQL explains pg_dump (exit 2) without showing the password.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { seedDemoIfEmpty } from '../src/cli/seed-demo.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { completedEngagement, verifiedMember } from './helpers/loop.js';
import { databaseUrl, waitForNoSessions, withAdminClient } from './setup/postgres.js';

const run = promisify(execFile);
let t: TestApp;
let dir: string;
const restoredName = `slipstream_restore_${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipstream-pgdump-'));
  t = await createTestApp();
  await seedDemoIfEmpty(t.app.ctx);
  const owner = await verifiedMember(t, { skills: ['typescript'] });
  const helper = await verifiedMember(t, { skills: ['typescript', 'postgres'] });
  await completedEngagement(t, owner.client, helper.client, {}, { rating: 5, endorsement: 'Careful work.' });
  await t.sendQueuedMail();
}, 60_000);

afterAll(async () => {
  await t?.close();
  await withAdminClient(async (c) => {
    await waitForNoSessions(c, restoredName);
    await c.query(`DROP DATABASE IF EXISTS "${restoredName}" WITH (FORCE)`);
  });
  await rm(dir, { recursive: true, force: true });
});

/** Every base table's rows (sorted, as text) and every sequence's value. */
async function snapshot(url: string): Promise<Map<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out = new Map<string, string[]>();
    const tables = await client.query<{ name: string }>(
      `select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
    );
    for (const { name } of tables.rows) {
      const rows = await client.query<{ r: string }>(`select t::text as r from "${name}" t`);
      out.set(name, rows.rows.map((x) => x.r).sort());
    }
    const seqs = await client.query<{ name: string }>(
      `select sequence_name as name from information_schema.sequences where sequence_schema = current_schema() order by 1`,
    );
    for (const { name } of seqs.rows) {
      const v = await client.query<{ v: string }>(
        `select last_value::text || '/' || is_called::text as v from "${name}"`,
      );
      out.set(`sequence ${name}`, [v.rows[0]!.v]);
    }
    return out;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL backup round trip (pg_dump -Fc, pg_restore)', () => {
  it('restores every row and sequence, and the app starts on the restored database', async () => {
    const source = t.database.url!;
    const dump = join(dir, 'slipstream.dump');
    // Online: the app is running (pg_dump reads one consistent snapshot).
    await run('pg_dump', ['--format=custom', `--file=${dump}`, source], { timeout: 60_000 });
    await withAdminClient((c) => c.query(`CREATE DATABASE "${restoredName}"`));
    const target = databaseUrl(restoredName);
    await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target}`, dump], {
      timeout: 60_000,
    });

    const before = await snapshot(source);
    const after = await snapshot(target);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [table, rows] of before) expect(after.get(table), table).toEqual(rows);
    for (const table of [
      'members',
      'overflow',
      'engagements',
      'ledger_entries',
      'ties',
      'email_outbox',
      'overflow_search',
    ])
      expect(before.get(table)!.length, table).toBeGreaterThan(0);

    const app = await buildApp({ config: testConfig(target) });
    try {
      await app.ready();
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      const list = await app.inject({ url: '/api/v1/overflow' });
      expect(list.statusCode).toBeLessThan(500);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('`cli backup` and `restore` on PostgreSQL print the pg_dump / pg_restore command, password hidden, and exit 2', async () => {
    const r = await runCli(['backup', join(dir, 'x.dump')], {
      DATABASE_URL: 'postgres://slipstream:do-not-print-me@127.0.0.1:5432/slipstream',
      DATA_DIR: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pg_dump --format=custom');
    expect(r.stderr).toContain('postgres://slipstream:***@127.0.0.1:5432/slipstream');
    expect(r.stderr + r.stdout).not.toContain('do-not-print-me');
    const restore = await runCli(['restore', join(dir, 'x.dump')], {
      DATABASE_URL: 'postgres://slipstream:do-not-print-me@127.0.0.1:5432/slipstream',
      DATA_DIR: dir,
    });
    expect(restore.code).toBe(2);
    expect(restore.stderr).toContain('pg_restore');
    expect(restore.stderr + restore.stdout).not.toContain('do-not-print-me');
  }, 60_000);
});
