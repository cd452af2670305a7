import { hash } from '@node-rs/argon2';
import type { AppContext } from '../context.js';
import { seedScale, type ScaleSeedResult } from '../db/seed-scale.js';
import { rebuildSearchIndex } from '../db/search-index.js';
import { PASSWORD_HASH_PARAMS } from '../modules/auth/password.js';
import {
  recomputeCompletionRecords,
  recomputeOwnerRecords,
} from '../modules/engagements/engagements.repository.js';
import { recomputeLedgerFigures } from '../modules/ledger/ledger.repository.js';
import { recomputeMerit } from '../modules/merit/merit.service.js';

/** Every scale-seeded member signs in with this password (handle-N@scale.example). Test data only. */
export const SCALE_PASSWORD = 'scale-seed-password';

export interface ScaleCommandOptions {
  scale: number;
  seed: number;
  anchorDay: string;
  force: boolean;
  /** A progress bar on a terminal, plain lines otherwise. */
  progress: 'bar' | 'lines' | 'none';
}

/**
 * What has to happen once after a bulk load, because the loader writes rows without the services: the
 * search index is built once over every posting (rows arrive without a search key), and merit is computed
 * from the completed engagements. The stored ledger figures and completion records (0010) are recomputed
 * from the rows, one grouped pass each.
 */

/**
 * Columns of the seeded tables that afterBulkLoad fills: the members' search key (0009, numbered when the
 * member index is built) and the stored figures of 0010. Listed here rather than beside SEED_COLUMNS so the
 * generator's source, which keys the benchmark's cached database, stays as it was.
 */
export const RECOMPUTED_COLUMNS: Record<string, readonly string[]> = {
  members: [
    'search_seq',
    'ledger_given',
    'ledger_received',
    'completed_as_helper',
    'abandoned_by_helper',
    'abandoned_by_owner',
    'given_out',
    'completed_as_owner',
    'ratings_given_sum',
    'ratings_given_count',
    'endorsements_written',
  ],
  ties: ['weight_a_to_b', 'weight_b_to_a', 'completed_together'],
};

export async function afterBulkLoad(ctx: AppContext): Promise<{ search: string; merit: string }> {
  const t0 = performance.now();
  await rebuildSearchIndex(ctx.db);
  await recomputeLedgerFigures(ctx.db);
  await recomputeCompletionRecords(ctx.db);
  await recomputeOwnerRecords(ctx.db);
  const search = `search index built in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const run = await recomputeMerit(ctx);
  const merit = `merit of ${run.members} members over ${run.edges} engagements in ${run.seconds.toFixed(2)} s`;
  return { search, merit };
}

async function progressReporter(mode: ScaleCommandOptions['progress']) {
  if (mode === 'none') return { update: () => {}, stop: () => {} };
  if (mode === 'lines') {
    let lastPhase = '';
    let lastTenth = -1;
    const t0 = performance.now();
    return {
      update: (phase: string, done: number, total: number) => {
        const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
        if (phase === lastPhase && tenth === lastTenth) return;
        lastPhase = phase;
        lastTenth = tenth;
        console.log(`seed: ${phase} ${done}/${total} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      },
      stop: () => {},
    };
  }
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { format: '{phase} [{bar}] {percentage}% {value}/{total} | {duration_formatted}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let phase = '';
  return {
    update: (p: string, done: number, total: number) => {
      if (p !== phase) {
        if (phase) bar.stop();
        phase = p;
        bar.start(total, done, { phase: p.padEnd(8) });
      } else bar.update(done);
    },
    stop: () => bar.stop(),
  };
}

/** `seed --scale N`: the bulk load, then afterBulkLoad. */
export async function runScaleSeed(
  ctx: AppContext,
  opts: ScaleCommandOptions,
): Promise<ScaleSeedResult & { after: { search: string; merit: string }; afterSeconds: number }> {
  // One fixed salt so the same seed gives the same rows, password hash included. Never do this for real accounts.
  const passwordHash = await hash(SCALE_PASSWORD, {
    ...PASSWORD_HASH_PARAMS,
    salt: Buffer.from('slipstream-scale-seed'),
  });
  const progress = await progressReporter(opts.progress);
  let result: ScaleSeedResult;
  try {
    result = await seedScale(ctx.config.database, {
      scale: opts.scale,
      seed: opts.seed,
      anchorDay: opts.anchorDay,
      force: opts.force,
      passwordHash,
      onProgress: progress.update,
    });
  } finally {
    progress.stop();
  }
  const t0 = performance.now();
  const after = await afterBulkLoad(ctx);
  return { ...result, after, afterSeconds: (performance.now() - t0) / 1000 };
}
