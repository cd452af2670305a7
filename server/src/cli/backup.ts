import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/env.js';
import {
  BackupError,
  backupSqlite,
  fileTime,
  pgDumpCommand,
  redactDatabaseUrl,
  restoreSqlite,
  type BackupResult,
} from '../db/backup.js';
import { copySqliteToPostgres, type CopyResult } from '../db/copy-to.js';
import { createMigrator, migrateToLatest, openDatabase } from '../db/database.js';
import { createProgress } from './progress.js';

/** The operator commands of docs/backups.md: backup, restore, migrate (with its backup first), copy-to. */

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function sqliteFile(config: Config, command: string): string {
  if (config.database.dialect !== 'sqlite') throw new Error(`${command}: not an SQLite database`);
  if (config.database.file === ':memory:') {
    throw new BackupError(
      `${command}: the database is in memory (DATABASE_URL=sqlite::memory:); nothing to copy.`,
    );
  }
  return config.database.file;
}

/** `backup <file>`. Exit 2 with the pg_dump command on PostgreSQL. */
export async function backupCommand(config: Config, file: string, opts: { force?: boolean }): Promise<void> {
  if (config.database.dialect === 'postgres') {
    console.error(
      "This instance runs on PostgreSQL: back it up with PostgreSQL's own tools (docs/backups.md), e.g.\n" +
        `  ${pgDumpCommand(config.database.url, file)}\n` +
        '(the password is not shown: give it in PGPASSWORD or ~/.pgpass).',
    );
    process.exitCode = 2;
    return;
  }
  const result = await takeBackup(sqliteFile(config, 'backup'), resolve(file), { force: opts.force });
  printBackup(result);
}

async function takeBackup(source: string, dest: string, opts: { force?: boolean }): Promise<BackupResult> {
  const progress = await createProgress('backup');
  try {
    return await backupSqlite(source, dest, {
      force: opts.force,
      onProgress: (p) => progress.update('pages', p.totalPages - p.remainingPages, p.totalPages),
    });
  } finally {
    progress.stop();
  }
}

function printBackup(r: BackupResult): void {
  console.log(
    `Backed up to ${r.file}: ${mb(r.bytes)}, ${r.pages} pages, schema ${r.schema || '(none)'}, ` +
      `in ${r.seconds.toFixed(2)} s${r.restarts ? ` (started over ${r.restarts}× as the server wrote)` : ''}. ` +
      'Integrity check ok.',
  );
  console.log(
    `BACKUP_RESULT ${JSON.stringify({ file: r.file, bytes: r.bytes, pages: r.pages, schema: r.schema, seconds: r.seconds, restarts: r.restarts })}`,
  );
}

/** `restore <file>` into a stopped instance. */
export async function restoreCommand(config: Config, file: string): Promise<void> {
  if (config.database.dialect === 'postgres') {
    console.error(
      'This instance runs on PostgreSQL: restore a pg_dump backup with pg_restore (docs/backups.md), e.g.\n' +
        `  pg_restore --clean --if-exists --no-owner --dbname=${JSON.stringify(redactDatabaseUrl(config.database.url))} ${JSON.stringify(file)}`,
    );
    process.exitCode = 2;
    return;
  }
  const target = sqliteFile(config, 'restore');
  const r = await restoreSqlite(resolve(file), target);
  console.log(`Restored ${resolve(file)} (schema ${r.backup.schema || '(none)'}) as ${target}.`);
  if (r.keptAs) console.log(`The database it replaced is kept as ${r.keptAs}.`);
  if (r.backup.pending.length) {
    console.log(
      `The backup is older than this version: ${r.backup.pending.length} migration(s) (${r.backup.pending.join(', ')}) ` +
        'are applied when the server next starts (or run `migrate`).',
    );
  }
  console.log(
    `RESTORE_RESULT ${JSON.stringify({ schema: r.backup.schema, keptAs: r.keptAs, pending: r.backup.pending })}`,
  );
}

