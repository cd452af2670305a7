// A fresh app per test file: its own database (SQLite file or PostgreSQL database, from TEST_DIALECT),
// a ManualClock, a mailer that records what it sends, and rate limits off unless asked.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import type { Mailer, SendableEmail } from '../../src/email/mailer.js';
import { answeredWorkIdle } from '../../src/modules/auth/background.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createTestDatabaseUrl, type TestDatabase } from '../setup/database.js';
import { TestClient, type ClientOptions } from './client.js';

/** Records every email instead of sending it. */
export class CapturingMailer implements Mailer {
  readonly sent: SendableEmail[] = [];

  async send(email: SendableEmail): Promise<{ messageId: string }> {
    this.sent.push(email);
    return { messageId: email.messageId };
  }

  close(): void {}

  to(address: string): SendableEmail[] {
    const want = address.toLowerCase();
    return this.sent.filter((e) => e.to.toLowerCase() === want);
  }
}

/** Collects the app's log lines (pino writes one JSON object per line). */
export class LogCapture extends Writable {
  private chunks: string[] = [];

  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk.toString());
    done();
  }

  get text(): string {
    return this.chunks.join('');
  }

  get lines(): Record<string, unknown>[] {
    return this.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export interface TestAppOptions {
  /** Turn on the in-memory request rate limits (off by default so suites are not throttled). */
  rateLimit?: boolean;
  /** Apply migrations when building (default true). False also starts from an empty database. */
  migrate?: boolean;
  /** Extra environment values for loadConfig (e.g. PUBLIC_URL, LOG_LEVEL). */
  env?: Record<string, string>;
  clock?: ManualClock;
  /** Capture log output here (set LOG_LEVEL in `env` to something other than silent). */
  logStream?: LogCapture;
  /** Send through this mailer instead of recording (e.g. createMailer({ smtpUrl }) to a test SMTP server). */
  mailer?: Mailer;
  /** Serve this built web app (default: a folder that does not exist). */
  webDist?: string;
  /** Hook to add routes etc. after buildApp and before the app is ready. */
  beforeReady?: (app: FastifyInstance) => void | Promise<void>;
}

export interface TestApp {
  app: FastifyInstance;
  clock: ManualClock;
  mailer: CapturingMailer;
  config: Config;
  database: TestDatabase;
  /** A new anonymous client (or bearer, with `{ bearer }`). */
  client(options?: ClientOptions): TestClient;
  /** Waits for work done after an answer (a reset request), then sends every queued email. */
  sendQueuedMail(): Promise<void>;
  /** Sends queued mail, then returns the last email sent to the address. Throws when there is none. */
  lastEmailTo(address: string): Promise<SendableEmail>;
  /** The `token` query parameter of the link in the last email to the address. */
  linkTokenFromLastEmail(address: string): Promise<string>;
  close(): Promise<void>;
}

export function testConfig(databaseUrl: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATA_DIR: join(tmpdir(), 'slipstream-test-data'),
    LOG_LEVEL: 'silent',
    DEMO: 'off',
    RATE_LIMIT: 'false',
    ...env,
  });
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabaseUrl({ empty: options.migrate === false });
  if (!database.url) throw new Error('createTestDatabaseUrl gave no URL');
  const config = testConfig(database.url, {
    ...(options.rateLimit && { RATE_LIMIT: 'true' }),
    ...options.env,
  });
  const clock = options.clock ?? new ManualClock();
  const mailer = new CapturingMailer();
  let app: FastifyInstance;
  try {
    app = await buildApp({
      config,
      clock,
      mailer: options.mailer ?? mailer,
      migrate: options.migrate ?? true,
      // A folder that does not exist: the suites never depend on a built web app.
      webDist: options.webDist ?? join(tmpdir(), 'slipstream-test-no-web'),
      ...(options.logStream && { logStream: options.logStream }),
    });
    await options.beforeReady?.(app);
    await app.ready();
  } catch (error) {
    await database.drop();
    throw error;
  }

  async function lastEmailTo(address: string): Promise<SendableEmail> {
    await answeredWorkIdle(app.ctx);
    await app.ctx.outbox.drain();
    const last = mailer.to(address).at(-1);
    if (!last) throw new Error(`no email was sent to ${address}`);
    return last;
  }

  return {
    app,
    clock,
    mailer,
    config,
    database,
    client: (clientOptions) => new TestClient(app, clientOptions),
    lastEmailTo,
    async sendQueuedMail() {
      await answeredWorkIdle(app.ctx);
      await app.ctx.outbox.drain();
    },
    async linkTokenFromLastEmail(address) {
      const email = await lastEmailTo(address);
      const url = /https?:\/\/\S+\?token=[^\s"<]+/.exec(email.text)?.[0];
      const token = url ? new URL(url).searchParams.get('token') : null;
      if (!token) throw new Error(`no link with a token in the last email to ${address}`);
      return token;
    },
    async close() {
      await answeredWorkIdle(app.ctx);
      await app.ctx.outbox.idle();
      await app.close();
      await database.drop();
    },
  };
}
