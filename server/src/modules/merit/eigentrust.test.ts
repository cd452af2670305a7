import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildGraph,
  computeMerit,
  earnedMerit,
  eigentrust,
  engagementWeight,
  rank,
  visitScale,
  type MeritParameters,
} from './eigentrust.js';

// Tight enough that the properties below compare converged values, not iteration noise.
const PARAMS: MeritParameters = { epsilon: 0.15, tolerance: 1e-14, maxIterations: 10_000 };
const EPS = PARAMS.epsilon;

interface Edge {
  u: number;
  v: number;
  w: number;
}

function graphOf(n: number, edges: Edge[]) {
  return buildGraph(
    n,
    Int32Array.from(edges.map((e) => e.u)),
    Int32Array.from(edges.map((e) => e.v)),
    Float64Array.from(edges.map((e) => e.w)),
  );
}

/** Trust on the visit scale and merit earned along edges, for a plain edge list. */
function score(n: number, edges: Edge[], pretrusted: number[]) {
  const g = graphOf(n, edges);
  const r = eigentrust(g, pretrusted, PARAMS);
  const scale = visitScale(r, PARAMS);
  return {
    g,
    r,
    visits: r.trust.map((t) => t * scale),
    earned: earnedMerit(g, r, PARAMS),
  };
}

/** The textbook version: the full n×n matrix, iterated until nothing moves. */
function densePowerIteration(n: number, edges: Edge[], pretrusted: number[]): Float64Array {
  const out = new Float64Array(n);
  for (const e of edges) if (e.u !== e.v) out[e.u]! += e.w;
  const seeds = [...new Set(pretrusted)];
  const p = new Float64Array(n);
  for (const s of seeds) p[s] = 1 / seeds.length;
  const M = Array.from({ length: n }, () => new Float64Array(n)); // M[to][from]
  for (const e of edges) if (e.u !== e.v) M[e.v]![e.u]! += ((1 - EPS) * e.w) / out[e.u]!;
  for (let from = 0; from < n; from++) {
    for (let to = 0; to < n; to++) {
      M[to]![from]! += EPS * p[to]! + (out[from] === 0 ? (1 - EPS) * p[to]! : 0);
    }
  }
  let t = Float64Array.from(p);
  for (let k = 0; k < 5000; k++) {
    const next = new Float64Array(n);
    for (let to = 0; to < n; to++) for (let from = 0; from < n; from++) next[to]! += M[to]![from]! * t[from]!;
    t = next;
  }
  return t;
}

const edgeArb = (n: number) =>
  fc.record({
    u: fc.integer({ min: 0, max: n - 1 }),
    v: fc.integer({ min: 0, max: n - 1 }),
    w: fc.double({ min: 0.1, max: 5, noNaN: true }),
  });

/** A random honest region: n members, some edges, a non-empty pre-trusted set. */
const honestArb = (maxN = 40) =>
  fc.integer({ min: 3, max: maxN }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      edges: fc.array(edgeArb(n), { minLength: n, maxLength: 4 * n }),
      pretrusted: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 3 }),
    }),
  );

/** k accounts at indices from..from+k-1 completing engagements among themselves: a ring plus chords. */
function ringEdges(from: number, k: number, chords: number[]): Edge[] {
  const edges: Edge[] = [];
  for (let i = 0; i < k; i++) edges.push({ u: from + i, v: from + ((i + 1) % k), w: 5 });
  chords.forEach((c, i) => edges.push({ u: from + (i % k), v: from + (c % k), w: 3 }));
  return edges;
}

const sum = (a: ArrayLike<number>, from = 0, to = a.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return s;
};

