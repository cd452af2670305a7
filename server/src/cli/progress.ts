/**
 * Progress for the long operator commands (backup, copy-to): a cli-progress bar on a terminal, otherwise a
 * plain line at every tenth (logs and CI keep no carriage returns).
 */
export interface Progress {
  update: (phase: string, done: number, total: number) => void;
  stop: () => void;
}

export async function createProgress(
  name: string,
  mode: 'bar' | 'lines' | 'none' = process.stdout.isTTY ? 'bar' : 'lines',
): Promise<Progress> {
  if (mode === 'none') return { update: () => {}, stop: () => {} };
  if (mode === 'lines') {
    let last = '';
    const t0 = performance.now();
    return {
      update: (phase, done, total) => {
        const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
        const key = `${phase}:${tenth}`;
        if (key === last) return;
        last = key;
        console.log(`${name}: ${phase} ${done}/${total} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      },
      stop: () => {},
    };
  }
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      format: `${name} {phase} [{bar}] {percentage}% {value}/{total} | {duration_formatted}`,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (phase, done, total) => {
      if (!started) {
        started = true;
        bar.start(total, done, { phase });
      } else {
        bar.setTotal(total);
        bar.update(done, { phase });
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
