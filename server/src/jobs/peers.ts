import type { AppContext } from '../context.js';
import { otherServerProcesses } from '../db/processes.js';
import { HOUR } from '../shared/clock.js';

/**
 * Per-IP request limits live in each process's memory unless REDIS_URL is set. On PostgreSQL, several app
 * processes behind a load balancer is the way to grow, and then each counts alone: a client gets the limit
 * once per process. This check (at start and every few minutes, from the scheduler) looks for other
 * Slipstream server processes on the same database and, when it finds some, logs a warning saying so and
 * to set REDIS_URL, at most once an hour. Nothing to check on SQLite, with REDIS_URL, or with limits off.
 */
export function createPeerCheck(ctx: AppContext): () => Promise<number | undefined> {
  let warnedAt: number | undefined;
  return async () => {
    const { config } = ctx;
    if (config.database.dialect !== 'postgres' || config.redisUrl || !config.rateLimit) return undefined;
    const others = await otherServerProcesses(ctx.db);
    const now = Date.now();
    if (others > 0 && (warnedAt === undefined || now - warnedAt >= HOUR)) {
      warnedAt = now;
      ctx.log.warn(
        { otherProcesses: others },
        `${others} other Slipstream process(es) use this database and REDIS_URL is not set: request rate limits ` +
          'are counted in each process separately (a client gets the limit once per process). Set REDIS_URL ' +
          'to share them.',
      );
    }
    return others;
  };
}
