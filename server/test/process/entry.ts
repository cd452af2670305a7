/**
 * A real Slipstream server process for the suites that kill, stop and restart one (crash, shutdown,
 * scale-out): the same `startServer` and signal handling as `server/src/main.ts`. With SERVER_WAIT_GO=1 it
 * loads its modules, prints LOADED and waits for a line on stdin before opening the database and listening,
 * so a spare can be loaded while the previous process still holds the port. Prints `LISTENING <port>` once it
 * serves.
 */
import { loadConfig } from '../../src/config/env.js';
import { closeOnSignals, startServer } from '../../src/server.js';

if (process.env.SERVER_WAIT_GO === '1') {
  console.log('LOADED');
  await new Promise<void>((resolve) => {
    process.stdin.once('data', () => resolve());
    process.stdin.once('end', () => process.exit(0));
  });
}
const server = await startServer(loadConfig());
closeOnSignals(server);
console.log(`LISTENING ${server.port}`);
