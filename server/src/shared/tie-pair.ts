/** A tie's pair as stored: member_a is the smaller id, with the ledger weight each gave the other. */
export interface TiePair {
  member_a: string;
  member_b: string;
  weight_a_to_b: number;
  weight_b_to_a: number;
}

/**
 * The pair after one member's id is replaced (account deletion's tombstone, docs/account-deletion.md): member_a
 * stays the smaller id, so when the new id sorts on the other side of the partner the pair swaps, and its
 * per-direction weights with it. What each gave the other is unchanged.
 */
export function rekeyTiePair(t: TiePair, oldId: string, newId: string): TiePair {
  if (t.member_a !== oldId && t.member_b !== oldId) return t;
  const oldIsA = t.member_a === oldId;
  const other = oldIsA ? t.member_b : t.member_a;
  const given = oldIsA ? t.weight_a_to_b : t.weight_b_to_a;
  const got = oldIsA ? t.weight_b_to_a : t.weight_a_to_b;
  const newIsA = newId < other;
  return {
    member_a: newIsA ? newId : other,
    member_b: newIsA ? other : newId,
    weight_a_to_b: newIsA ? given : got,
    weight_b_to_a: newIsA ? got : given,
  };
}
