import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/env.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { createMailer } from '../email/mailer.js';
import { createOutbox } from '../email/outbox.js';
import { systemClock } from '../shared/clock.js';
import { backupCommand, copyToCommand, migrateCommand, restoreCommand } from './backup.js';
import { createAdmin } from './create-admin.js';
import { describeRun, digestPreview, digestRunNow } from './digest.js';
import { seedDemoIfEmpty } from './seed-demo.js';
import { runScaleSeed } from './seed-scale.js';
import pino from 'pino';
import type { AppContext } from '../context.js';

/** Operator commands: `npm run cli -- <command> --help`. */
async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = openDatabase(config);
  const log = pino({ level: 'warn' });
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    outboxDir: config.outboxDir,
    from: config.mailFrom,
  });
  const outbox = createOutbox(database.db, mailer, systemClock, log);
  try {
    await migrateToLatest(database.db);
    const result = await fn({
      db: database.db,
      clock: systemClock,
      config,
      outbox,
      log,
    });
    await outbox.drain();
    return result;
  } finally {
    mailer.close();
    await database.destroy();
  }
}

const program = new Command()
  .name('slipstream')
  .description(
    'Slipstream operator commands. Settings come from the same environment variables as the server.',
  )
  .showHelpAfterError();

program
  .command('migrate')
  .description(
    'Apply pending database migrations (the server also does this at start). On SQLite, backs up into DATA_DIR/backups/ first when any are pending.',
  )
  .option('--no-backup', 'do not back up the SQLite database before migrating')
  .action(async (opts: { backup: boolean }) => {
    await migrateCommand(loadConfig(), opts);
  });

program
  .command('backup')
  .description(
    'An online, consistent copy of the SQLite database into <file> while the server runs (checked before it is kept). On PostgreSQL, prints the pg_dump command.',
  )
  .argument('<file>', 'the backup file to write')
  .option('--force', 'replace <file> if it exists')
  .action(async (file: string, opts: { force?: boolean }) => {
    await backupCommand(loadConfig(), file, opts);
  });

program
  .command('restore')
  .description(
    'Restore an SQLite backup into this STOPPED instance (the replaced database is kept as <name>.before-restore-<time>).',
  )
  .argument('<file>', 'a backup made by `backup`')
  .action(async (file: string) => {
    await restoreCommand(loadConfig(), file);
  });

program
  .command('copy-to')
  .description(
    'Copy this stopped SQLite instance into an empty PostgreSQL database, then compare row counts and a sample of rows (exit 1 on a difference).',
  )
  .requiredOption('--database-url <url>', 'the PostgreSQL database to copy into (postgres://…)')
  .option('--sample <rows>', 'rows per table compared after the copy', '100')
  .action(async (opts: { databaseUrl: string; sample: string }) => {
    await copyToCommand(loadConfig(), opts);
  });

program
  .command('create-admin')
  .description('Create an administrator account, or make an existing member an administrator.')
  .requiredOption('--email <email>', 'email address')
  .option('--handle <handle>', 'handle (3–30 of a–z 0–9 _ -); required for a new account')
  .option('--name <name>', 'display name; required for a new account')
  .option(
    '--password <password>',
    'password (at least 10 characters); read from SLIPSTREAM_ADMIN_PASSWORD if omitted',
  )
  .action(async (opts: { email: string; handle?: string; name?: string; password?: string }) => {
    const password = opts.password ?? process.env.SLIPSTREAM_ADMIN_PASSWORD;
    const result = await withContext((ctx) => createAdmin(ctx, { ...opts, password }));
    console.log(result);
  });

program
  .command('seed')
  .description('Seed data into the configured database.')
  .option('--demo', 'a small demo community (only into an empty database)')
  .option(
    '--scale <members>',
    'a synthetic instance: this many members, 10 × as many overflow postings, their engagements and history',
  )
  .option('--seed <n>', 'with --scale: the random seed (same seed and anchor day, same data)', '1')
  .option('--anchor <day>', 'with --scale: the day the instance is at, YYYY-MM-DD (default today, UTC)')
  .option('--force', 'with --scale: delete every member and their data from a non-empty database first')
  .action(
    async (opts: { demo?: boolean; scale?: string; seed: string; anchor?: string; force?: boolean }) => {
      if (opts.scale !== undefined) {
        const scale = Number(opts.scale);
        const seed = Number(opts.seed);
        const anchorDay = opts.anchor ?? new Date().toISOString().slice(0, 10);
        if (!Number.isInteger(scale) || scale < 10 || scale > 1_000_000) {
          throw Object.assign(new Error('--scale must be a whole number of members from 10 to 1000000.'), {
            name: 'CliError',
          });
        }
        if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
          throw Object.assign(new Error('--seed must be a whole number from 0 to 4294967295.'), {
            name: 'CliError',
          });
        }
        if (!/^\d{4}-\d{2}-\d{2}$/.test(anchorDay) || Number.isNaN(Date.parse(anchorDay))) {
          throw Object.assign(new Error('--anchor must be a day, YYYY-MM-DD.'), { name: 'CliError' });
        }
        const r = await withContext((ctx) =>
          runScaleSeed(ctx, {
            scale,
            seed,
            anchorDay,
            force: Boolean(opts.force),
            progress: process.stdout.isTTY ? 'bar' : 'lines',
          }),
        );
        if (r.cleared) console.log('Cleared the existing members and their data first (--force).');
        const c = r.counts;
        console.log(
          `Seeded ${c.members} members, ${c.overflow} overflow postings, ${c.engagements} engagements, ` +
            `${c.offers} offers, ${c.ties} ties, ${c.ledger_entries} ledger entries in ${r.seconds.toFixed(1)} s.`,
        );
        console.log(
          `After the load (${r.afterSeconds.toFixed(1)} s): search ${r.after.search}; merit ${r.after.merit}.`,
        );
        console.log(
          `SEED_RESULT ${JSON.stringify({ counts: c, seconds: r.seconds, afterSeconds: r.afterSeconds })}`,
        );
        return;
      }
      if (!opts.demo) {
        console.error('Say what to seed, e.g. `seed --demo` or `seed --scale 1000`.');
        process.exitCode = 2;
        return;
      }
      const seeded = await withContext((ctx) => seedDemoIfEmpty(ctx));
      console.log(
        seeded ? seeded.banner : 'The database already has members; demo data is only added to an empty one.',
      );
    },
  );

program
  .command('digest')
  .description('The daily digest: preview what a member would get now, or run the job once now.')
  .option('--preview <handle>', 'print the text digest @handle would get now (nothing is claimed or sent)')
  .option('--run-now', 'run the digest job once: every digest due now is claimed, composed and queued')
  .action(async (opts: { preview?: string; runNow?: boolean }) => {
    if (opts.preview !== undefined) {
      const text = await withContext((ctx) => digestPreview(ctx, opts.preview!));
      process.stdout.write(text);
      return;
    }
    if (opts.runNow) {
      const { result, seconds } = await withContext((ctx) =>
        digestRunNow(ctx, { tty: Boolean(process.stdout.isTTY) }),
      );
      console.log(describeRun(result, seconds));
      if (result.failed > 0) process.exitCode = 1;
      return;
    }
    console.error('Say what to do: `digest --preview @handle` or `digest --run-now`.');
    process.exitCode = 2;
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError || (error instanceof Error && error.name === 'CliError')) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
