import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

// tsx's ESM API (its `require` entry resolves to index.cjs beside index.mjs).
const TSX_API = (() => {
  try {
    const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
    return pathToFileURL(cjs.replace(/index\.cjs$/, 'index.mjs')).href;
  } catch {
    return null;
  }
})();

/**
 * Starts a worker thread on `name` (a module beside `from`, without its extension). From TypeScript sources
 * (how the app runs: `node --import tsx`, and under Vitest) the worker first registers tsx, since a worker
 * does not inherit the loader hooks of the thread that starts it.
 */
export function startWorker(from: string, name: string, workerData: unknown): Worker {
  const ts = from.endsWith('.ts');
  const entry = new URL(`./${name}${ts ? '.ts' : '.js'}`, from);
  const worker = ts
    ? new Worker(
        `import(${JSON.stringify(TSX_API ?? 'tsx/esm/api')})` +
          `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`,
        { eval: true, workerData },
      )
    : new Worker(entry, { workerData });
  live.add(worker);
  worker.once('exit', () => live.delete(worker));
  return worker;
}

/** Every worker thread started here that has not exited yet (the digest, merit). */
const live = new Set<Worker>();

/**
 * On shutdown, once the jobs had their time (server.ts): ends every worker thread still running. Their work
 * is claimed in the database (a digest per (member, local date), merit by job_claims), so a terminated run
 * is taken up again by the next one, as after a crash. Resolves once they have exited.
 */
export async function terminateWorkers(): Promise<number> {
  const running = [...live];
  await Promise.all(running.map((w) => w.terminate()));
  return running.length;
}
