/**
 * The process the crash suite (server/test/email.crash.test.ts) kills with SIGKILL. It opens the test's database
 * and does what an app process's jobs do: run the digest job (CRASH_MODE=digest) and drain the outbox, in a
 * loop, until nothing is left to send. Mail goes to SMTP_URL when set, otherwise to `.eml` files in
 * DATA_DIR/outbox (the file transport).
 *
 * Time is virtual and shared by every worker of a run: now = CRASH_T0_VIRTUAL + (wall − CRASH_T0_REAL) × speed,
 * so the claim of a row whose worker was killed expires in seconds of wall time, while two live workers still
 * agree on the time. Prints LOADED when its modules are loaded, then waits for a line on stdin; READY once the database is open and DONE {json} when everything is sent.
 * Every loop is bounded; the parent also kills a worker that outlives its time limit.
 */
import pino from 'pino';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config/env.js';
import type { AppContext } from '../../src/context.js';
import { openDatabase } from '../../src/db/database.js';
import { createMailer } from '../../src/email/mailer.js';
import { createOutbox } from '../../src/email/outbox.js';
import type { Clock } from '../../src/shared/clock.js';

const mode = process.env.CRASH_MODE ?? 'outbox';
type DigestJob = (
  ctx: AppContext,
  opts?: { batchSize?: number },
) => Promise<{
  sent: number;
  empty: number;
  off: number;
  failed: number;
  placed: number;
  claimedElsewhere: number;
}>;
// Loaded by a path held in a variable, so this file also runs where the digest module does not exist yet.
const DIGEST_MODULE = '../../src/modules/digest/digest.service.js';
const runDigestJob =
  mode === 'digest' ? ((await import(DIGEST_MODULE)) as { runDigestJob: DigestJob }).runDigestJob : undefined;

// Started ahead as a spare while the previous worker runs (loading the modules takes seconds on a busy
// machine): it touches nothing until the parent writes a line to its stdin.
console.log('LOADED');
// The line is the worker's time bound in ms.
const limitMs = await new Promise<number>((resolve) => {
  process.stdin.once('data', (line: Buffer) => resolve(Number(line.toString().trim()) || 120_000));
  process.stdin.once('end', () => process.exit(0));
});

const t0Virtual = Date.parse(process.env.CRASH_T0_VIRTUAL ?? '');
const t0Real = Number(process.env.CRASH_T0_REAL);
const speed = Number(process.env.CRASH_SPEED ?? '30');
if (!Number.isFinite(t0Virtual) || !Number.isFinite(t0Real)) throw new Error('CRASH_T0_* not set');
const clock: Clock = { now: () => new Date(t0Virtual + (Date.now() - t0Real) * speed) };

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DEMO: 'off' });
const database = openDatabase(config);
const log = pino({ level: 'silent' });
const mailer = createMailer({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir, from: config.mailFrom });
const outbox = createOutbox(database.db, mailer, clock, log);
const ctx: AppContext = { db: database.db, clock, config, outbox, log };

async function unsent(): Promise<number> {
  const row = await database.db
    .selectFrom('email_outbox')
    .select(sql<number>`count(*)`.as('n'))
    .where('sent_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

console.log('READY');
const totals = { sent: 0, digests: 0, rounds: 0 };
const deadline = Date.now() + limitMs;
while (Date.now() < deadline && totals.rounds < 100_000) {
  totals.rounds++;
  let digestWork = 0;
  if (runDigestJob) {
    const r = await runDigestJob(ctx, { batchSize: Number(process.env.CRASH_BATCH ?? 100) });
    digestWork = r.sent + r.empty + r.off + r.failed + r.placed + r.claimedElsewhere;
    totals.digests += r.sent;
  }
  const sent = await outbox.drain();
  totals.sent += sent;
  if (sent === 0 && digestWork === 0) {
    if ((await unsent()) === 0) break;
    // Rows still claimed by a killed worker: wait for their claim to expire on the virtual clock.
    await new Promise((r) => setTimeout(r, 50));
  }
}
const left = await unsent();
console.log(`DONE ${JSON.stringify({ ...totals, left })}`);
mailer.close();
await database.destroy();
process.exit(left === 0 ? 0 : 3);
