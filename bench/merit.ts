/**
 * Merit recomputation on the scaled database, alone in this process so its peak RSS is its own: from the
 * database to stored scores through `recomputeMerit(ctx)` (server/src/modules/merit/merit.service.ts). Prints
 * one `MERIT_RESULT {json}` line. When the merit module is not in this build it says so (available: false);
 * it never makes a figure up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../server/src/config/env.js';
import type { AppContext } from '../server/src/context.js';
import { openDatabase } from '../server/src/db/database.js';
import { createMailer } from '../server/src/email/mailer.js';
import { createOutbox } from '../server/src/email/outbox.js';
import { systemClock } from '../server/src/shared/clock.js';

const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;
const report = (r: Record<string, unknown>) => console.log(`MERIT_RESULT ${JSON.stringify(r)}`);

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is not set');
const baselineRssMiB = mib(process.resourceUsage().maxRSS);

// A computed specifier: the module may not exist yet, and the type checker must not insist that it does.
const specifier = '../server/src/modules/merit/merit.service.js';
let recompute: ((ctx: AppContext) => Promise<Record<string, unknown>>) | undefined;
try {
  const mod = (await import(specifier)) as { recomputeMerit?: typeof recompute };
  recompute = typeof mod.recomputeMerit === 'function' ? mod.recomputeMerit : undefined;
} catch {
  recompute = undefined;
}

if (!recompute) {
  report({
    available: false,
    note: 'recomputeMerit is not in this build (server/src/modules/merit/merit.service.ts)',
  });
} else {
  const dir = mkdtempSync(join(tmpdir(), 'slipstream-bench-merit-'));
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
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const stats = await recompute(ctx);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    report({
      available: true,
      seconds,
      // CPU time of this process (user + system): on a shared machine, wall time also counts waiting for a core.
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMiB: mib(process.resourceUsage().maxRSS),
      baselineRssMiB,
      stats,
    });
  } finally {
    mailer.close();
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
