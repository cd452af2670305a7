/**
 * The digest job's worker thread (started by `runScheduledDigest`, digest.service.ts): opens its own
 * connection to the app's database (SQLite: a second better-sqlite3 connection to the same WAL file;
 * PostgreSQL: a pool of one), runs `runDigestJob` there, posts progress and the result back, closes. On Linux
 * it lowers its own thread's priority first, so on a busy machine the requests of the app's event loop get
 * the cores and the digests take what is left (docs/decisions/0020-email-people-welcome.md).
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import type { AppContext } from '../../context.js';
import { openDatabase } from '../../db/database.js';
import type { Outbox } from '../../email/outbox.js';
import { runDigestJob, type DigestWorkerData, type DigestWorkerMessage } from './digest.service.js';

const data = workerData as DigestWorkerData;
const post = (m: DigestWorkerMessage) => parentPort!.postMessage(m);
try {
  setPriority(19); // Linux: this thread only (the nice value is per thread there)
} catch {
  // Not allowed here: the digest runs at the app's priority.
}
const database = openDatabase({ ...data.config, poolSize: 1 });
// Rows only: the app's own outbox sends them (the parent kicks it as digests are queued).
const rowsOnly: Outbox = { drain: async () => 0, kick() {}, idle: async () => {}, stop: async () => {} };
// The parent's clock at the start, moving on with real time: the same instants the parent would use.
const t0 = performance.now();
const startedAt = new Date(data.startedAt).getTime();
const ctx: AppContext = {
  db: database.db,
  clock: { now: () => new Date(startedAt + Math.round(performance.now() - t0)) },
  config: data.config,
  outbox: rowsOnly,
  log: pino({ level: data.config.logLevel, base: { worker: 'digest' } }),
};
try {
  const result = await runDigestJob(ctx, {
    limit: data.limit,
    batchSize: data.batchSize,
    onProgress: (done, total) => post({ progress: { done, total } }),
  });
  post({ result });
} catch (err) {
  post({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
} finally {
  await database.destroy();
}
