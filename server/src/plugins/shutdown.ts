import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../shared/errors.js';

/**
 * Graceful shutdown, the request side (ADR 0028). Fastify's `close()` marks the instance closing, runs the
 * `preClose` hooks, stops accepting connections (`server.close()`, which also closes the idle kept-alive
 * ones) and waits for the open connections before it runs the `onClose` hooks. On top of that:
 * - from `preClose` on, a request that still arrives (on a kept-alive connection) is answered 503
 *   SHUTTING_DOWN with `Retry-After` and `Connection: close` in the app's error shape (Fastify's own
 *   `return503OnClosing` answer has neither, so it is turned off in app.ts), before any hook touches the
 *   database; `/readyz` answers 503 `shutting down`, so a load balancer stops sending;
 * - every answer sent while closing carries `Connection: close`, so a kept-alive connection whose request
 *   was in flight does not hold `server.close()` until the keep-alive timeout;
 * - the requests in flight are counted, and `idle()` waits for them: `app.inject()` requests (the suites)
 *   are not connections, so `server.close()` does not wait for them, and app.ts's `onClose` must not close
 *   the database under them (what answered 500 "driver has already been destroyed").
 */
export interface Lifecycle {
  /** True from the first `preClose` hook on. */
  readonly closing: boolean;
  /** Requests that have started and not yet finished (answered or aborted). */
  readonly inFlight: number;
  /** Resolves once no request is in flight. */
  idle: () => Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: Lifecycle;
  }
}

/** Seconds a client (or a load balancer) should wait before trying again: another process takes it. */
export const SHUTDOWN_RETRY_AFTER_SECONDS = 1;

const READY_PATH = '/readyz';

export const shutdownPlugin = fp(async (app: FastifyInstance) => {
  let closing = false;
  let inFlight = 0;
  const waiters: (() => void)[] = [];
  const done = () => {
    inFlight--;
    if (inFlight === 0) for (const w of waiters.splice(0)) w();
  };
  const lifecycle: Lifecycle = {
    get closing() {
      return closing;
    },
    get inFlight() {
      return inFlight;
    },
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
  };
  app.decorate('lifecycle', lifecycle);

  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (req, reply) => {
    const counted = req as { shutdownCounted?: boolean };
    counted.shutdownCounted = true;
    inFlight++;
    if (!closing) return;
    reply.header('Connection', 'close');
    if (req.url === READY_PATH || req.url.startsWith(`${READY_PATH}?`)) {
      return reply.code(503).send({ status: 'unavailable', reason: 'shutting down' });
    }
    throw new AppError(
      503,
      'SHUTTING_DOWN',
      'This server is restarting. Try again in a moment.',
      undefined,
      SHUTDOWN_RETRY_AFTER_SECONDS,
    );
  });
  app.addHook('onSend', async (_req, reply) => {
    if (closing) reply.header('Connection', 'close');
  });
  const finish = async (req: object) => {
    const counted = req as { shutdownCounted?: boolean };
    if (counted.shutdownCounted) {
      counted.shutdownCounted = false;
      done();
    }
  };
  app.addHook('onResponse', finish);
  app.addHook('onRequestAbort', finish);
});
