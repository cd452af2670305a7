import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rekeyTiePair, type TiePair } from './tie-pair.js';

const id = fc.stringMatching(/^[0-9a-z]{4,12}$/);
const weight = fc.integer({ min: 0, max: 10_000 });

/** What `from` gave `to` in a stored pair. */
const gave = (t: TiePair, from: string, to: string) =>
  t.member_a === from && t.member_b === to
    ? t.weight_a_to_b
    : t.member_b === from && t.member_a === to
      ? t.weight_b_to_a
      : NaN;

describe('rekeyTiePair', () => {
  it('keeps member_a the smaller id and what each member gave the other, whichever way the new id sorts', () => {
    fc.assert(
      fc.property(id, id, id, weight, weight, fc.boolean(), (x, y, fresh, w1, w2, leaverFirst) => {
        fc.pre(x !== y && fresh !== x && fresh !== y);
        const [a, b] = x < y ? [x, y] : [y, x];
        const stored: TiePair = { member_a: a, member_b: b, weight_a_to_b: w1, weight_b_to_a: w2 };
        const leaver = leaverFirst ? a : b;
        const other = leaverFirst ? b : a;
        const next = rekeyTiePair(stored, leaver, fresh);
        expect(next.member_a < next.member_b).toBe(true);
        expect(new Set([next.member_a, next.member_b])).toEqual(new Set([fresh, other]));
        expect(gave(next, fresh, other)).toBe(gave(stored, leaver, other));
        expect(gave(next, other, fresh)).toBe(gave(stored, other, leaver));
      }),
    );
  });

  it('leaves a pair without the old id as it is', () => {
    const t: TiePair = { member_a: 'a1', member_b: 'b1', weight_a_to_b: 3, weight_b_to_a: 4 };
    expect(rekeyTiePair(t, 'zz', 'yy')).toBe(t);
  });
});
