import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';

/** How long the app waits for Redis at start before it serves without it (limits fail open meanwhile). */
const READY_WAIT_MS = 2000;

/**
 * The Redis connection for the shared request limits (REDIS_URL). It must never stop the app from serving:
 * - no offline queue and a short command timeout, so while Redis is away a limit check fails at once (or
 *   within 500 ms when Redis hangs) and the rate-limit plugin lets the request through (`skipOnError`);
 * - it reconnects by itself (every few seconds at most), and logs one warning when Redis goes away and one
 *   line when it is back, never one per request;
 * - errors are logged by code only: the URL may hold a password.
 * See docs/decisions/0029-scale-out-and-shared-request-limits.md.
 */
export async function connectRateLimitRedis(
  url: string,
  log: FastifyBaseLogger,
): Promise<{ client: Redis; close: () => Promise<void> }> {
  const redis = new Redis(url, {
    connectionName: 'slipstream-rate-limit',
    connectTimeout: 1000,
    commandTimeout: 500,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(times * 200, 5000),
  });
  let down = false;
  let closing = false;
  const wentAway = (code: string | undefined) => {
    if (down || closing) return;
    down = true;
    log.warn(
      { redis: { code: code ?? 'CLOSED' } },
      'Redis is unreachable: request rate limits are not enforced (fail open) until it is back',
    );
  };
  redis.on('error', (err: NodeJS.ErrnoException) => wentAway(err.code ?? err.name));
  redis.on('close', () => wentAway(undefined));
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info('Redis is reachable again: shared request rate limits are enforced');
  });
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), READY_WAIT_MS);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!ready) wentAway('NOT_READY');
  const close = async () => {
    closing = true;
    try {
      await redis.quit();
    } catch {
      redis.disconnect(); // not connected (no offline queue): nothing to flush
    }
  };
  return { client: redis, close };
}
