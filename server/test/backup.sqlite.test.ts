// Backups of the embedded database (docs/backups.md): `cli backup` taken while a real server process is under
// a write load, restored into a fresh DATA_DIR with `cli restore`, and a server started on it; restore's
// refusals (a running server, a newer schema, a file that is not a Slipstream database or fails its
// integrity check); `migrate`'s backup first and --no-backup.
import { existsSync, mkdirSync, readdirSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, backupSqlite, inspectSqliteFile, restoreSqlite } from '../src/db/backup.js';
import { createMigrator, migrateToLatest, openDatabase } from '../src/db/database.js';
import { migrations } from '../src/db/migrations/index.js';
import { runCli, resultLine } from './helpers/cli.js';
import { HttpClient } from './process/http-client.js';
import { startServerProcess, type ServerProcess } from './process/server-process.js';

const NAMES = Object.keys(migrations);
const LATEST = NAMES.at(-1)!;
/** The migrations after 0021 (the "older" schema these tests start from). */
const AFTER_0021 = NAMES.slice(NAMES.indexOf('0021_moderation') + 1);
const PASSWORD = 'backup-load-password-1';
const EMAIL = 'loadwriter@example.com';

let root: string;
const dirs = { live: '', fresh: '' };
const env = (dir: string): Record<string, string> => ({
  DATA_DIR: dir,
  DATABASE_URL: `sqlite:${join(dir, 'slipstream.db')}`,
  RATE_LIMIT: 'false',
});
const dbFile = (dir: string) => join(dir, 'slipstream.db');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'slipstream-backup-'));
  for (const k of Object.keys(dirs) as (keyof typeof dirs)[]) {
    dirs[k] = join(root, k);
    mkdirSync(dirs[k]);
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Signs in over HTTP; the client keeps the session cookie and the CSRF token for the writes. */
async function signIn(server: ServerProcess): Promise<HttpClient> {
  const client = new HttpClient(server.url);
  const res = await client.post('auth/login', { email: EMAIL, password: PASSWORD });
  expect(res.status).toBe(200);
  return client;
}

interface Load {
  /** Titles of the work records the server acknowledged (201), in order. */
  acked: string[];
  stop: () => Promise<void>;
}

/**
 * `writers` loops adding work records through the server until stopped, each pausing `pauseMs` between writes
 * and stopping at `perWriter` (a member keeps at most 500 self-reported records). Bounded: at most 60 s.
 */
function writeLoad(client: HttpClient, writers = 2, perWriter = 220, pauseMs = 25): Load {
  const acked: string[] = [];
  let running = true;
  const deadline = Date.now() + 60_000;
  const loops = Array.from({ length: writers }, async (_, w) => {
    for (let n = 0; running && n < perWriter && Date.now() < deadline; n++) {
      if (n > 0) await new Promise((r) => setTimeout(r, pauseMs));
      const title = `load ${w}-${n}`;
      const res = await client.post('work-records', {
        title,
        summary: `written by writer ${w}`,
        kind: 'project',
        date: '2026-01-02',
      });
      if (res.status === 201) acked.push(title);
      else throw new Error(`write ${title}: ${res.status}`);
    }
  });
  return {
    acked,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

const waitFor = async (what: string, ok: () => boolean, ms = 20_000) => {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('backup under a write load, restored into a fresh DATA_DIR', () => {
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps every write acknowledged before the backup started, and a server starts on the restored copy', async () => {
    const created = await runCli(
      [
        'create-admin',
        '--email',
        EMAIL,
        '--handle',
        'loadwriter',
        '--name',
        'Load Writer',
        '--password',
        PASSWORD,
      ],
      env(dirs.live),
    );
    expect(created.code, created.stderr).toBe(0);
    server = await startServerProcess({ env: env(dirs.live) });
    await server.listening;
    const load = writeLoad(await signIn(server));
    try {
      await waitFor('some writes', () => load.acked.length >= 30);
      const backupFile = join(root, 'under-load.db');
      // In-process too, in steps of 2 pages, so the server's writes between steps make SQLite start over:
      // the copy still ends (the rest in one step) and is checked.
      const stepped = await backupSqlite(dbFile(dirs.live), join(root, 'stepped.db'), { stepPages: 2 });
      expect(stepped.pages).toBeGreaterThan(0);
      // The backup, and at the same time a restore into the running instance (refused: the server holds it).
      const before = [...load.acked];
      const [result, refused] = await Promise.all([
        runCli(['backup', backupFile], env(dirs.live)),
        runCli(['restore', join(root, 'stepped.db')], env(dirs.live)),
      ]);
      const during = load.acked.length - before.length;
      expect(result.code, result.stderr).toBe(0);
      const facts = resultLine<{ pages: number; schema: string; bytes: number; seconds: number }>(
        result.stdout,
        'BACKUP_RESULT',
      );
      expect(facts.schema).toBe(LATEST);
      expect(facts.pages).toBeGreaterThan(0);
      expect(during).toBeGreaterThan(0); // the server was writing while the backup ran
      expect(result.stdout).toMatch(/Integrity check ok/);

      console.log(
        `backup under load: ${before.length} writes acknowledged before it started, ${during} during it; ` +
          `${facts.pages} pages in ${facts.seconds.toFixed(2)} s; the 2-page-step copy started over ${stepped.restarts}×`,
      );

      await load.stop();
      // restore refused while the server held the database (the CLI: exit 2, and nothing replaced).
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/open in another process/);
      expect(readdirSync(dirs.live).some((f) => f.includes('before-restore'))).toBe(false);

      await server.stop();
      server = undefined;

      // Restore into a fresh instance.
      const restored = await runCli(['restore', backupFile], env(dirs.fresh));
      expect(restored.code, restored.stderr).toBe(0);
      expect(resultLine<{ keptAs?: string }>(restored.stdout, 'RESTORE_RESULT').keptAs).toBeUndefined();
      const db = new SQLite(dbFile(dirs.fresh), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const rows = db.prepare(`select title, summary from work_records`).all() as {
          title: string;
          summary: string;
        }[];
        const byTitle = new Map(rows.map((r) => [r.title, r.summary]));
        const lost = before.filter((t) => !byTitle.has(t));
        expect(lost).toEqual([]);
        for (const t of before)
          expect(byTitle.get(t)).toBe(`written by writer ${t.split(' ')[1]!.split('-')[0]}`);
      } finally {
        db.close();
      }
      server = await startServerProcess({ env: env(dirs.fresh) });
      await server.listening;
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      const client = await signIn(server);
      expect(client.csrfToken?.length).toBeGreaterThan(0);
    } finally {
      await load.stop();
    }
  }, 120_000);
});

describe('backup', () => {
  it('ends when the database changes between two steps (SQLite starts over), and refuses to overwrite without force', async () => {
    const dir = join(root, 'restart');
    mkdirSync(dir);
    const file = join(dir, 'live.db');
    const h = openDatabase({ database: { dialect: 'sqlite', file } });
    await migrateToLatest(h.db);
    await h.destroy();
    const writer = new SQLite(file);
    writer.exec('create table t (a)');
    let writes = 0;
    const dest = join(dir, 'copy.db');
    try {
      const r = await backupSqlite(file, dest, {
        stepPages: 1,
        onProgress: (p) => {
          // Another connection writes between two steps, the first five times.
          if (p.remainingPages > 0 && writes < 5) writer.prepare('insert into t values (?)').run(++writes);
        },
      });
      expect(r.restarts).toBeGreaterThan(0);
    } finally {
      writer.close();
    }
    const copy = new SQLite(dest, { readonly: true });
    expect(copy.prepare('select count(*) as n from t').get()).toEqual({ n: writes });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    await expect(backupSqlite(file, dest)).rejects.toThrow(/exists already/);
    await expect(backupSqlite(file, dest, { force: true })).resolves.toMatchObject({ schema: LATEST });
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });
});

describe('restore', () => {
  it('refuses a newer schema, a file that is not a database, and one that fails its integrity check', async () => {
    const dir = join(root, 'refusals');
    mkdirSync(dir);
    const good = join(dir, 'good.db');
    const h = openDatabase({ database: { dialect: 'sqlite', file: good } });
    await migrateToLatest(h.db);
    await h.destroy();
    const copy = join(dir, 'copy.db');
    await backupSqlite(good, copy);
    const target = join(dir, 'target', 'slipstream.db');
    mkdirSync(join(dir, 'target'));

    const newer = join(dir, 'newer.db');
    await backupSqlite(good, newer);
    const n = new SQLite(newer);
    n.prepare(
      `insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2099-01-01')`,
    ).run();
    n.close();
    await expect(restoreSqlite(newer, target)).rejects.toThrow(/newer schema.*9999_from_the_future/);

    const text = join(dir, 'notes.db');
    writeFileSync(text, 'not a database at all\n'.repeat(100));
    await expect(restoreSqlite(text, target)).rejects.toThrow(/not an SQLite database/);

    const other = join(dir, 'other.db');
    const o = new SQLite(other);
    o.exec('create table t (a)');
    o.close();
    await expect(restoreSqlite(other, target)).rejects.toThrow(/not a Slipstream one/);

    const broken = join(dir, 'broken.db');
    await backupSqlite(good, broken);
    const pageSize = inspectSqliteFile(broken).pageSize;
    const fd = openSync(broken, 'r+');
    writeSync(fd, Buffer.alloc(pageSize * 3, 0x5a), 0, pageSize * 3, pageSize * 5); // pages 6–8: garbage
    closeSync(fd);
    await expect(restoreSqlite(broken, target)).rejects.toBeInstanceOf(BackupError);
    expect(existsSync(target)).toBe(false); // nothing written by a refusal

    // Over an existing database: it is kept, and a stale -wal/-shm is removed.
    await restoreSqlite(copy, target);
    writeFileSync(`${target}-wal`, 'stale');
    writeFileSync(`${target}-shm`, 'stale');
    const second = await restoreSqlite(copy, target, new Date('2026-12-02T05:00:00Z'));
    expect(second.keptAs).toBe(`${target}.before-restore-2026-12-02T05-00-00Z`);
    expect(existsSync(second.keptAs!)).toBe(true);
    expect(existsSync(`${target}-wal`)).toBe(false);
    expect(existsSync(`${target}-shm`)).toBe(false);
    expect(inspectSqliteFile(target).pending).toEqual([]);
  });

  it('restores an older backup, which the next start migrates forward', async () => {
    const dir = join(root, 'older');
    mkdirSync(dir);
    const old = join(dir, 'old.db');
    const h = openDatabase({ database: { dialect: 'sqlite', file: old } });
    await createMigrator(h.db).migrateTo('0021_moderation');
    await h.destroy();
    const target = join(dir, 'live', 'slipstream.db');
    mkdirSync(join(dir, 'live'));
    const r = await restoreSqlite(old, target);
    expect(r.backup.schema).toBe('0021_moderation');
    expect(r.backup.pending).toEqual(AFTER_0021);
    const after = openDatabase({ database: { dialect: 'sqlite', file: target } });
    try {
      expect(await migrateToLatest(after.db)).toEqual(AFTER_0021);
    } finally {
      await after.destroy();
    }
  });
});

describe('migrate', () => {
  const older = async (dir: string) => {
    mkdirSync(dir);
    const h = openDatabase({ database: { dialect: 'sqlite', file: dbFile(dir) } });
    await createMigrator(h.db).migrateTo('0021_moderation');
    await h.destroy();
  };

  it('backs up into DATA_DIR/backups/ first when migrations are pending, and not when none are', async () => {
    const dir = join(root, 'migrate');
    await older(dir);
    const run = await runCli(['migrate'], env(dir));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Applied: ${AFTER_0021.join(', ')}`);
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^slipstream-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-0021_moderation\.db$/);
    expect(inspectSqliteFile(join(dir, 'backups', backups[0]!)).schema).toBe('0021_moderation');
    const again = await runCli(['migrate'], env(dir));
    expect(again.stdout).toMatch(/up to date/);
    expect(readdirSync(join(dir, 'backups'))).toHaveLength(1);
  }, 60_000);

  it('takes no backup with --no-backup', async () => {
    const dir = join(root, 'migrate-no-backup');
    await older(dir);
    const run = await runCli(['migrate', '--no-backup'], env(dir));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Applied: ${AFTER_0021.join(', ')}`);
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  }, 60_000);
});
