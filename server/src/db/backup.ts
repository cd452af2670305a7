import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { migrations } from './migrations/index.js';

/**
 * Backups of the embedded database (docs/backups.md, docs/decisions/0030-backups-and-copy-to.md): an online
 * copy through the SQLite backup API while the server runs, the checks a copy must pass, and a restore into a
 * stopped instance. PostgreSQL is backed up with its own tools (`pg_dump`), see `pgDumpCommand`.
 */

/** A refusal the operator can act on: the CLI prints the message and exits with code 2. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

export interface SqliteFileFacts {
  file: string;
  bytes: number;
  pages: number;
  pageSize: number;
  /** Applied migrations, by name, in order; the last is the schema version. */
  migrations: string[];
  /** The last applied migration ('' for none). */
  schema: string;
  /** Applied migrations this code does not know (a backup from newer code). */
  unknown: string[];
  /** Known migrations not applied yet (applied on the next start or `migrate`). */
  pending: string[];
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether the file starts with SQLite's header (read before SQLite opens it, which would accept any file). */
function looksLikeSqlite(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const n = readSync(fd, head, 0, head.length, 0);
    return n === head.length && head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** The last path part only: messages never echo a whole path an operator may not want in a log. */
const label = (file: string) => basename(file);

/**
 * Checks that `file` is a Slipstream SQLite database whose integrity check passes, and reports its schema.
 * Throws BackupError otherwise. Opens it read-only (a copy, never the live file, is what gets checked).
 */
export function inspectSqliteFile(file: string): SqliteFileFacts {
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`${label(file)}: no such file.`);
  if (!looksLikeSqlite(file)) throw new BackupError(`${label(file)} is not an SQLite database.`);
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new BackupError(`${label(file)} could not be opened as an SQLite database.`);
  }
  try {
    let check: string[];
    try {
      check = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch {
      throw new BackupError(`${label(file)} failed the integrity check (it could not be read).`);
    }
    if (check.length !== 1 || check[0] !== 'ok') {
      throw new BackupError(
        `${label(file)} failed the integrity check: ${check.slice(0, 3).join('; ')}${check.length > 3 ? ' …' : ''}`,
      );
    }
    const tables = new Set(
      (db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    if (!tables.has('kysely_migration') || !tables.has('members')) {
      throw new BackupError(`${label(file)} is an SQLite database but not a Slipstream one.`);
    }
    const applied = (
      db.prepare('select name from kysely_migration order by name').all() as { name: string }[]
    ).map((r) => r.name);
    const known = Object.keys(migrations);
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const pages = Number(db.pragma('page_count', { simple: true }));
    return {
      file,
      bytes: statSync(file).size,
      pages,
      pageSize,
      migrations: applied,
      schema: applied.at(-1) ?? '',
      unknown: applied.filter((m) => !known.includes(m)),
      pending: known.filter((m) => !applied.includes(m)),
    };
  } finally {
    db.close();
  }
}

/**
 * True when another connection (a running server, its merit worker, a CLI command) has the database open.
 * SQLite's own locks tell, not a pid file: an exclusive lock is asked for without waiting, and in WAL mode
 * every open connection holds the shared-memory lock that refuses it. The OS drops a killed process's locks,
 * so there is nothing stale to clean up. Only for a file on a local disk (network file systems lock poorly).
 */
export function databaseInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new SQLite(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.exec('begin exclusive');
      db.exec('commit');
      return false;
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
      throw error;
    }
  } finally {
    db.close();
  }
}

export interface BackupResult extends SqliteFileFacts {
  seconds: number;
  /** How often the copy started over because the server wrote between two steps. */
  restarts: number;
}

