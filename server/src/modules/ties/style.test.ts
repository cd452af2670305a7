import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tiePair } from '../ledger/ledger.repository.js';
import { ownerCredit } from '../../shared/ledger-weights.js';
import { givingStyle, isTransactional, ledgerParts, MIN_COMPLETED } from './style.js';

describe('givingStyle', () => {
  it.each([
    [0, 0, 5, 'new'],
    [8, 0, 2, 'new'],
    [8, 0, 3, 'giver'],
    [6, 4, 3, 'giver'],
    [5, 5, 3, 'matcher'],
    [4, 6, 3, 'taker'],
    [0, 8, 3, 'taker'],
    [11, 9, 4, 'matcher'],
  ] as const)('given %d, received %d, %d completed → %s', (g, r, c, style) => {
    expect(givingStyle(g, r, c)).toBe(style);
  });

  it(`shows nothing before ${MIN_COMPLETED} completed engagements`, () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.nat(MIN_COMPLETED - 1), (g, r, c) => {
        expect(givingStyle(g, r, c)).toBe('new');
      }),
    );
  });

  it('giving more never makes you look more like a taker', () => {
    const order = { taker: 0, matcher: 1, giver: 2 } as const;
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.integer({ min: 1, max: 100 }), (g, r, more) => {
        const before = givingStyle(g, r, 3);
        const after = givingStyle(g + more, r, 3);
        if (before !== 'new' && after !== 'new') expect(order[after]).toBeGreaterThanOrEqual(order[before]);
      }),
    );
  });

  it('nobody who uses the product as designed, on either side, is a taker', () => {
    // Any mix of engagements as owner (reviewed in time, endorsed) and as helper, of any effort.
    fc.assert(
      fc.property(
        fc.array(fc.record({ hours: fc.integer({ min: 1, max: 200 }), asOwner: fc.boolean() }), {
          minLength: MIN_COMPLETED,
          maxLength: 20,
        }),
        (engagements) => {
          let given = 0;
          let received = 0;
          for (const e of engagements) {
            const credit = ownerCredit(e.hours, { reviewed: true, endorsed: true }).reduce(
              (sum, c) => sum + c.weight,
              0,
            );
            if (e.asOwner) {
              given += credit;
              received += e.hours;
            } else {
              given += e.hours;
              received += credit;
            }
          }
          expect(givingStyle(given, received, engagements.length)).not.toBe('taker');
        },
      ),
    );
  });
});

describe('ownerCredit', () => {
  it('weighs as much as the help when the owner reviews in time and endorses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (h) => {
        const parts = ownerCredit(h, { reviewed: true, endorsed: true });
        expect(parts.map((p) => p.kind)).toEqual(['opportunity', 'review', 'endorsement']);
        expect(parts.reduce((s, p) => s + p.weight, 0)).toBe(h);
        expect(parts.every((p) => Number.isInteger(p.weight) && p.weight >= 0)).toBe(true);
      }),
    );
  });

  it('an auto-completion credits only the opportunity', () => {
    expect(ownerCredit(8, { reviewed: false, endorsed: false })).toEqual([
      { kind: 'opportunity', weight: 4 },
    ]);
    expect(ownerCredit(1, { reviewed: true, endorsed: true })).toEqual([
      { kind: 'opportunity', weight: 1 },
      { kind: 'review', weight: 0 },
      { kind: 'endorsement', weight: 0 },
    ]);
  });
});

describe('ledgerParts', () => {
  it('splits the by-kind rows into the reasons', () => {
    const parts = ledgerParts([
      { kind: 'help', given_weight: 0, given_count: 0, received_weight: 12, received_count: 2 },
      { kind: 'review', given_weight: 4, given_count: 2, received_weight: 0, received_count: 0 },
      { kind: 'endorsement', given_weight: 4, given_count: 2, received_weight: 0, received_count: 0 },
      { kind: 'thanks', given_weight: 1, given_count: 1, received_weight: 2, received_count: 2 },
    ]);
    expect(parts.received.helpHours).toBe(12);
    expect(parts.given).toMatchObject({ reviews: 2, endorsements: 2, thanks: 1, helpHours: 0 });
    expect(parts.received.thanks).toBe(2);
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
