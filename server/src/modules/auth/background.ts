import type { AppContext } from '../../context.js';

/**
 * Work that runs after the answer is sent, so that the answer's timing cannot depend on it (a password reset
 * request looks up the address only once it has answered). Tracked per app, so closing the app — or a test —
 * can wait for it.
 */
const pending = new WeakMap<AppContext, Set<Promise<void>>>();

export function runAfterAnswer(ctx: AppContext, what: string, work: () => Promise<void>): void {
  const tasks = pending.get(ctx) ?? new Set<Promise<void>>();
  pending.set(ctx, tasks);
  const task = new Promise<void>((resolve) => setImmediate(resolve))
    .then(work)
    .catch((error: unknown) => ctx.log.error({ err: error }, `${what} failed`))
    .finally(() => tasks.delete(task));
  tasks.add(task);
}

/** Resolves once every piece of work started by `runAfterAnswer` has finished. */
export async function answeredWorkIdle(ctx: AppContext): Promise<void> {
  const tasks = pending.get(ctx);
  while (tasks && tasks.size > 0) await Promise.all([...tasks]);
}
