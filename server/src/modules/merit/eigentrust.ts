/**
 * Seed-anchored EigenTrust over compressed sparse rows (docs/merit.md). Pure: no I/O, typed arrays only, so a
 * million edges fit in a few tens of MiB and one iteration is one linear pass.
 *
 * Members are dense indices 0..n-1. An edge owner → helper carries a weight (rating, effort, auto-completion)
 * and the skills the engagement demonstrated. Each member's out-weight is normalised; with probability ε the
 * walk teleports to the pre-trusted set P (uniform over P), and the mass of members without out-edges
 * (dangling) also returns to P. Nothing ever teleports uniformly over everyone: a region that no edge from
 * the trusted side reaches stays at zero, however large it is.
 */

export interface MeritParameters {
  /** Teleport probability ε: the share of trust that returns to the pre-trusted set at each step. */
  epsilon: number;
  /** Stop when the L1 change of one iteration is below this. */
  tolerance: number;
  /** Stop after this many iterations even if not converged. */
  maxIterations: number;
}

export const DEFAULT_PARAMETERS: MeritParameters = {
  epsilon: 0.15,
  tolerance: 1e-9,
  maxIterations: 100,
};

/** Edges grouped by owner: row u's edges are rowStart[u] .. rowStart[u+1]-1. */
export interface TrustGraph {
  n: number;
  rowStart: Int32Array;
  helper: Int32Array;
  weight: Float64Array;
  /** Σ of each member's out-edge weights. */
  outWeight: Float64Array;
  /** For each CSR edge, its position in the input edge list (to find its skills). */
  inputIndex: Int32Array;
}

/**
 * Builds the CSR from parallel edge arrays (counting sort by owner, O(n + m)). Edges with a weight ≤ 0 or a
 * member out of range are dropped; self-edges too (no one vouches for themselves).
 */
export function buildGraph(
  n: number,
  owners: Int32Array,
  helpers: Int32Array,
  weights: Float64Array,
  m = owners.length,
): TrustGraph {
  const keep = (e: number) => {
    const u = owners[e]!;
    const v = helpers[e]!;
    return weights[e]! > 0 && u !== v && u >= 0 && v >= 0 && u < n && v < n;
  };
  const rowStart = new Int32Array(n + 1);
  let kept = 0;
  for (let e = 0; e < m; e++) {
    if (!keep(e)) continue;
    rowStart[owners[e]! + 1]!++;
    kept++;
  }
  for (let u = 0; u < n; u++) rowStart[u + 1]! += rowStart[u]!;
  const fill = rowStart.slice(0, n);
  const helper = new Int32Array(kept);
  const weight = new Float64Array(kept);
  const inputIndex = new Int32Array(kept);
  const outWeight = new Float64Array(n);
  for (let e = 0; e < m; e++) {
    if (!keep(e)) continue;
    const u = owners[e]!;
    const at = fill[u]!++;
    helper[at] = helpers[e]!;
    weight[at] = weights[e]!;
    inputIndex[at] = e;
    outWeight[u]! += weights[e]!;
  }
  return { n, rowStart, helper, weight, outWeight, inputIndex };
}

export interface TrustResult {
  /** The stationary distribution: Σ = 1 when P is not empty, all zero when it is. */
  trust: Float64Array;
  iterations: number;
  converged: boolean;
  /** Share of the trust held by members without out-edges (returned to P at every step). */
  dangling: number;
}

/**
 * Power iteration t ← (1−ε)·(Cᵀt + D(t)·p) + ε·p, where C is the row-normalised edge matrix, D(t) the trust
 * on dangling members and p uniform over the pre-trusted set. Starts from p. With P empty, nobody has
 * trust: there is no anchor to measure from.
 */
