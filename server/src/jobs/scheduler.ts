import type { AppContext } from '../context.js';
import { addMs, DAY, iso } from '../shared/clock.js';
import { pruneAuthFailures } from '../modules/auth/auth.repository.js';
import { autoCompleteOverdue } from '../modules/engagements/engagements.service.js';
import { expireOverdueOverflow } from '../modules/overflow/overflow.service.js';
import { runMeritJob } from '../modules/merit/merit.service.js';
import { runInsightsJob } from '../modules/insights/insights.service.js';

/**
 * The clock for background work. Each job's effect is claimed in the database (the outbox claims rows),
 * so running several app processes never does anything twice.
 */
export function startJobs(ctx: AppContext): { stop: () => void } {
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, name: string, job: () => Promise<unknown>) => {
    const run = () => job().catch((err: unknown) => ctx.log.error({ err, job: name }, 'job failed'));
    timers.push(setInterval(run, ms));
    run();
  };
  every(15_000, 'email-outbox', () => ctx.outbox.drain());
  // Each engagement and overflow is claimed by a conditional UPDATE: safe to run in every process.
  every(5 * 60_000, 'auto-complete-engagements', () => autoCompleteOverdue(ctx));
  every(15 * 60_000, 'expire-overflow', () => expireOverdueOverflow(ctx));
  // Claimed in job_claims (once across processes), then computed in a worker thread with its own database
  // connection, so this event loop only waits for the stats; it writes only the score rows that changed, in
  // short transactions. Every 5 minutes, so a completion shows in rankings within minutes (figures in
  // docs/merit.md: seconds, not minutes, at 100 k members on a busy machine).
  every(5 * 60_000, 'merit', () => runMeritJob(ctx));
  // The instance insights snapshot: looks every hour, computes when there is none or it is a day old
  // (claimed in job_claims, so once across processes); grouped statements, a row per member at most.
  every(60 * 60_000, 'instance-insights', () => runInsightsJob(ctx));
  every(60 * 60_000, 'prune-auth-failures', () =>
    pruneAuthFailures(ctx.db, iso(addMs(ctx.clock.now(), -DAY))),
  );
  return { stop: () => timers.forEach(clearInterval) };
}
