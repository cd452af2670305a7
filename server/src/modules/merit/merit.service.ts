import type { Actor, AppContext } from '../../context.js';
import { addMs, iso, MINUTE } from '../../shared/clock.js';
import { notFound } from '../../shared/errors.js';
import { grantAllows, overflowGrants } from '../../shared/visibility.js';
import { computeMerit, DEFAULT_PARAMETERS, engagementWeight, type Ranking } from './eigentrust.js';
import * as repo from './merit.repository.js';

/** What one recomputation did: wall time end to end (database → stored scores) and the graph's size. */
export interface MeritRunStats {
  seconds: number;
  /** The three parts of `seconds`: reading the edges, the walk and ranking, replacing the stored scores. */
  readSeconds: number;
  computeSeconds: number;
  writeSeconds: number;
  members: number;
  edges: number;
  skills: number;
  iterations: number;
  rows: number;
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

const INSERT_ROWS = 4_000; // 6 columns: 24 000 parameters, under SQLite's and PostgreSQL's limits

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

/**
 * Recomputes every member's merit from the completed engagements and replaces the stored scores in one
 * transaction (docs/merit.md). One pass over the edges in large pages, the walk in typed arrays, the scores
 * written in large multi-row inserts. Returns what it did (also kept for /metrics).
 */
export async function recomputeMerit(ctx: AppContext): Promise<MeritRunStats> {
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
  const pretrusted = (await repo.listPretrustedIds(ctx.db)).map(indexOf);

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
  await repo.eachMeritEdge(ctx.db, (r) => {
    if (Number(r[0]) !== 1) return;
    owners.push(indexOf(r[1]));
    helpers.push(indexOf(r[2]));
    weights.push(engagementWeight(r[3], r[6], r[4] === 1));
    eachSkill(r[5], (k) => edgeSkills.push(k));
    edgeSkillStart.push(edgeSkills.length);
  });

  const read = performance.now();
  const result = computeMerit(
    {
      n: memberIds.length,
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

  const computed = performance.now();
  const computedAt = iso(ctx.clock.now());
  let rows = 0;
  function* batches(): Generator<repo.MeritScoreValues[]> {
    let batch: repo.MeritScoreValues[] = [];
    const emit = (skill: string, r: Ranking) => {
      const count = r.count;
      const stored = skill === '' ? count : storedInSkill(count);
      const out: repo.MeritScoreValues[][] = [];
      for (let k = 0; k < stored; k++) {
        batch.push([
          memberIds[r.members[k]!]!,
          skill,
          r.scores[k]!,
          r.ranks[k]!,
          r.ranks[k]! / count,
          computedAt,
        ]);
        if (batch.length === INSERT_ROWS) {
          out.push(batch);
          batch = [];
        }
      }
      rows += stored;
      return out;
    };
    yield* emit('', result.overall);
    for (let s = 0; s < skillNames.length; s++) yield* emit(skillNames[s]!, result.bySkill[s]!);
    yield batch;
  }
  await repo.replaceMeritScores(ctx.db, batches());

  const end = performance.now();
  lastRun = {
    seconds: (end - started) / 1000,
    readSeconds: (read - started) / 1000,
    computeSeconds: (computed - read) / 1000,
    writeSeconds: (end - computed) / 1000,
    members: memberIds.length,
    edges: owners.length,
    skills: skillNames.length,
    iterations: result.iterations,
    rows,
    finishedAt: iso(ctx.clock.now()),
  };
  return lastRun;
}

export const MERIT_JOB = 'merit';
/** A run that takes longer than this is presumed dead and may be claimed again. */
const CLAIM_MS = 10 * MINUTE;

/**
 * The scheduled recomputation: claims the `merit` job row (a conditional UPDATE, so one process of many
 * runs it), recomputes, records the finish. Null when another process holds the claim.
 */
export async function runMeritJob(ctx: AppContext): Promise<MeritRunStats | null> {
  const now = ctx.clock.now();
  if (!(await repo.claimJob(ctx.db, MERIT_JOB, iso(now), iso(addMs(now, CLAIM_MS))))) return null;
  try {
    const stats = await recomputeMerit(ctx);
    ctx.log.info({ job: MERIT_JOB, ...stats }, 'merit recomputed');
    return stats;
  } finally {
    await repo.finishJob(ctx.db, MERIT_JOB, iso(ctx.clock.now()));
  }
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
  const computedAt = scores[0]?.computed_at ?? null;
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
  handle: string;
  name: string;
  role: 'member' | 'admin';
  trusted: boolean;
}

const trustView = (m: NonNullable<Awaited<ReturnType<typeof repo.findMemberTrust>>>): MemberTrustView => ({
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
