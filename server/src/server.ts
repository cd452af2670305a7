import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config/env.js';
import { startJobs } from './jobs/scheduler.js';
import { seedDemoIfEmpty } from './cli/seed-demo.js';
import { terminateWorkers } from './shared/worker.js';

export interface RunningServer {
  app: FastifyInstance;
  /** The port it listens on (the configured one, or the one the OS chose for PORT=0). */
  port: number;
  /**
   * Graceful shutdown (ADR 0028): stops taking connections and answers new requests 503 SHUTTING_DOWN, lets
   * the requests in flight finish, then stops the jobs (a worker thread still running after JOBS_GRACE_MS
   * is terminated), the outbox, and closes the database. Rejects with ShutdownTimeoutError
   * when that takes longer than SHUTDOWN_TIMEOUT_MS: the remaining connections are then closed at once.
   */
  close: (signal?: string) => Promise<void>;
}

/**
 * How long a shutdown waits for a job run in progress (at most half of what is left of the bound) before it
 * terminates the worker threads: their work is claimed in the database and taken up again by the next run.
 */
const JOBS_GRACE_MS = 2_000;

/** How often a shutdown closes the kept-alive connections that have turned idle since it began. */
const IDLE_SWEEP_MS = 100;

export class ShutdownTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`shutdown did not finish within ${timeoutMs} ms`);
    this.name = 'ShutdownTimeoutError';
  }
}

export interface StartOptions {
  /** Called after the app is built and before it listens (the process suites add a slow test route). */
  extend?: (app: FastifyInstance) => void | Promise<void>;
}

/**
 * The one way a Slipstream process starts serving: build the app, seed the demo on an empty embedded
 * database, start the jobs, listen. `main.ts` calls it with the process's signals; the test suites that need
 * a real server process (crash, shutdown, scale-out) start it through `server/test/process/entry.ts`.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const app = await buildApp({ config });
  await options.extend?.(app);
  if (config.demo) {
    const seeded = await seedDemoIfEmpty(app.ctx);
    if (seeded) {
      app.log.info('Demo community created on this empty database (DEMO=off disables it).');
      console.log(seeded.banner);
    }
  }
  const jobs = startJobs(app.ctx);
  let deadline = 0;
  // Added before listen (so before Fastify's own onClose hook, added at ready, which runs first): runs once
  // the connections are closed, and before app.ts's hook, which closes the outbox and the database.
  app.addHook('onClose', async () => {
    jobs.stop();
    const running = jobs.running();
    if (running.length > 0) {
      const left = deadline > 0 ? deadline - Date.now() : config.shutdownTimeoutMs; // app.close() alone
      const graceMs = Math.max(0, Math.min(JOBS_GRACE_MS, left / 2));
      const idle = await settlesWithin(jobs.idle(), graceMs);
      if (!idle) {
        const ended = await terminateWorkers();
        app.log.warn({ jobs: jobs.running(), workers: ended }, 'shutdown: jobs still running, workers ended');
        await jobs.idle();
      }
    }
  });
  let closing: Promise<void> | undefined;
  const close = (signal?: string) => {
    closing ??= (async () => {
      const timeoutMs = config.shutdownTimeoutMs;
      deadline = Date.now() + timeoutMs;
      app.log.info({ signal, timeoutMs }, 'shutting down');
      const closed = app.close();
      // server.close() closes the connections idle at that moment; one whose answer was already on its way
      // without `Connection: close` turns idle later and would hold the close until the keep-alive timeout
      // (72 s) if its client (a load balancer that now sees this process down) sends nothing more.
      const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
      const finished = await settlesWithin(closed, timeoutMs);
      clearInterval(sweep);
      if (!finished) {
        app.log.error(
          { timeoutMs, inFlight: app.lifecycle.inFlight, jobs: jobs.running() },
          'shutdown did not finish within SHUTDOWN_TIMEOUT_MS: closing the remaining connections',
        );
        app.server.closeAllConnections();
        throw new ShutdownTimeoutError(timeoutMs);
      }
      await closed; // a failed close rejects here
      app.log.info({ signal, ms: Date.now() - (deadline - timeoutMs) }, 'shut down');
    })();
    return closing;
  };
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return { app, port, close };
}

/** True when `p` settled within `ms` (a rejection counts as settled: it is observed by the caller). */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = p.then(
    () => true,
    () => true,
  );
  const result = await Promise.race([settled, new Promise<false>((r) => (timer = setTimeout(r, ms, false)))]);
  clearTimeout(timer);
  return result;
}

/**
 * Closes the server on SIGINT and SIGTERM, then exits: 0 after a clean shutdown, 1 when it failed or did not
 * finish within SHUTDOWN_TIMEOUT_MS (logged). A second signal while closing changes nothing.
 */
export function closeOnSignals(server: RunningServer): void {
  const stop = (signal: string) => {
    void server.close(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        if (!(error instanceof ShutdownTimeoutError)) {
          server.app.log.error({ err: error }, 'shutdown failed');
        }
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
