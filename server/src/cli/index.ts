import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/env.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { createMailer } from '../email/mailer.js';
import { createOutbox } from '../email/outbox.js';
import { systemClock } from '../shared/clock.js';
import { createAdmin } from './create-admin.js';
import { seedDemoIfEmpty } from './seed-demo.js';
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
  .description('Apply pending database migrations (the server also does this at start).')
  .action(async () => {
    const config = loadConfig();
    const database = openDatabase(config);
    try {
      const applied = await migrateToLatest(database.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
    } finally {
      await database.destroy();
    }
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
  .action(async (opts: { demo?: boolean }) => {
    if (!opts.demo) {
      console.error('Say what to seed, e.g. `seed --demo`.');
      process.exitCode = 2;
      return;
    }
    const seeded = await withContext((ctx) => seedDemoIfEmpty(ctx));
    console.log(
      seeded ? seeded.banner : 'The database already has members; demo data is only added to an empty one.',
    );
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError || (error instanceof Error && error.name === 'CliError')) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
