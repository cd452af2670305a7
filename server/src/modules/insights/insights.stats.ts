// Pure statistics for the instance insights: ranks with ties, Spearman's rank correlation and its confidence
// interval (Fisher's z transform), quartile groups, the median. No database, no I/O: unit tested on data whose
// answer is known (insights.stats.test.ts).

/**
 * Ranks 1..n of `values` (smallest first); equal values share the average of the ranks they span
 * ([10, 20, 20, 30] → [1, 2.5, 2.5, 4]).
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]![0] === order[start]![0]) end++;
    // Positions start..end (0-based) hold ranks start+1..end+1; their average:
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]![1]] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Pearson's correlation of two equally long series; null when either has no variation (or n < 2). */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n !== y.length) throw new Error('pearson: the series differ in length');
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  // Clamp the last ulp: a perfect relation must read exactly ±1.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Spearman's rank correlation: Pearson's correlation of the average ranks (so ties are handled exactly,
 * not by the 1 − 6Σd²/(n(n²−1)) shortcut, which is right only without ties). Null when a series is constant.
 */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  return pearson(averageRanks(x), averageRanks(y));
}

/** The standard normal quantile for a two-sided interval at `level` (0.95 → 1.959963…). */
export function normalQuantile(p: number): number {
  // Acklam's rational approximation (relative error < 1.2e-9), enough for an interval's bounds.
  if (p <= 0 || p >= 1) throw new Error('normalQuantile: p must be in (0, 1)');
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

export interface Correlation {
  rho: number;
  n: number;
  /** The confidence interval's bounds; null when n < 4 (Fisher's z needs n − 3 > 0). */
  low: number | null;
  high: number | null;
  level: number;
}

/**
 * The confidence interval of a correlation by Fisher's z transform: z = atanh(ρ), standard error 1/√(n − 3),
 * back through tanh. For a rank correlation this is the usual approximation (Fieller et al. suggest
 * 1.06/√(n − 3); we keep the textbook 1/√(n − 3) and say so in the page's words).
 */
export function fisherInterval(rho: number, n: number, level = 0.95): { low: number; high: number } | null {
  if (n < 4) return null;
  if (rho >= 1 || rho <= -1) return { low: rho, high: rho };
  const z = Math.atanh(rho);
  const half = normalQuantile(1 - (1 - level) / 2) / Math.sqrt(n - 3);
  return { low: Math.tanh(z - half), high: Math.tanh(z + half) };
}

/** Spearman's ρ with its interval, or null when it is undefined (a constant series, fewer than 2 members). */
export function spearmanWithInterval(
  x: readonly number[],
  y: readonly number[],
  level = 0.95,
): Correlation | null {
  const rho = spearman(x, y);
  if (rho === null) return null;
  const ci = fisherInterval(rho, x.length, level);
  return { rho, n: x.length, low: ci?.low ?? null, high: ci?.high ?? null, level };
}

/**
 * Quartile groups 0..3 (0 = the least) by value; equal values always share a group, placed by the lowest rank
 * among them, so a crowd of zeros is the bottom group (never split at random, never lifted to the middle).
 */
export function quartileGroups(values: readonly number[]): number[] {
  const n = values.length;
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const groups = new Array<number>(n);
  let first = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0 && order[k]![0] !== order[k - 1]![0]) first = k;
    groups[order[k]![1]] = Math.min(3, Math.floor((first / n) * 4));
  }
  return groups;
}

/** The median of `values` (the mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
