import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Every setting, parsed and validated once at start. A bad value stops the process with a list of
 * every problem, not the first one.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .refine(
      (v) => /^(postgres(ql)?:\/\/|sqlite:)/.test(v),
      'must start with postgres://, postgresql:// or sqlite:',
    )
    .optional(),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Slipstream <no-reply@slipstream.local>'),
  DEMO: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string => {
      if (/^\d+$/.test(v)) return Number(v);
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      return v; // a comma-separated list of proxy addresses or CIDR ranges
    }),
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  RATE_LIMIT: bool.default(true),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  WEB_DIST: z.string().min(1).optional(),
  METRICS_TOKEN: z.string().min(16, 'use at least 16 characters (e.g. `openssl rand -hex 32`)').optional(),
  // part capacity: PostgreSQL connections per process (docs/scaling.md).
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  // Part scaleout: request limits shared by every process through Redis.
  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\/[^/]/.test(v), 'must start with redis:// or rediss://')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'letters, digits and : _ . - only (at most 64)')
    .default('slipstream:'),
  // part faults: the bound on a graceful shutdown, and how long a PostgreSQL connection attempt may take.
  MIGRATE_ON_START: bool.default(true),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  // 0: no bound (node-postgres's meaning), for suites whose fake timers would fire it.
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(5_000),
});

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Base URL used in emails; defaults to http://localhost:PORT. */
  publicUrl: string;
  /** Whether cookies get `Secure` and the CSP upgrades insecure requests. */
  https: boolean;
  dataDir: string;
  database: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };
  smtpUrl: string | undefined;
  outboxDir: string;
  mailFrom: string;
  /** Seed demo data on an empty embedded database. Never on PostgreSQL unless asked by the CLI. */
  demo: boolean;
  logLevel: string;
  /** Fastify's trustProxy: false, true, a hop count, or proxy addresses. A hop count or addresses are safer than true. */
  trustProxy: boolean | number | string;
  sqliteSynchronous: 'NORMAL' | 'FULL';
  rateLimit: boolean;
  sessionDays: number;
  /** Folder of the built web app (default dist/web). */
  webDist: string | undefined;
  /** Bearer token for /metrics; without it /metrics is not served (404). */
  metricsToken: string | undefined;
  /** PostgreSQL connections this process keeps at most (pg.Pool `max`); unused on SQLite. See docs/scaling.md. */
  databasePoolSize: number;
  /** Redis for request limits shared by every process (per process, in memory, without it). */
  redisUrl: string | undefined;
  /** Prefix of every Redis key this instance writes (several instances or test runs may share one Redis). */
  redisPrefix: string;
  /** Bound on a graceful shutdown (SIGTERM/SIGINT): after it, connections are force-closed and it exits 1. */
  /** Apply pending migrations at start (off behind pgbouncer: migrate with a direct URL, then start). */
  migrateOnStart: boolean;
  shutdownTimeoutMs: number;
  /** PostgreSQL: how long opening a connection may take before the request fails with 503. */
  databaseConnectTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset": `PORT= npm start` should not be a validation error.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const url = e.DATABASE_URL;
  const database: Config['database'] =
    url && url.startsWith('postgres')
      ? { dialect: 'postgres', url }
      : {
          dialect: 'sqlite',
          file: url ? url.replace(/^sqlite:(\/\/)?/, '') : resolve(dataDir, 'slipstream.db'),
        };
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    https: publicUrl.startsWith('https://'),
    dataDir,
    database,
    smtpUrl: e.SMTP_URL,
    outboxDir: resolve(dataDir, 'outbox'),
    mailFrom: e.MAIL_FROM,
    demo: e.DEMO === 'on' && database.dialect === 'sqlite',
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    rateLimit: e.RATE_LIMIT,
    sessionDays: e.SESSION_DAYS,
    webDist: e.WEB_DIST ? resolve(e.WEB_DIST) : undefined,
    metricsToken: e.METRICS_TOKEN,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    migrateOnStart: e.MIGRATE_ON_START,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    databaseConnectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
  };
}
