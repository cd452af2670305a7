import type { Actor, AppContext } from '../../context.js';
import { addMs, iso, MINUTE } from '../../shared/clock.js';
import { notFound } from '../../shared/errors.js';
import { grantAllows, overflowGrants } from '../../shared/visibility.js';
import { startWorker } from '../../shared/worker.js';
import { computeMerit, DEFAULT_PARAMETERS, engagementWeight, type Ranking } from './eigentrust.js';
import * as repo from './merit.repository.js';

/** What one recomputation did: wall time end to end (database → stored scores) and the graph's size. */
export interface MeritRunStats {
  seconds: number;
  /** The three parts of `seconds`: reading the edges, the walk and ranking, comparing and writing the scores. */
  readSeconds: number;
  computeSeconds: number;
  writeSeconds: number;
  members: number;
  edges: number;
  skills: number;
  iterations: number;
  /** Rows stored after the run; of them, how many were written (changed or new); rows deleted; rows before. */
  rows: number;
  written: number;
  deleted: number;
  storedBefore: number;
  finishedAt: string;
}

let lastRun: MeritRunStats | null = null;

/** The last recomputation in this process (for /metrics), or null before the first. */
export function lastMeritRun(): MeritRunStats | null {
  return lastRun;
}

/**
 * Per skill, the rows stored: the widest band shown (top 25 %), and at least the top 100 so a small skill
 * still ranks everyone in it. Below that a member's merit in the skill is not stored (they rank after those
 * who are): at 1 M engagements this keeps ~0.5 M rows instead of ~1.8 M, the difference between a
 * recomputation of about a second and of several. Overall, every member with merit has a row.
 */
export function storedInSkill(count: number): number {
  return Math.min(count, Math.max(100, Math.ceil(count * 0.25)));
}

/** A growable Int32Array/Float64Array pair of columns, so a million edges never become objects. */
class Column<T extends Int32Array | Float64Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
}
const ints = (n = 1 << 16) => new Column(new Int32Array(n), (k) => new Int32Array(k));
const floats = (n = 1 << 16) => new Column(new Float64Array(n), (k) => new Float64Array(k));

/** A stored score whose score moved by less than this (relative) is left as it is (see `sameScore`). */
const SCORE_TOLERANCE = 1e-9;

/**
 * Whether a recomputed score may keep the stored row: rank and top fraction exactly equal, the score equal
 * within a relative 1e-9 (below the walk's own precision: it stops at an L1 change of 1e-9). Any change to the
 * graph moves every score in its reach by a few ulps, which is no reason to rewrite the row.
 */
