import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config/env.js';
import { startJobs } from './jobs/scheduler.js';
import { seedDemoIfEmpty } from './cli/seed-demo.js';

export interface RunningServer {
  app: FastifyInstance;
  /** The port it listens on (the configured one, or the one the OS chose for PORT=0). */
  port: number;
  /** Stops the jobs, closes the app (in-flight requests, the outbox, the database) and resolves. */
  close: (signal?: string) => Promise<void>;
}

/**
 * The one way a Slipstream process starts serving: build the app, seed the demo on an empty embedded
 * database, start the jobs, listen. `main.ts` calls it with the process's signals; the test suites that need
 * a real server process (crash, shutdown, scale-out) start it through `server/test/process/entry.ts`.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const app = await buildApp({ config });
  if (config.demo) {
    const seeded = await seedDemoIfEmpty(app.ctx);
    if (seeded) {
      app.log.info('Demo community created on this empty database (DEMO=off disables it).');
      console.log(seeded.banner);
    }
  }
  const jobs = startJobs(app.ctx);
  let closing: Promise<void> | undefined;
  const close = (signal?: string) => {
    closing ??= (async () => {
      app.log.info({ signal }, 'shutting down');
      jobs.stop();
      await app.close();
    })();
    return closing;
  };
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return { app, port, close };
}

/** Closes the server on SIGINT and SIGTERM, then exits. */
export function closeOnSignals(server: RunningServer): void {
  const stop = (signal: string) => {
    void server.close(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
