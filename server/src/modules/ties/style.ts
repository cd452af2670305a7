/**
 * A member's giving style from their ledger totals (Adam Grant's givers, matchers and takers), and its reasons.
 *
 * Rule (ADR 0008): with G = weight given and R = weight received over all ties,
 *   - fewer than MIN_COMPLETED completed engagements on either side → 'new' (too early to mean anything),
 *   - G / (G + R) ≥ 0.6 → 'giver',
 *   - G / (G + R) ≤ 0.4 → 'taker' (shown as "receiving more", never as a verdict),
 *   - otherwise → 'matcher' (keeps things even).
 * Help is weighted by effort hours; the owner's opportunity, review and endorsement together weigh as much as
 * the help when the owner does all three (shared/ledger-weights.ts); a thanks note counts 1, a direct ask 0.
 */
export type GivingStyle = 'new' | 'giver' | 'matcher' | 'taker';

/** Completed engagements (as helper or owner) before a style is shown. */
export const MIN_COMPLETED = 3;

export function givingStyle(given: number, received: number, completed: number): GivingStyle {
  const total = given + received;
  if (completed < MIN_COMPLETED || total <= 0) return 'new';
  const share = given / total;
  if (share >= 0.6) return 'giver';
  if (share <= 0.4) return 'taker';
  return 'matcher';
}

/** What a member gave or received, by kind: the parts of the style's reason (the web writes the sentence). */
export interface LedgerParts {
  helpHours: number;
  opportunities: number;
  reviews: number;
  endorsements: number;
  thanks: number;
  asks: number;
}

const EMPTY: LedgerParts = {
  helpHours: 0,
  opportunities: 0,
  reviews: 0,
  endorsements: 0,
  thanks: 0,
  asks: 0,
};

/** The member's ledger by kind (one row per kind) as given and received parts. */
export function ledgerParts(
  rows: {
    kind: string;
    given_weight: number;
    given_count: number;
    received_weight: number;
    received_count: number;
  }[],
): { given: LedgerParts; received: LedgerParts } {
  const given = { ...EMPTY };
  const received = { ...EMPTY };
  for (const r of rows) {
    const [g, rc] = [Number(r.given_count), Number(r.received_count)];
    switch (r.kind) {
      case 'help':
        given.helpHours += Number(r.given_weight);
        received.helpHours += Number(r.received_weight);
        break;
      case 'opportunity':
        given.opportunities += g;
        received.opportunities += rc;
        break;
      case 'review':
        given.reviews += g;
        received.reviews += rc;
        break;
      case 'endorsement':
        given.endorsements += g;
        received.endorsements += rc;
        break;
      case 'thanks':
        given.thanks += g;
        received.thanks += rc;
        break;
      case 'ask':
        given.asks += g;
        received.asks += rc;
        break;
    }
  }
  return { given, received };
}

/** A tie is transactional for me when I have only ever received from that person. */
export function isTransactional(givenToThem: number, receivedFromThem: number): boolean {
  return givenToThem === 0 && receivedFromThem > 0;
}