describe('eigentrust', () => {
  it('agrees with a dense power iteration on small random graphs', () => {
    fc.assert(
      fc.property(honestArb(12), ({ n, edges, pretrusted }) => {
        const { r } = score(n, edges, pretrusted);
        const dense = densePowerIteration(n, edges, pretrusted);
        expect(r.converged).toBe(true);
        for (let i = 0; i < n; i++) expect(r.trust[i]).toBeCloseTo(dense[i]!, 10);
        expect(sum(r.trust)).toBeCloseTo(1, 12);
      }),
      { numRuns: 100 },
    );
  });

  it('gives nobody anything when nobody is pre-trusted', () => {
    const { r, earned } = score(
      3,
      [
        { u: 0, v: 1, w: 1 },
        { u: 1, v: 2, w: 1 },
      ],
      [],
    );
    expect(Array.from(r.trust)).toEqual([0, 0, 0]);
    expect(Array.from(earned)).toEqual([0, 0, 0]);
  });

  it('returns dangling mass to the pre-trusted set, never to everyone', () => {
    // 0 (trusted) → 1; 1 has no out-edges; 2 is unreachable.
    const { r } = score(3, [{ u: 0, v: 1, w: 1 }], [0]);
    expect(r.trust[2]).toBe(0);
    // t0 = ε + (1−ε)·t1, t1 = (1−ε)·t0 → t0 = 1/(2−ε).
    expect(r.trust[0]).toBeCloseTo(1 / (2 - EPS), 12);
  });

  it('counts no seed share as merit: a trusted member nobody hired has none', () => {
    const { earned } = score(2, [{ u: 0, v: 1, w: 1 }], [0]);
    expect(earned[0]).toBe(0);
    expect(earned[1]).toBeGreaterThan(0);
  });

  it('weighs auto-completed and low-rated engagements less', () => {
    expect(engagementWeight(5, 8, false)).toBeGreaterThan(engagementWeight(3, 8, false));
    expect(engagementWeight(null, 8, true)).toBeLessThan(engagementWeight(3, 8, false));
    expect(engagementWeight(5, 1000, false)).toBe(engagementWeight(5, 80, false));
  });

  it('ranks with shared ranks for equal scores and leaves zero out', () => {
    const r = rank(Float64Array.from([0, 2, 5, 2, 1]));
    expect(Array.from(r.members)).toEqual([2, 1, 3, 4]);
    expect(Array.from(r.ranks)).toEqual([1, 2, 2, 4]);
  });

  it('ranks only the top when asked, exactly as the full ranking begins, ties at the cut included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 70 }),
        (values, keep) => {
          const scores = Float64Array.from(values);
          const full = rank(scores);
          const top = rank(scores, undefined, () => keep);
          expect(top.count).toBe(full.count);
          const n = Math.min(keep, full.count);
          expect(top.members.length).toBeGreaterThanOrEqual(n);
          const prefix = (r: typeof full, k: number) => ({
            members: Array.from(r.members.slice(0, k)),
            ranks: Array.from(r.ranks.slice(0, k)),
          });
          expect(prefix(top, top.members.length)).toEqual(prefix(full, top.members.length));
        },
      ),
    );
  });

  it('attributes merit to the skills each engagement demonstrated', () => {
    // 0 (trusted) hires 1 for skill 0, and 2 for skills 0 and 1.
    const res = computeMerit(
      {
        n: 3,
        owners: Int32Array.from([0, 0]),
        helpers: Int32Array.from([1, 2]),
        weights: Float64Array.from([1, 3]),
        m: 2,
        edgeSkillStart: Int32Array.from([0, 1, 3]),
        edgeSkills: Int32Array.from([0, 0, 1]),
        skillCount: 2,
        pretrusted: [0],
      },
      PARAMS,
    );
    expect(Array.from(res.overall.members)).toEqual([2, 1]);
    expect(Array.from(res.bySkill[0]!.members)).toEqual([2, 1]);
    expect(Array.from(res.bySkill[1]!.members)).toEqual([2]);
    expect(res.bySkill[1]!.scores[0]).toBeCloseTo(res.overall.scores[0]!, 12);
  });
});

