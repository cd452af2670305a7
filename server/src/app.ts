import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DestinationStream, Logger } from 'pino';
import type { ZodType } from 'zod';
import type { Config } from './config/env.js';
import type { AppContext } from './context.js';
import { migrateToLatest, migrationsApplied, openDatabase } from './db/database.js';
import { SERVER_APPLICATION_NAME } from './db/processes.js';
import { createMailer, type Mailer } from './email/mailer.js';
import { createOutbox } from './email/outbox.js';
import { exportRoutes } from './modules/account/export.routes.js';
import { deletionRoutes } from './modules/account/deletion.routes.js';
import { adminRoutes } from './modules/admin/admin.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { answeredWorkIdle } from './modules/auth/background.js';
import { securityRoutes } from './modules/auth/security.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { engagementsRoutes } from './modules/engagements/engagements.routes.js';
import { engagementMessagesRoutes } from './modules/engagements/messages.routes.js';
import { insightsRoutes } from './modules/insights/insights.routes.js';
import { homeRoutes } from './modules/home/home.routes.js';
import { matchingRoutes } from './modules/matching/matching.routes.js';
import { membersRoutes } from './modules/members/members.routes.js';
import { moderationRoutes } from './modules/moderation/moderation.routes.js';
import { emailRoutes } from './modules/email/email.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { offersRoutes } from './modules/offers/offers.routes.js';
import { overflowRoutes } from './modules/overflow/overflow.routes.js';
import { questionsRoutes } from './modules/overflow/questions.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { tiesRoutes } from './modules/ties/ties.routes.js';
import { isApiRequest } from './plugins/api-paths.js';
import { authPlugin } from './plugins/auth.js';
import { clientErrorHandler, errorsPlugin, frameworkErrors } from './plugins/errors.js';
import { metricsPlugin } from './plugins/metrics.js';
import { openapiPlugin } from './plugins/openapi.js';
import { pagesPlugin } from './plugins/pages.js';
import { securityPlugin } from './plugins/security.js';
import { trustProxyOption } from './plugins/trust-proxy.js';
import { shutdownPlugin } from './plugins/shutdown.js';
import { webPlugin } from './plugins/web.js';
import { systemClock, type Clock } from './shared/clock.js';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

export interface BuildOptions {
  config: Config;
  clock?: Clock;
  mailer?: Mailer;
  /** Apply pending migrations before serving (default true). */
  migrate?: boolean;
  /** Folder of the built web app. */
  webDist?: string;
  /** Where log lines go (default stdout); tests pass a buffer to inspect what gets logged. */
  logStream?: DestinationStream;
  /** URLs per sitemap page (default 50 000, the protocol's limit); tests page with fewer. */
  sitemapPageSize?: number;
}

const BODY_LIMIT = 256 * 1024;