function sameScore(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= SCORE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Recomputes every member's merit from the completed engagements and writes the scores that changed
 * (docs/merit.md), in this thread: what the worker runs (`runMeritJob`), and what tests and the bench call
 * directly. Returns what it did (also kept for /metrics).
 */
export async function recomputeMerit(ctx: AppContext): Promise<MeritRunStats> {
  lastRun = await computeAndStoreMerit(ctx.db, iso(ctx.clock.now()));
  return lastRun;
}

/**
 * The one recomputation, on a database handle (the app's, or the worker's own connection). One pass over the
 * edges, the walk in typed arrays, then one pass over the stored scores to compare, and only the rows whose
 * score, rank or top fraction changed are written (and those no longer earned deleted), in short
 * transactions. `computedAt` stamps the written rows and the run.
 */
export async function computeAndStoreMerit(db: AppContext['db'], computedAt: string): Promise<MeritRunStats> {
  const started = performance.now();
  const memberIndex = new Map<string, number>();
  const memberIds: string[] = [];
  const indexOf = (id: string) => {
    let i = memberIndex.get(id);
    if (i === undefined) {
      i = memberIds.length;
      memberIndex.set(id, i);
      memberIds.push(id);
    }
    return i;
  };
  const pretrusted = (await repo.listPretrustedIds(db)).map(indexOf);

  const skillIndex = new Map<string, number>();
  const skillNames: string[] = [];
  const skillId = (s: string) => {
    let k = skillIndex.get(s);
    if (k === undefined) {
      k = skillNames.length;
      skillIndex.set(s, k);
      skillNames.push(s);
    }
    return k;
  };
  // demonstrated_skills is a JSON array of normalised skill names: split it without JSON.parse when no
  // character needs unescaping (a cache of the distinct texts cost more than it saved: 0.37 M texts at 1 M).
  const eachSkill = (json: string, each: (k: number) => void) => {
    if (json === '[]') return;
    let names: string[] | null = null;
    if (json.startsWith('["') && json.endsWith('"]') && !json.includes('\\')) {
      names = json.slice(2, -2).split('","');
      // Without a backslash, a quote inside a part means the text was not written by JSON.stringify.
      if (names.some((n) => n.includes('"'))) names = null;
    }
    names ??= JSON.parse(json) as string[];
    for (let i = 0; i < names.length; i++) {
      const k = skillId(names[i]!);
      let seen = false;
      for (let j = 0; j < i; j++) if (names[j] === names[i]) seen = true;
      if (!seen) each(k);
    }
  };

  const owners = ints();
  const helpers = ints();
  const weights = floats();
  const edgeSkillStart = ints();
  const edgeSkills = ints();
  edgeSkillStart.push(0);
  const pushSkill = (k: number) => edgeSkills.push(k);
  await repo.eachMeritEdge(db, (r) => {
    if (Number(r[0]) !== 1) return;
    owners.push(indexOf(r[1]));
    helpers.push(indexOf(r[2]));
    weights.push(engagementWeight(r[3], r[6], r[4] === 1));
    eachSkill(r[5], pushSkill);
    edgeSkillStart.push(edgeSkills.length);
  });

  const read = performance.now();
  const n = memberIds.length;
  const result = computeMerit(
    {
      n,
      owners: owners.data,
      helpers: helpers.data,
      weights: weights.data,
      m: owners.length,
      edgeSkillStart: edgeSkillStart.data,
      edgeSkills: edgeSkills.data,
      skillCount: skillNames.length,
      pretrusted,
    },
    DEFAULT_PARAMETERS,
    storedInSkill,
  );

  // The rows to store, in typed arrays: slot 0 is overall, slot s+1 skill s.
  const rankings: Ranking[] = [result.overall, ...result.bySkill];
  let total = 0;
  const storedOf = (slot: number) => (slot === 0 ? rankings[0]!.count : storedInSkill(rankings[slot]!.count));
  for (let slot = 0; slot < rankings.length; slot++) total += storedOf(slot);
  const rowMember = new Int32Array(total);
  const rowSlot = new Int32Array(total);
  const rowScore = new Float64Array(total);
  const rowRank = new Int32Array(total);
  const rowFraction = new Float64Array(total);
  // Open addressing on (member, slot) → row, so a stored score finds its new row without a string key.
  let capacity = 1;
  while (capacity < total * 2) capacity <<= 1;
  const mask = capacity - 1;
  const table = new Int32Array(capacity).fill(-1);
  const hash = (member: number, slot: number) =>
    ((Math.imul(member, 0x9e3779b1) ^ Math.imul(slot + 1, 0x85ebca6b)) >>> 0) & mask;
  let at = 0;
  for (let slot = 0; slot < rankings.length; slot++) {
    const r = rankings[slot]!;
    const stored = storedOf(slot);
    for (let k = 0; k < stored; k++, at++) {
      const member = r.members[k]!;
      rowMember[at] = member;
      rowSlot[at] = slot;
      rowScore[at] = r.scores[k]!;
      rowRank[at] = r.ranks[k]!;
      rowFraction[at] = r.ranks[k]! / r.count;
      let h = hash(member, slot);
      while (table[h] !== -1) h = (h + 1) & mask;
      table[h] = at;
    }
  }
  const find = (member: number, slot: number) => {
    for (let h = hash(member, slot); ; h = (h + 1) & mask) {
      const row = table[h]!;
      if (row === -1 || (rowMember[row] === member && rowSlot[row] === slot)) return row;
    }
  };

  const computed = performance.now();
  // Compare with what is stored: unchanged rows are left alone, vanished ones deleted.
  const seen = new Uint8Array(total);
  const changed = ints(1 << 12);
  const deleted: [string, string][] = [];
  let storedBefore = 0;
  await repo.eachStoredScore(db, ([memberId, skill, score, rnk, fraction]) => {
    storedBefore++;
    const member = memberIndex.get(memberId);
    const slot = skill === '' ? 0 : (skillIndex.get(skill) ?? -2) + 1;
    const row = member === undefined || slot < 0 ? -1 : find(member, slot);
    if (row === -1) {
      deleted.push([memberId, skill]);
      return;
    }
    seen[row] = 1;
    if (rowRank[row] !== rnk || rowFraction[row] !== fraction || !sameScore(rowScore[row]!, score))
      changed.push(row);
  });
  for (let row = 0; row < total; row++) if (seen[row] === 0) changed.push(row);
  await repo.writeMeritChanges(
    db,
    {
      count: changed.length,
      row: (i, out) => {
        const row = changed.data[i]!;
        const slot = rowSlot[row]!;
        out[0] = memberIds[rowMember[row]!];
        out[1] = slot === 0 ? '' : skillNames[slot - 1];
        out[2] = rowScore[row];
        out[3] = rowRank[row];
        out[4] = rowFraction[row];
        out[5] = computedAt;
      },
    },
    {
      count: deleted.length,
      row: (i, out) => {
        out[0] = deleted[i]![0];
        out[1] = deleted[i]![1];
      },
    },
  );
  await repo.stampMeritComputed(db, computedAt);

  const end = performance.now();
  return {
    seconds: (end - started) / 1000,
    readSeconds: (read - started) / 1000,
    computeSeconds: (computed - read) / 1000,
    writeSeconds: (end - computed) / 1000,
    members: n,
    edges: owners.length,
    skills: skillNames.length,
    iterations: result.iterations,
    rows: total,
    written: changed.length,
    deleted: deleted.length,
    storedBefore,
    finishedAt: new Date().toISOString(),
  };
}

export const MERIT_JOB = 'merit';
/** A run that takes longer than this is presumed dead and may be claimed again. */
const CLAIM_MS = 10 * MINUTE;

/**
 * Where the recomputation runs: `worker` (a worker thread with its own database connection, so the app's
 * event loop never waits for it) or `inline` (this thread: an in-memory SQLite database, which a second
 * connection cannot see).
 */
export type MeritMode = 'worker' | 'inline';

/**
 * The scheduled recomputation: claims the `merit` job row (a conditional UPDATE, so one process of many
 * runs it), recomputes in a worker thread (`merit.worker.ts`, its own connection to the same database),
 * records the finish. This thread only starts the worker and keeps the stats it sends back. Null when
 * another process holds the claim.
 */
export async function runMeritJob(ctx: AppContext, mode?: MeritMode): Promise<MeritRunStats | null> {
  const now = ctx.clock.now();
  if (!(await repo.claimJob(ctx.db, MERIT_JOB, iso(now), iso(addMs(now, CLAIM_MS))))) return null;
  try {
    const db = ctx.config.database;
    const inline =
      (mode ?? (db.dialect === 'sqlite' && db.file === ':memory:' ? 'inline' : 'worker')) === 'inline';
    const stats = inline
      ? await recomputeMerit(ctx)
      : await recomputeInWorker(
          { database: db, sqliteSynchronous: ctx.config.sqliteSynchronous },
          iso(ctx.clock.now()),
        );
    lastRun = stats;
    ctx.log.info({ job: MERIT_JOB, ...stats }, 'merit recomputed');
    return stats;
  } finally {
    await repo.finishJob(ctx.db, MERIT_JOB, iso(ctx.clock.now()));
  }
}

/** What the worker needs to open its own connection and stamp the rows. */
export interface MeritWorkerData {
  config: Pick<AppContext['config'], 'database' | 'sqliteSynchronous'>;
  computedAt: string;
}

/**
 * Runs `computeAndStoreMerit` in a worker thread (shared/worker.ts) and resolves with its stats.
 */
export function recomputeInWorker(
  config: MeritWorkerData['config'],
  computedAt: string,
): Promise<MeritRunStats> {
  const workerData: MeritWorkerData = { config, computedAt };
  const worker = startWorker(import.meta.url, 'merit.worker', workerData);
  return new Promise((resolve, reject) => {
    let stats: MeritRunStats | null = null;
    worker.once('message', (m: { stats?: MeritRunStats; error?: string }) => {
      if (m.stats) stats = m.stats;
      else reject(new Error(`merit worker: ${m.error ?? 'no stats'}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (stats) resolve(stats);
      else reject(new Error(`merit worker exited with ${code} before sending its stats`));
    });
  });
}

// ------------------------------------------------------------------------------------------ on profiles

/** The bands worth showing: a place in the top 1, 5, 10 or 25 % of the members with merit in a skill. */
export const BANDS = [1, 5, 10, 25] as const;
export type Band = (typeof BANDS)[number];

export interface EarningEngagementView {
  engagementId: string;
  /** Null when the viewer may not see the overflow: shown as "a private engagement". */
  overflowId: string | null;
  title: string | null;
  private: boolean;
  completedAt: string;
  skills: string[];
}

export interface MeritBandView {
  /** Null for merit overall. */
  skill: string | null;
  topPercent: Band;
  /** Human-readable: "top 5 % in typescript", "top 10 % overall". */
  label: string;
  engagements: EarningEngagementView[];
}

export interface MeritView {
  computedAt: string | null;
  bands: MeritBandView[];
}

const MAX_SKILL_BANDS = 6;
const ENGAGEMENTS_PER_BAND = 3;
const RECENT_ENGAGEMENTS = 200;

export function bandOf(topFraction: number): Band | null {
  return BANDS.find((b) => topFraction <= b / 100) ?? null;
}

/**
 * A member's merit as a viewer sees it on the profile: bands only (never a number), each with the
 * engagements that weigh most in it. A title shows only when the viewer may see that overflow (the same
 * grants as every list); otherwise the engagement is "a private engagement".
 */
export async function memberMerit(
  ctx: AppContext,
  memberId: string,
  viewer: Actor | null,
): Promise<MeritView> {
  const scores = await repo.listMemberMerit(ctx.db, memberId);
  // A row keeps the time it last changed; the run's time is the stamp (a PK lookup).
  const computedAt = scores.length
    ? ((await repo.findMeritComputed(ctx.db)) ?? scores[0]!.computed_at)
    : null;
  const shown = scores
    .map((s) => ({ ...s, band: bandOf(s.top_fraction) }))
    .filter((s): s is typeof s & { band: Band } => s.band !== null)
    .sort((a, b) =>
      a.skill === ''
        ? -1
        : b.skill === ''
          ? 1
          : a.top_fraction - b.top_fraction || a.skill.localeCompare(b.skill),
    )
    .slice(0, MAX_SKILL_BANDS + 1);
  if (shown.length === 0) return { computedAt, bands: [] };

  const grants = overflowGrants(viewer);
  const recent = (await repo.listRecentCompletedAsHelper(ctx.db, memberId, RECENT_ENGAGEMENTS))
    .map((e) => ({
      ...e,
      skills: JSON.parse(e.demonstrated_skills) as string[],
      weight: engagementWeight(e.rating, e.effort_hours, e.auto_completed === 1),
    }))
    // Heaviest first; the newest among equals (the list comes newest first and the sort is stable).
    .sort((a, b) => b.weight - a.weight);
  const view = (e: (typeof recent)[number]): EarningEngagementView => {
    const visible = grants.some((g) => grantAllows(g, e));
    return {
      engagementId: e.id,
      overflowId: visible ? e.overflow_id : null,
      title: visible ? e.title : null,
      private: !visible,
      completedAt: e.completed_at ?? '',
      skills: e.skills,
    };
  };
  return {
    computedAt,
    bands: shown.map((s) => ({
      skill: s.skill === '' ? null : s.skill,
      topPercent: s.band,
      label: `top ${s.band} % ${s.skill === '' ? 'overall' : `in ${s.skill}`}`,
      engagements: recent
        .filter((e) => s.skill === '' || e.skills.includes(s.skill))
        .slice(0, ENGAGEMENTS_PER_BAND)
        .map(view),
    })),
  };
}

// ------------------------------------------------------------------------------------------ trusted

export interface MemberTrustView {
  id: string;
  handle: string;
  name: string;
  role: 'member' | 'admin';
  trusted: boolean;
}

const trustView = (m: NonNullable<Awaited<ReturnType<typeof repo.findMemberTrust>>>): MemberTrustView => ({
  id: m.id,
  handle: m.handle,
  name: m.name,
  role: m.role,
  trusted: m.trusted === 1,
});

/** Whether a member is a seed of merit. The caller (admin) checks authorisation. */
export async function getMemberTrust(ctx: AppContext, handle: string): Promise<MemberTrustView> {
  const m = await repo.findMemberTrust(ctx.db, handle.toLowerCase());
  if (!m) throw notFound(`Member @${handle}`, 'MEMBER_NOT_FOUND');
  return trustView(m);
}

/** Marks a member trusted or not. Takes effect at the next recomputation. The caller checks authorisation. */
export async function setMemberTrust(
  ctx: AppContext,
  handle: string,
  trusted: boolean,
): Promise<MemberTrustView> {
  const m = await repo.setTrusted(ctx.db, handle.toLowerCase(), trusted);
  if (!m) throw notFound(`Member @${handle}`, 'MEMBER_NOT_FOUND');
  return trustView(m);
}
