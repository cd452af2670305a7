import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tiePair } from '../ledger/ledger.repository.js';
import { givingStyle, isTransactional } from './style.js';

describe('givingStyle', () => {
  it.each([
    [0, 0, 'new'],
    [1, 0, 'new'],
    [8, 0, 'giver'],
    [6, 4, 'giver'],
    [5, 5, 'matcher'],
    [4, 6, 'taker'],
    [0, 8, 'taker'],
    [11, 9, 'matcher'],
  ] as const)('given %d, received %d → %s', (g, r, style) => {
    expect(givingStyle(g, r)).toBe(style);
  });

  it('giving more never makes you look more like a taker', () => {
    const order = { taker: 0, matcher: 1, giver: 2 } as const;
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.integer({ min: 1, max: 100 }), (g, r, more) => {
        const before = givingStyle(g, r);
        const after = givingStyle(g + more, r);
        if (before !== 'new' && after !== 'new') expect(order[after]).toBeGreaterThanOrEqual(order[before]);
      }),
    );
  });
});

describe('isTransactional', () => {
  it('only when you received and never gave', () => {
    expect(isTransactional(0, 3)).toBe(true);
    expect(isTransactional(1, 3)).toBe(false);
    expect(isTransactional(0, 0)).toBe(false);
  });
});

describe('tiePair', () => {
  it('is order-independent', () => {
    expect(tiePair('b', 'a')).toEqual(['a', 'b']);
    expect(tiePair('a', 'b')).toEqual(['a', 'b']);
  });
});