/** Waits for `p`, or `ms` at most (the shutdown bound in server.ts ends the process after that anyway). */
async function boundedWait(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];
/** Email links carry secrets in the query (`/reset-password?token=…`): the log keeps the name, not the value. */
const SECRET_QUERY_KEYS = new Set(['token', 'code']);
function queryKey(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}
/** Names are compared decoded, as the query parser reads them (`?%74oken=` is `token`). */
const redactUrl = (url: string): string => {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      return SECRET_QUERY_KEYS.has(queryKey(key)) ? `${key}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${query.join('&')}`;
};

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Composition root: database, mail, services, plugins and the module routes. */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Tokens, cookies and passwords are never logged.
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: {
        // Fastify's default request serializer, with secret query values removed from the URL.
        req: (req: LoggedRequest) => ({
          method: req.method,
          url: redactUrl(req.url ?? ''),
          host: req.host,
          remoteAddress: req.ip,
          remotePort: req.socket?.remotePort,
        }),
      },
      ...(options.logStream && { stream: options.logStream }),
    },
    // A hop count becomes a function (Fastify 5.12 reads a bare number as "trust nothing"): plugins/trust-proxy.ts.
    trustProxy: trustProxyOption(config.trustProxy),
    bodyLimit: BODY_LIMIT,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    // Router and HTTP-parser errors get the one error shape too, and never echo the request.
    frameworkErrors,
    clientErrorHandler,
    // While closing, plugins/shutdown.ts answers 503 SHUTTING_DOWN in the app's error shape, with Retry-After.
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();

  // Fastify hands a missing body to the validator as `null`; an optional body schema expects `undefined`.
  app.setValidatorCompiler<ZodType>((route) => {
    const validate = validatorCompiler(route);
    return route.httpPart === 'body' ? (data: unknown) => validate(data ?? undefined) : validate;
  });
  app.setSerializerCompiler(serializerCompiler);
  // The API speaks JSON only: a text/plain body (which a cross-site form can send) gets 415, not a parse.
  app.removeContentTypeParser('text/plain');

  // First, so a request arriving while the app closes is answered before any hook touches the database.
  await app.register(shutdownPlugin);

  const database = openDatabase(
    { ...config, applicationName: SERVER_APPLICATION_NAME },
    {
      onConnectionError: (error) =>
        app.log.warn(
          { err: { message: error.message } },
          'database connection lost (the pool opens a new one)',
        ),
    },
  );
  if (options.migrate !== false) {
    if (config.migrateOnStart) await migrateToLatest(database.db);
    // MIGRATE_ON_START=off (behind pgbouncer, where the migrator's session lock is unsafe): this code must not
    // serve a schema it does not know, so a pending migration stops the start with what to do.
    else if (!(await migrationsApplied(database.db))) {
      await database.destroy();
      throw new Error(
        'Migrations are pending and MIGRATE_ON_START=off: run `npm run cli -- migrate` with a direct DATABASE_URL (not through pgbouncer), then start again.',
      );
    }
  }
  const clock = options.clock ?? systemClock;
  const mailer =
    options.mailer ??
    createMailer({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir, from: config.mailFrom });
  const log = app.log as unknown as Logger;
  const outbox = createOutbox(database.db, mailer, clock, log);
  const ctx: AppContext = { db: database.db, clock, config, outbox, log };
  app.decorate('ctx', ctx);

  // Runs after Fastify has stopped accepting connections and the open ones have ended (Fastify's own onClose
  // hook is added last, at ready, so it runs first), and after server.ts has stopped the jobs: the requests
  // in flight (also `inject()` ones) finish before the outbox stops and the database closes (ADR 0028).
  app.addHook('onClose', async () => {
    await boundedWait(app.lifecycle.idle(), config.shutdownTimeoutMs);
    await answeredWorkIdle(ctx);
    await outbox.stop();
    mailer.close();
    await database.destroy();
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('X-Request-Id', String(req.id));
    if (isApiRequest(req)) reply.header('Cache-Control', 'no-store');
  });

  await app.register(errorsPlugin);
  await app.register(cookie);
  await app.register(securityPlugin, { config });
  await app.register(openapiPlugin);
  await app.register(authPlugin, { ctx });
  await app.register(metricsPlugin, { token: config.metricsToken });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      if (!(await migrationsApplied(ctx.db))) {
        return reply.code(503).send({ status: 'unavailable', reason: 'migrations pending' });
      }
      return { status: 'ready', database: database.dialect };
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  await app.register(
    async (api) => {
      await api.register(authRoutes);
      await api.register(securityRoutes);
      await api.register(auditRoutes);
      await api.register(membersRoutes);
      await api.register(adminRoutes);
      await api.register(overflowRoutes);
      await api.register(offersRoutes);
      await api.register(questionsRoutes);
      await api.register(engagementsRoutes);
      await api.register(engagementMessagesRoutes);
      await api.register(tiesRoutes);
      await api.register(notificationsRoutes);
      await api.register(emailRoutes);
      await api.register(matchingRoutes);
      await api.register(searchRoutes);
      await api.register(insightsRoutes);
      await api.register(homeRoutes);
      await api.register(exportRoutes);
      await api.register(deletionRoutes);
      await api.register(moderationRoutes);
    },
    { prefix: '/api/v1' },
  );

  await app.register(pagesPlugin, {
    ctx,
    ...(options.sitemapPageSize !== undefined && { sitemapPageSize: options.sitemapPageSize }),
  });
  await app.register(webPlugin, {
    distDir: options.webDist ?? config.webDist ?? fileURLToPath(new URL('../../dist/web', import.meta.url)),
  });

  return app;
}
