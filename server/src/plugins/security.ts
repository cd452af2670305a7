import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { Config } from '../config/env.js';
import { AppError } from '../shared/errors.js';
import { connectRateLimitRedis } from './redis.js';

/** Per-IP limit for auth routes that send email or take tokens (sign-up, reset, verify). */
export function authRateLimit(config: Pick<Config, 'rateLimit'>) {
  return { rateLimit: config.rateLimit ? { max: 10, timeWindow: '1 minute' } : false };
}

const WRITE_LIMIT = { max: 120, timeWindow: '1 minute' };

/**
 * Security headers, a strict Content-Security-Policy (no inline scripts, no third-party origins), and
 * request rate limits: per-route for auth, a general one for every write. Failed sign-ins have their
 * own database-backed limits in the auth service. With REDIS_URL the counters live in Redis, shared by every
 * process (keys `<REDIS_PREFIX>rate-limit:<method><route>-<ip>`); without it, in each process's memory.
 */
export const securityPlugin = fp<{ config: Config }>(async (app, { config }) => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets style attributes at run time; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Upgrading breaks plain-HTTP hosts other than localhost, so only under HTTPS.
        ...(config.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.https ? { maxAge: 15552000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });

  // Before the rate-limit plugin: its own onRoute hook reads `config.rateLimit`, and hooks run in order.
  if (config.rateLimit) {
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (!route.url.startsWith('/api/') || methods.every((m) => ['GET', 'HEAD', 'OPTIONS'].includes(m)))
        return;
      const existing = (route.config as { rateLimit?: unknown } | undefined)?.rateLimit;
      if (existing === undefined) route.config = { ...(route.config ?? {}), rateLimit: WRITE_LIMIT } as never;
    });
  }

  // Only when limits are on: a process with RATE_LIMIT=false has no use for Redis.
  const redis =
    config.rateLimit && config.redisUrl ? await connectRateLimitRedis(config.redisUrl, app.log) : undefined;
  if (redis) app.addHook('onClose', redis.close);

  await app.register(rateLimit, {
    global: false,
    ...(redis && {
      redis: redis.client,
      nameSpace: `${config.redisPrefix}rate-limit:`,
      // Redis away: let the request through (logged once per outage in plugins/redis.ts), do not answer 500.
      skipOnError: true,
    }),
    errorResponseBuilder: (_req, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new AppError(
        429,
        'RATE_LIMITED',
        `Too many requests. Try again in ${seconds} second(s).`,
        {
          retryAfterSeconds: seconds,
        },
        seconds,
      );
    },
  });
});