/** `migrate`: on SQLite, a backup into DATA_DIR/backups/ first when migrations are pending (unless --no-backup). */
export async function migrateCommand(config: Config, opts: { backup: boolean }): Promise<void> {
  const database = openDatabase(config);
  try {
    const all = await createMigrator(database.db).getMigrations();
    const pending = all.filter((m) => m.executedAt === undefined);
    const applied = all.filter((m) => m.executedAt !== undefined);
    if (
      pending.length > 0 &&
      applied.length > 0 && // a new, empty database has nothing to keep
      opts.backup &&
      config.database.dialect === 'sqlite' &&
      config.database.file !== ':memory:'
    ) {
      const dir = join(config.dataDir, 'backups');
      mkdirSync(dir, { recursive: true });
      const schema = applied.at(-1)!.name;
      let dest = join(dir, `slipstream-${fileTime(new Date())}-${schema}.db`);
      for (let i = 2; existsSync(dest) && i < 100; i++) dest = dest.replace(/(-\d+)?\.db$/, `-${i}.db`);
      console.log(`${pending.length} migration(s) pending: backing up first (--no-backup skips this).`);
      printBackup(await takeBackup(config.database.file, dest, {}));
    } else if (pending.length > 0 && config.database.dialect === 'postgres' && opts.backup) {
      console.log('PostgreSQL: no backup is taken here; take one with pg_dump first (docs/backups.md).');
    }
    const done = await migrateToLatest(database.db);
    console.log(done.length ? `Applied: ${done.join(', ')}` : 'Database is up to date.');
  } finally {
    await database.destroy();
  }
}

/** `copy-to --database-url postgres://…`: exit 1 when the comparison finds a difference. */
export async function copyToCommand(
  config: Config,
  opts: { databaseUrl: string; sample: string },
): Promise<void> {
  if (!/^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    throw new BackupError('--database-url must be a PostgreSQL URL (postgres://…).');
  }
  if (config.database.dialect !== 'sqlite') {
    throw new BackupError('copy-to copies an SQLite instance: this one runs on PostgreSQL already.');
  }
  const sample = Number(opts.sample);
  if (!Number.isInteger(sample) || sample < 0 || sample > 100_000) {
    throw new BackupError('--sample must be a whole number from 0 to 100000.');
  }
  const progress = await createProgress('copy-to');
  let r: CopyResult;
  try {
    r = await copySqliteToPostgres(sqliteFile(config, 'copy-to'), opts.databaseUrl, {
      sample,
      onProgress: (_table, done, total) => progress.update('rows', done, total),
    });
  } finally {
    progress.stop();
  }
  console.log(
    `Copied ${r.rows} rows of ${r.tables.length} tables to ${redactDatabaseUrl(opts.databaseUrl)} in ${r.seconds.toFixed(1)} s.`,
  );
  const width = Math.max(...r.tables.map((t) => t.table.length), 5);
  console.log(
    `${'table'.padEnd(width)}  ${'sqlite'.padStart(9)}  ${'postgres'.padStart(9)}  sampled  result`,
  );
  for (const t of r.tables) {
    const same = t.sourceRows === t.targetRows && t.mismatchCount === 0;
    const why = same
      ? 'same'
      : t.sourceRows !== t.targetRows
        ? 'ROW COUNTS DIFFER'
        : `${t.mismatchCount} SAMPLED ROW(S) DIFFER (${t.mismatched.join(', ')})`;
    console.log(
      `${t.table.padEnd(width)}  ${String(t.sourceRows).padStart(9)}  ${String(t.targetRows).padStart(9)}  ${String(t.sampled).padStart(7)}  ${why}`,
    );
  }
  console.log(
    r.ok
      ? 'Every row count and every sampled row is the same. Point DATABASE_URL at the PostgreSQL database and start the server.'
      : 'The copy DIFFERS from the source (above): do not switch to it.',
  );
  console.log(
    `COPY_RESULT ${JSON.stringify({ ok: r.ok, rows: r.rows, tables: r.tables.length, seconds: r.seconds })}`,
  );
  if (!r.ok) process.exitCode = 1;
}
