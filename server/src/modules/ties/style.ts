/**
 * A member's giving style from their ledger totals (Adam Grant's givers, matchers and takers).
 *
 * Rule: with G = weight given and R = weight received over all ties,
 *   - fewer than MIN_ACTIVITY units in total → 'new' (too early to say anything),
 *   - G / (G + R) ≥ 0.6 → 'giver',
 *   - G / (G + R) ≤ 0.4 → 'taker',
 *   - otherwise → 'matcher' (keeps things even).
 * Help is weighted by effort hours, a thanks note or an ask counts 1.
 */
export type GivingStyle = 'new' | 'giver' | 'matcher' | 'taker';

export const MIN_ACTIVITY = 2;

export function givingStyle(given: number, received: number): GivingStyle {
  const total = given + received;
  if (total < MIN_ACTIVITY) return 'new';
  const share = given / total;
  if (share >= 0.6) return 'giver';
  if (share <= 0.4) return 'taker';
  return 'matcher';
}

/** A tie is transactional for me when I have only ever received from that person. */
export function isTransactional(givenToThem: number, receivedFromThem: number): boolean {
  return givenToThem === 0 && receivedFromThem > 0;
}
