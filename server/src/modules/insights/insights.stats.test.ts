import { describe, expect, it } from 'vitest';
import {
  averageRanks,
  fisherInterval,
  median,
  normalQuantile,
  pearson,
  quartileGroups,
  spearman,
  spearmanWithInterval,
} from './insights.stats.js';

describe('averageRanks', () => {
  it('ranks smallest first and gives equal values the average of their ranks', () => {
    expect(averageRanks([30, 10, 20])).toEqual([3, 1, 2]);
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([5, 5, 5])).toEqual([2, 2, 2]);
    expect(averageRanks([])).toEqual([]);
  });
});

describe('spearman', () => {
  it('is 1 for any perfectly monotone increasing relation, −1 for a reversed one', () => {
    const x = [1, 2, 3, 4, 5, 6];
    expect(spearman(x, [2, 4, 8, 16, 32, 64])).toBe(1);
    expect(spearman(x, [100, 50, 20, 3, 2, -7])).toBe(-1);
  });

  it('handles ties with average ranks (not the no-ties shortcut)', () => {
    // ranks x = [1, 2.5, 2.5, 4], y = [1, 2, 3, 4] → 4.5 / √(4.5 · 5)
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
  });

  it('matches the textbook example (IQ against hours of TV a week: ρ = −29/165)', () => {
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearman(iq, tv)).toBeCloseTo(-29 / 165, 12);
  });

  it('is undefined (null) when a series does not vary', () => {
    expect(spearman([0, 0, 0, 0], [1, 2, 3, 4])).toBeNull();
    expect(spearman([1], [1])).toBeNull();
    expect(pearson([], [])).toBeNull();
  });
});

describe('intervals', () => {
  it('the normal quantile is right to many digits', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.5758293035489, 7);
  });

  it('Fisher z with n − 3: the textbook example and a known case', () => {
    const ci = fisherInterval(-29 / 165, 10)!;
    expect(ci.low).toBeCloseTo(-0.72514, 4);
    expect(ci.high).toBeCloseTo(0.51034, 4);
    const half = fisherInterval(0.5, 28)!;
    expect(half.low).toBeCloseTo(0.15603, 4);
    expect(half.high).toBeCloseTo(0.73582, 4);
  });

  it('has no interval below 4 members, and a degenerate one at ±1', () => {
    expect(fisherInterval(0.3, 3)).toBeNull();
    expect(fisherInterval(1, 10)).toEqual({ low: 1, high: 1 });
    const c = spearmanWithInterval([1, 2, 3], [3, 2, 1])!;
    expect(c).toMatchObject({ rho: -1, n: 3, low: null, high: null, level: 0.95 });
  });
});

describe('quartileGroups and median', () => {
  it('splits distinct values into four equal groups', () => {
    expect(quartileGroups([1, 2, 3, 4, 5, 6, 7, 8])).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(quartileGroups([8, 7, 6, 5, 4, 3, 2, 1])).toEqual([3, 3, 2, 2, 1, 1, 0, 0]);
  });

  it('keeps equal values in one group', () => {
    expect(quartileGroups([0, 0, 0, 0, 0, 0, 1, 2])).toEqual([0, 0, 0, 0, 0, 0, 3, 3]);
    expect(quartileGroups([0, 0, 0, 1, 2, 3])).toEqual([0, 0, 0, 2, 2, 3]);
    expect(quartileGroups([])).toEqual([]);
  });

  it('median of odd, even and empty lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