describe('attacks on merit', () => {
  it('a ring with no edge from the honest region gets nothing and moves no honest rank', () => {
    const arb = fc.record({
      honest: honestArb(),
      k: fc.integer({ min: 2, max: 200 }),
      chords: fc.array(fc.nat(), { maxLength: 300 }),
      // The ring may also hire honest members: that sends them nothing either.
      outward: fc.array(fc.record({ from: fc.nat(), to: fc.nat() }), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(arb, ({ honest: { n, edges, pretrusted }, k, chords, outward }) => {
        const before = score(n, edges, pretrusted);
        const ring = ringEdges(n, k, chords);
        for (const o of outward) ring.push({ u: n + (o.from % k), v: o.to % n, w: 5 });
        const after = score(n + k, [...edges, ...ring], pretrusted);
        expect(sum(after.earned, n)).toBe(0);
        expect(Array.from(after.earned.slice(0, n))).toEqual(Array.from(before.earned));
        const ranksBefore = rank(before.earned);
        const ranksAfter = rank(after.earned);
        expect(Array.from(ranksAfter.members)).toEqual(Array.from(ranksBefore.members));
        expect(Array.from(ranksAfter.ranks)).toEqual(Array.from(ranksBefore.ranks));
      }),
      { numRuns: 60 },
    );
  });

  it('a ring of 1 000 accounts with no edge from the honest region gets nothing', () => {
    fc.assert(
      fc.property(
        honestArb(200),
        fc.array(fc.nat(), { maxLength: 3000 }),
        ({ n, edges, pretrusted }, chords) => {
          const before = score(n, edges, pretrusted);
          const after = score(n + 1000, [...edges, ...ringEdges(n, 1000, chords)], pretrusted);
          expect(sum(after.earned, n)).toBe(0);
          expect(Array.from(after.earned.slice(0, n))).toEqual(Array.from(before.earned));
        },
      ),
      { numRuns: 3 },
    );
  });

  it('with g attack edges the ring captures no more than the bound', () => {
    const arb = fc.record({
      honest: honestArb(),
      k: fc.integer({ min: 2, max: 1000 }),
      chords: fc.array(fc.nat(), { maxLength: 500 }),
      attacks: fc.array(
        fc.record({ h: fc.nat(), x: fc.nat(), w: fc.double({ min: 0.1, max: 5, noNaN: true }) }),
        { minLength: 1, maxLength: 8 },
      ),
    });
    fc.assert(
      fc.property(arb, ({ honest: { n, edges, pretrusted }, k, chords, attacks }) => {
        const attack = attacks.map((a) => ({ u: a.h % n, v: n + (a.x % k), w: a.w }));
        const all = [...edges, ...ringEdges(n, k, chords), ...attack];
        const { g, visits, earned } = score(n + k, all, pretrusted);
        // ((1−ε)/ε) · Σ over attack edges of trust(h) · w(h,x) / w(h), on the same (visit) scale.
        let bound = 0;
        for (const a of attack) bound += (visits[a.u]! * a.w) / g.outWeight[a.u]!;
        bound *= (1 - EPS) / EPS;
        expect(sum(earned, n)).toBeLessThanOrEqual(bound * (1 + 1e-9) + 1e-12);
      }),
      { numRuns: 40 },
    );
  });

  it('an owner cannot raise their own merit by posting overflow for their own second account', () => {
    const arb = fc.record({
      honest: honestArb(),
      owner: fc.nat(),
      w: fc.double({ min: 0.1, max: 50, noNaN: true }),
    });
    fc.assert(
      fc.property(arb, ({ honest: { n, edges, pretrusted }, owner, w }) => {
        const a = owner % n;
        const before = score(n, edges, pretrusted);
        const after = score(n + 1, [...edges, { u: a, v: n, w }], pretrusted);
        expect(after.earned[a]).toBeLessThanOrEqual(before.earned[a]! * (1 + 1e-9) + 1e-12);
        // The second account holds at most what the owner sent it.
        const sent = (after.visits[a]! * w) / after.g.outWeight[a]!;
        expect(after.earned[n]).toBeLessThanOrEqual(sent * (1 - EPS) * (1 + 1e-9) + 1e-12);
      }),
      { numRuns: 80 },
    );
  });

  it('one honest member who works with many ring members leaks at most their own share', () => {
    const arb = fc.record({
      honest: honestArb(),
      member: fc.nat(),
      k: fc.integer({ min: 2, max: 300 }),
      chords: fc.array(fc.nat(), { maxLength: 300 }),
      hired: fc.integer({ min: 1, max: 300 }),
    });
    fc.assert(
      fc.property(arb, ({ honest: { n, edges, pretrusted }, member, k, chords, hired }) => {
        const h = member % n;
        const ring = ringEdges(n, k, chords);
        // The ring hires h many times (h completes work for them): h gains nothing, the ring nothing.
        const helped = Array.from({ length: hired }, (_, i) => ({ u: n + (i % k), v: h, w: 5 }));
        const before = score(n, edges, pretrusted);
        const mid = score(n + k, [...edges, ...ring, ...helped], pretrusted);
        expect(sum(mid.earned, n)).toBe(0);
        expect(mid.earned[h]).toBe(before.earned[h]);
        // h hires ring members: the ring captures at most ((1−ε)/ε) × what h sends, ≤ ((1−ε)/ε) × h's trust.
        const hires = Array.from({ length: hired }, (_, i) => ({ u: h, v: n + (i % k), w: 5 }));
        const after = score(n + k, [...edges, ...ring, ...helped, ...hires], pretrusted);
        const share = (hired * 5) / after.g.outWeight[h]!;
        const ringMerit = sum(after.earned, n);
        expect(ringMerit).toBeLessThanOrEqual(
          ((1 - EPS) / EPS) * after.visits[h]! * share * (1 + 1e-9) + 1e-12,
        );
        expect(ringMerit).toBeLessThanOrEqual(((1 - EPS) / EPS) * after.visits[h]! * (1 + 1e-9) + 1e-12);
      }),
      { numRuns: 40 },
    );
  });
});
