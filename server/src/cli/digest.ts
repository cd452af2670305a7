import type { AppContext } from '../context.js';
import { AppError } from '../shared/errors.js';
import { previewDigest, runScheduledDigest, type DigestJobResult } from '../modules/digest/digest.service.js';

/** `digest --preview @handle`: the text of the digest the member would get now (nothing claimed or sent). */
export async function digestPreview(ctx: AppContext, handle: string): Promise<string> {
  try {
    return await previewDigest(ctx, handle);
  } catch (error) {
    // An unknown handle is the operator's typo: say so, without a stack.
    if (error instanceof AppError) throw Object.assign(new Error(error.message), { name: 'CliError' });
    throw error;
  }
}

/** `digest --run-now`: the job once, with a progress bar on a terminal (a line per tenth otherwise). */
export async function digestRunNow(
  ctx: AppContext,
  opts: { tty: boolean },
): Promise<{ result: DigestJobResult; seconds: number }> {
  const t0 = performance.now();
  let onProgress: (done: number, total: number) => void;
  let stop = () => {};
  if (opts.tty) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar(
      { format: 'digests [{bar}] {percentage}% {value}/{total} | {duration_formatted}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    onProgress = (done, total) => {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    };
    stop = () => {
      if (started) bar.stop();
    };
  } else {
    let lastTenth = -1;
    onProgress = (done, total) => {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      console.log(`digest: ${done}/${total} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    };
  }
  try {
    const result = await runScheduledDigest(ctx, { onProgress });
    return { result, seconds: (performance.now() - t0) / 1000 };
  } finally {
    stop();
  }
}

export function describeRun(r: DigestJobResult, seconds: number): string {
  return [
    `Digests: ${r.sent} sent, ${r.empty} skipped as empty, ${r.off} off, ${r.failed} failed, ` +
      `${r.claimedElsewhere} claimed elsewhere; ${r.placed} members placed (${seconds.toFixed(1)} s).`,
    `DIGEST_RESULT ${JSON.stringify({ ...r, seconds })}`,
  ].join('\n');
}
