import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { Config } from '../config/env.js';
import { AppError } from '../shared/errors.js';

/** Per-IP limit for auth routes that send email or take tokens (sign-up, reset, verify). */
export function authRateLimit(config: Pick<Config, 'rateLimit'>) {
  return { rateLimit: config.rateLimit ? { max: 10, timeWindow: '1 minute' } : false };
}

const WRITE_LIMIT = { max: 120, timeWindow: '1 minute' };

/**
 * Security headers, a strict Content-Security-Policy (no inline scripts, no third-party origins), and
 * request rate limits: per-route for auth, a general one for every write. Failed sign-ins have their
 * own database-backed limits in the auth service.
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

  await app.register(rateLimit, {
    global: false,
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
