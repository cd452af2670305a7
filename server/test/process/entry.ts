/**
 * A real Slipstream server process for the suites that kill, stop and restart one (crash, shutdown,
 * scale-out): the same `startServer` and signal handling as `server/src/main.ts`. With SERVER_WAIT_GO=1 it
 * loads its modules, prints LOADED and waits for a line on stdin before opening the database and listening,
 * so a spare can be loaded while the previous process still holds the port. Prints `LISTENING <port>` once it
 * serves.
 */
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config/env.js';
import { closeOnSignals, startServer } from '../../src/server.js';

if (process.env.SERVER_WAIT_GO === '1') {
  console.log('LOADED');
  await new Promise<void>((resolve) => {
    process.stdin.once('data', () => resolve());
    process.stdin.once('end', () => process.exit(0));
  });
}
/**
 * With SERVER_TEST_ROUTES=1, `GET /test/slow?ms=` waits that long (at most 60 s), then reads the database and
 * answers 200: a request that is surely in flight when the test sends SIGTERM (the shutdown suites).
 */
const extend = (app: FastifyInstance) => {
  if (process.env.SERVER_TEST_ROUTES !== '1') return;
  app.get('/test/slow', { schema: { hide: true } }, async (req) => {
    const ms = Math.min(60_000, Math.max(0, Number((req.query as { ms?: string }).ms ?? 0) || 0));
    await new Promise((r) => setTimeout(r, ms));
    const row = await app.ctx.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return { waitedMs: ms, members: Number(row.n) };
  });
};
const server = await startServer(loadConfig(), { extend });
closeOnSignals(server);
console.log(`LISTENING ${server.port}`);