const fsyncFile = (file: string) => {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

const fsyncDir = (dir: string) => {
  try {
    fsyncFile(dir);
  } catch {
    // Not every platform lets a directory be opened for fsync; the rename is still atomic.
  }
};

/**
 * An online, consistent copy of the SQLite database `source` into `dest`, while the server writes to it: the
 * SQLite backup API (better-sqlite3's `.backup`) copies pages in steps of `stepPages`; when a write from
 * another connection between two steps makes SQLite start over, the next try copies every page in one step
 * (one read transaction: WAL readers never block the server's writers), so the copy always ends. The copy is
 * written to a temporary name next to `dest`, switched to a single file (journal_mode DELETE, no -wal), checked
 * (inspectSqliteFile) and only then renamed to `dest`. Refuses an existing `dest` unless `force`.
 */
export async function backupSqlite(
  source: string,
  dest: string,
  options: { force?: boolean; stepPages?: number; onProgress?: (p: BackupProgress) => void } = {},
): Promise<BackupResult> {
  const t0 = performance.now();
  if (!existsSync(source)) throw new BackupError(`There is no database at ${label(source)} to back up.`);
  if (existsSync(dest) && !options.force) {
    throw new BackupError(`${label(dest)} exists already; give another name, or --force to replace it.`);
  }
  if (!existsSync(dirname(dest))) throw new BackupError(`The folder for ${label(dest)} does not exist.`);
  const temp = join(dirname(dest), `.${basename(dest)}.partial-${process.pid}`);
  const removeTemp = () => {
    for (const f of [temp, `${temp}-wal`, `${temp}-shm`, `${temp}-journal`]) rmSync(f, { force: true });
  };
  removeTemp();
  const step = options.stepPages ?? 1024;
  let restarts = 0;
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    let last = Infinity;
    let all = false;
    await db.backup(temp, {
      progress: (p) => {
        // Each step leaves fewer pages to copy; as many or more means SQLite started over (or the file grew).
        if (p.remainingPages >= last) {
          restarts += 1;
          all = true; // started over: the rest in one step, so a busy server cannot keep it from ending
        }
        last = p.remainingPages;
        options.onProgress?.(p);
        return all ? 0x7fffffff : step;
      },
    });
    options.onProgress?.({
      totalPages: Number(db.pragma('page_count', { simple: true })),
      remainingPages: 0,
    });
  } catch (error) {
    removeTemp();
    throw error;
  } finally {
    db.close();
  }
  let facts: SqliteFileFacts;
  try {
    const copy = new SQLite(temp, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE'); // one self-contained file
    } finally {
      copy.close();
    }
    facts = inspectSqliteFile(temp);
    fsyncFile(temp);
    renameSync(temp, dest);
    fsyncDir(dirname(dest));
  } catch (error) {
    removeTemp();
    throw error;
  }
  return { ...facts, file: dest, restarts, seconds: (performance.now() - t0) / 1000 };
}

/** `2026-12-02T05-46-04Z`: a time for a file name (no colons, sorts in time order). */
export function fileTime(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
}

const inUse = (target: string) =>
  new BackupError(
    `The database ${label(target)} is open in another process (a running server?). Stop the server first, then restore.`,
  );

export interface RestoreResult {
  /** The backup's facts (schema, pending migrations the next start applies). */
  backup: SqliteFileFacts;
  /** Where the database it replaced was kept, if there was one. */
  keptAs: string | undefined;
}

/**
 * Restores the backup `file` as the database `target` of a STOPPED instance. Refuses when a process has
 * `target` open (databaseInUse), when `file` is not a Slipstream database or fails its integrity check, and
 * when its schema is newer than this code (a migration name it does not know). The database it replaces is
 * checkpointed (its -wal folded in) and kept as `<name>.before-restore-<time>`; stale -wal/-shm files are
 * removed, so SQLite never applies the old database's log to the restored one. An older backup is migrated
 * forward by the next start (or `migrate`).
 */
export async function restoreSqlite(
  file: string,
  target: string,
  now: Date = new Date(),
): Promise<RestoreResult> {
  const backup = inspectSqliteFile(file);
  if (backup.unknown.length > 0) {
    throw new BackupError(
      `${label(file)} has a newer schema than this version of Slipstream knows (${backup.unknown.join(', ')}). ` +
        'Restore it with the version that made it, or upgrade first.',
    );
  }
  if (databaseInUse(target)) throw inUse(target);
  const dir = dirname(target);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(target)}.restoring-${process.pid}`);
  rmSync(temp, { force: true });
  try {
    // Copied through the backup API too (the backup file is never modified), then made one self-contained file.
    const src = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      await src.backup(temp, { progress: () => 0x7fffffff });
    } finally {
      src.close();
    }
    const copy = new SQLite(temp, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fsyncFile(temp);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  let keptAs: string | undefined;
  try {
    if (existsSync(target)) {
      // Under an exclusive lock taken without waiting (a server that started meanwhile is refused here too),
      // fold the old database's log into its file, so the kept copy is complete on its own.
      const old = new SQLite(target, { fileMustExist: true });
      try {
        old.pragma('busy_timeout = 0');
        old.pragma('locking_mode = EXCLUSIVE');
        try {
          old.exec('begin exclusive');
          old.exec('commit');
        } catch (error) {
          if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw inUse(target);
          throw error;
        }
        old.pragma('wal_checkpoint(TRUNCATE)');
        old.pragma('journal_mode = DELETE');
      } finally {
        old.close();
      }
      keptAs = `${target}.before-restore-${fileTime(now)}`;
      renameSync(target, keptAs);
    }
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  for (const f of [`${target}-wal`, `${target}-shm`, `${target}-journal`]) rmSync(f, { force: true });
  renameSync(temp, target);
  fsyncDir(dir);
  return { backup, keptAs };
}

/** The PostgreSQL URL with its password hidden, for anything printed. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured PostgreSQL database';
  }
}

/** What to run instead of `backup` on PostgreSQL (the password redacted: give it through PGPASSWORD). */
export function pgDumpCommand(url: string, file: string): string {
  return `pg_dump --format=custom --file=${JSON.stringify(file)} ${JSON.stringify(redactDatabaseUrl(url))}`;
}
