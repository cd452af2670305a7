/**
 * The app's event loop while merit recomputes: runs the scheduled job (`runMeritJob`) on the scaled database,
 * in a worker thread (the default) or inline (`--inline`, as before), with a 10 ms timer ticking on this thread,
 * and prints `MERIT_EVENT_LOOP {json}` with the event-loop delay (perf_hooks.monitorEventLoopDelay) during the
 * run. `BENCH_DATABASE_URL=sqlite:/tmp/s20k.db node --import tsx bench/merit-eventloop.ts [--inline]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { loadConfig } from '../server/src/config/env.js';
import type { AppContext } from '../server/src/context.js';
import { openDatabase } from '../server/src/db/database.js';
import { createMailer } from '../server/src/email/mailer.js';
import { createOutbox } from '../server/src/email/outbox.js';
import { finishJob } from '../server/src/modules/merit/merit.repository.js';
import { MERIT_JOB, runMeritJob } from '../server/src/modules/merit/merit.service.js';
import { iso, systemClock } from '../server/src/shared/clock.js';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is not set');
const mode = process.argv.includes('--inline') ? 'inline' : 'worker';
const dir = mkdtempSync(join(tmpdir(), 'slipstream-bench-merit-loop-'));
const config = loadConfig({ DATABASE_URL: url, DATA_DIR: dir, LOG_LEVEL: 'silent', DEMO: 'off' });
const database = openDatabase(config);
const log = pino({ level: 'silent' });
const mailer = createMailer({ smtpUrl: undefined, outboxDir: config.outboxDir, from: config.mailFrom });
const ctx: AppContext = {
  db: database.db,
  clock: systemClock,
  config,
  outbox: createOutbox(database.db, mailer, systemClock, log),
  log,
};
try {
  await finishJob(ctx.db, MERIT_JOB, iso(systemClock.now())); // release a claim a killed run left
  const h = monitorEventLoopDelay({ resolution: 10 });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  h.enable();
  const t0 = performance.now();
  const stats = await runMeritJob(ctx, mode);
  const seconds = (performance.now() - t0) / 1000;
  h.disable();
  clearInterval(timer);
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  console.log(
    `MERIT_EVENT_LOOP ${JSON.stringify({
      mode,
      seconds,
      ticks,
      expectedTicks: Math.floor((seconds * 1000) / 10),
      delayMs: { max: ms(h.max), p99: ms(h.percentile(99)), p50: ms(h.percentile(50)), mean: ms(h.mean) },
      stats,
    })}`,
  );
} finally {
  mailer.close();
  await database.destroy();
  rmSync(dir, { recursive: true, force: true });
}