export function eigentrust(
  g: TrustGraph,
  pretrusted: ArrayLike<number>,
  params: MeritParameters = DEFAULT_PARAMETERS,
): TrustResult {
  const { n, rowStart, helper, weight, outWeight } = g;
  const eps = params.epsilon;
  const seeds = [...new Set(Array.from(pretrusted))].filter((s) => s >= 0 && s < n);
  let t = new Float64Array(n);
  if (seeds.length === 0) return { trust: t, iterations: 0, converged: true, dangling: 0 };
  const seedShare = 1 / seeds.length;
  for (const s of seeds) t[s] = seedShare;
  let next = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  let dangling = 0;
  while (iterations < params.maxIterations) {
    next.fill(0);
    dangling = 0;
    for (let u = 0; u < n; u++) {
      const tu = t[u]!;
      if (tu === 0) continue;
      const out = outWeight[u]!;
      if (out === 0) {
        dangling += tu;
        continue;
      }
      const share = ((1 - eps) * tu) / out;
      for (let e = rowStart[u]!, end = rowStart[u + 1]!; e < end; e++)
        next[helper[e]!]! += share * weight[e]!;
    }
    // Teleport (ε of everything) and the dangling mass (1−ε of it) go back to P only.
    let total = 0;
    for (let i = 0; i < n; i++) total += t[i]!;
    const back = (eps * total + (1 - eps) * dangling) * seedShare;
    for (const s of seeds) next[s]! += back;
    let delta = 0;
    for (let i = 0; i < n; i++) delta += Math.abs(next[i]! - t[i]!);
    [t, next] = [next, t];
    iterations++;
    if (delta < params.tolerance) {
      converged = true;
      break;
    }
  }
  dangling = 0;
  for (let u = 0; u < n; u++) if (outWeight[u] === 0) dangling += t[u]!;
  return { trust: t, iterations, converged, dangling };
}

/**
 * The scale on which merit is stored: trust divided by ε + (1−ε)·D, which is the expected number of visits
 * of a walk that starts from one unit of seed trust on P and stops with probability ε at each step (or at a
 * member without out-edges). On this scale a member's merit depends only on the paths that reach them, not
 * on how fast unrelated parts of the graph send trust back to P, so an owner cannot raise their own merit
 * by routing trust into a dead end (a second account) — see docs/merit.md.
 */
export function visitScale(r: TrustResult, params: MeritParameters = DEFAULT_PARAMETERS): number {
  const d = params.epsilon + (1 - params.epsilon) * r.dangling;
  return d > 0 ? 1 / d : 0;
}

/**
 * Merit earned along edges: for each member, (1−ε)·Σ over in-edges (h→i) of trust(h)·w(h,i)/w(h), on the
 * visit scale. The seed share P members get from teleport is not merit (nobody vouched for it), so an admin
 * who never had work done has no merit. `each(e, v, amount)` also sees every edge's contribution, for the
 * per-skill attribution.
 */
export function earnedMerit(
  g: TrustGraph,
  r: TrustResult,
  params: MeritParameters = DEFAULT_PARAMETERS,
  each?: (inputEdge: number, helper: number, amount: number) => void,
): Float64Array {
  const { n, rowStart, helper, weight, outWeight, inputIndex } = g;
  const scale = visitScale(r, params);
  const earned = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    const tu = r.trust[u]!;
    const out = outWeight[u]!;
    if (tu === 0 || out === 0) continue;
    const share = ((1 - params.epsilon) * tu * scale) / out;
    for (let e = rowStart[u]!, end = rowStart[u + 1]!; e < end; e++) {
      const amount = share * weight[e]!;
      const v = helper[e]!;
      earned[v]! += amount;
      each?.(inputIndex[e]!, v, amount);
    }
  }
  return earned;
}

/**
 * Members with merit > 0 in descending order, with competition ranks (equal scores share a rank). `count` is
 * how many members have merit; `members` may hold only the top of them (see `rank`'s `keep`).
 */
export interface Ranking {
  members: Int32Array;
  scores: Float64Array;
  ranks: Int32Array;
  count: number;
}

/**
 * Ranks the members with a score > 0 (all, or `candidates`). With `keepOf(count)`, only the top `keep` (and any
 * tied with the last of them) are ordered and returned, found by a native sort of the scores alone: at 1 M
 * engagements the per-skill rankings were 1.8 M comparator-sorted entries, of which a quarter is stored.
 */
export function rank(
  scores: Float64Array,
  candidates?: ArrayLike<number>,
  keepOf?: (count: number) => number,
): Ranking {
  let ids: number[] = [];
  if (candidates) {
    for (let k = 0; k < candidates.length; k++) if (scores[candidates[k]!]! > 0) ids.push(candidates[k]!);
  } else {
    for (let i = 0; i < scores.length; i++) if (scores[i]! > 0) ids.push(i);
  }
  const count = ids.length;
  const keep = keepOf?.(count) ?? count;
  if (keep < count) {
    const values = new Float64Array(count);
    for (let k = 0; k < count; k++) values[k] = scores[ids[k]!]!;
    values.sort();
    const threshold = values[count - Math.max(keep, 1)]!;
    ids = ids.filter((i) => scores[i]! >= threshold);
  }
  // Highest first; ties by index so the order is deterministic.
  const order = ids.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const out: Ranking = {
    members: Int32Array.from(order),
    scores: new Float64Array(order.length),
    ranks: new Int32Array(order.length),
    count,
  };
  for (let k = 0; k < order.length; k++) {
    const s = scores[order[k]!]!;
    out.scores[k] = s;
    out.ranks[k] = k > 0 && s === out.scores[k - 1] ? out.ranks[k - 1]! : k + 1;
  }
  return out;
}

