import { Cron } from 'croner';
import type { AppContext } from '../context.js';
import { addMs, DAY, iso } from '../shared/clock.js';
import { pruneAuthFailures } from '../modules/auth/auth.repository.js';
import { autoCompleteOverdue } from '../modules/engagements/engagements.service.js';
import { expireOverdueOverflow } from '../modules/overflow/overflow.service.js';
import { runMeritJob } from '../modules/merit/merit.service.js';
import { runInsightsJob } from '../modules/insights/insights.service.js';
import { runScheduledDigest } from '../modules/digest/digest.service.js';
import { runDeletionJob } from '../modules/account/deletion.service.js';
import { runExportJob } from '../modules/account/export.service.js';
import { createPeerCheck } from './peers.js';

/**
 * The clock for background work: croner runs each job on wall-clock boundaries (every 15 seconds, every 5
 * minutes, on the hour…), and once at start. Each job's effect is claimed in the database (the outbox claims
 * rows, the digest claims (member, local date)), so every app process may run the scheduler and nothing is
 * done twice. `protect` skips a tick while that job's previous run is still going.
 */
export interface Jobs {
  /** No new runs start (a run in progress goes on). */
  stop: () => void;
  /** Resolves once no run is in progress. */
  idle: () => Promise<void>;
  /** Names of the runs in progress. */
  running: () => string[];
}

export function startJobs(ctx: AppContext): Jobs {
  const jobs: Cron[] = [];
  const inProgress = new Map<Promise<void>, string>();
  let stopped = false;
  const every = (pattern: string, name: string, job: () => Promise<unknown>) => {
    const run = async (): Promise<void> => {
      if (stopped) return;
      const task = job()
        .then(() => undefined)
        .catch((err: unknown) => {
          // A run cut short by the shutdown (its worker terminated) is not a failure worth an error line.
          if (stopped) ctx.log.warn({ job: name, err: { message: String(err) } }, 'job stopped by shutdown');
          else ctx.log.error({ err, job: name }, 'job failed');
        })
        .finally(() => inProgress.delete(task));
      inProgress.set(task, name);
      await task;
    };
    jobs.push(new Cron(pattern, { protect: true }, run));
    void run();
  };
  every('*/15 * * * * *', 'email-outbox', () => ctx.outbox.drain());
  // Each engagement and overflow is claimed by a conditional UPDATE: safe to run in every process.
  every('0 */5 * * * *', 'auto-complete-engagements', () => autoCompleteOverdue(ctx));
  every('0 */15 * * * *', 'expire-overflow', () => expireOverdueOverflow(ctx));
  // Claimed in job_claims (once across processes), then computed in a worker thread with its own database
  // connection, so this event loop only waits for the stats; it writes only the score rows that changed, in
  // short transactions. Every 5 minutes, so a completion shows in rankings within minutes (figures in
  // docs/merit.md: seconds, not minutes, at 100 k members on a busy machine).
  every('0 */5 * * * *', 'merit', () => runMeritJob(ctx));
  // The instance insights snapshot: looks every hour, computes when there is none or it is a day old
  // (claimed in job_claims, so once across processes); grouped statements, a row per member at most.
  every('0 0 * * * *', 'instance-insights', () => runInsightsJob(ctx));
  every('0 0 * * * *', 'prune-auth-failures', () =>
    pruneAuthFailures(ctx.db, iso(addMs(ctx.clock.now(), -DAY))),
  );
  // Every minute: members whose local digest hour came are claimed one (member, local date) at a time.
  every('0 * * * * *', 'digest', () => runScheduledDigest(ctx));
  // Account deletions whose 7-day grace period is over: each member claimed by a conditional update.
  every('30 */5 * * * *', 'account-deletion', () => runDeletionJob(ctx));
  // Member exports: each claimed with claimed_until (once across processes; a stalled one is taken over when
  // its claim lapses), built in keyset pages; expired documents are removed. A request also starts its own.
  every('*/30 * * * * *', 'member-exports', () => runExportJob(ctx));
  // On PostgreSQL without REDIS_URL: warns when other app processes share the database (per-process limits).
  every('45 */5 * * * *', 'shared-limits-check', createPeerCheck(ctx));
  return {
    stop: () => {
      stopped = true;
      jobs.forEach((j) => j.stop());
    },
    idle: async () => {
      while (inProgress.size > 0) await Promise.all([...inProgress.keys()]);
    },
    running: () => [...inProgress.values()],
  };
}
