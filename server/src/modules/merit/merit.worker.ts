/**
 * The merit recomputation's worker thread (started by `runMeritJob`, merit.service.ts): opens its own
 * connection to the app's database (SQLite: a second better-sqlite3 connection to the same WAL file;
 * PostgreSQL: a pool of one), recomputes and writes the changed scores, posts the stats back, closes. The
 * app's event loop only waits for the message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/database.js';
import { computeAndStoreMerit, type MeritWorkerData } from './merit.service.js';

const { config, computedAt } = workerData as MeritWorkerData;
const database = openDatabase({ ...config, poolSize: 1 });
try {
  const stats = await computeAndStoreMerit(database.db, computedAt);
  parentPort!.postMessage({ stats });
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
} finally {
  await database.destroy();
}