/** An engagement's weight as an edge: rating (neutral 3 when none), effort (log, capped), auto-completion. */
export function engagementWeight(rating: number | null, effortHours: number, autoCompleted: boolean): number {
  const r = rating === null ? 3 : Math.min(5, Math.max(1, rating));
  const effort = Math.log2(1 + Math.min(Math.max(effortHours, 0), 80));
  return (r / 5) * effort * (autoCompleted ? AUTO_COMPLETED_FACTOR : 1);
}

/** An engagement the owner never reviewed (it completed by itself) counts this much of a reviewed one. */
export const AUTO_COMPLETED_FACTOR = 0.5;

export interface MeritInput {
  /** Members 0..n-1. */
  n: number;
  /** Edge e: owners[e] → helpers[e] with weights[e], for e < m. */
  owners: Int32Array;
  helpers: Int32Array;
  weights: Float64Array;
  m: number;
  /** Edge e's skills are edgeSkills[edgeSkillStart[e] .. edgeSkillStart[e+1]-1], ids < skillCount. */
  edgeSkillStart: Int32Array;
  edgeSkills: Int32Array;
  skillCount: number;
  pretrusted: ArrayLike<number>;
}

export interface MeritResult {
  overall: Ranking;
  /** bySkill[s]: the members with merit in skill s, ranked. */
  bySkill: Ranking[];
  iterations: number;
  converged: boolean;
}

/**
 * Overall merit, and per skill: one walk over all engagements, whose earned merit is attributed to the skills
 * each engagement demonstrated (the owner's choice at review; an engagement with several skills counts in
 * full for each). So the owner's standing vouches in every skill they hire for, and a skill's merit never
 * exceeds the overall merit that reached the same members (the bound holds per skill).
 */
export function computeMerit(
  input: MeritInput,
  params: MeritParameters = DEFAULT_PARAMETERS,
  /** Per skill, how many of the `count` members with merit in it to rank (default: all). */
  keepInSkill?: (count: number) => number,
): MeritResult {
  const { n, owners, helpers, weights, m, edgeSkillStart, edgeSkills, skillCount } = input;
  const g = buildGraph(n, owners, helpers, weights, m);
  const r = eigentrust(g, input.pretrusted, params);
  const amount = new Float64Array(m);
  const earned = earnedMerit(g, r, params, (e, _v, a) => {
    amount[e] = a;
  });
  // Edges per skill (counting sort over the edge–skill pairs).
  const skillStart = new Int32Array(skillCount + 1);
  for (let e = 0; e < m; e++) {
    if (amount[e] === 0) continue;
    for (let k = edgeSkillStart[e]!; k < edgeSkillStart[e + 1]!; k++) skillStart[edgeSkills[k]! + 1]!++;
  }
  for (let s = 0; s < skillCount; s++) skillStart[s + 1]! += skillStart[s]!;
  const fill = skillStart.slice(0, skillCount);
  const skillEdges = new Int32Array(skillStart[skillCount]!);
  for (let e = 0; e < m; e++) {
    if (amount[e] === 0) continue;
    for (let k = edgeSkillStart[e]!; k < edgeSkillStart[e + 1]!; k++) skillEdges[fill[edgeSkills[k]!]!++] = e;
  }
  const acc = new Float64Array(n);
  const bySkill: Ranking[] = [];
  for (let s = 0; s < skillCount; s++) {
    const touched: number[] = [];
    for (let k = skillStart[s]!; k < skillStart[s + 1]!; k++) {
      const e = skillEdges[k]!;
      const v = helpers[e]!;
      if (acc[v] === 0) touched.push(v);
      acc[v]! += amount[e]!;
    }
    bySkill.push(rank(acc, touched, keepInSkill));
    for (const v of touched) acc[v] = 0;
  }
  return { overall: rank(earned), bySkill, iterations: r.iterations, converged: r.converged };
}
