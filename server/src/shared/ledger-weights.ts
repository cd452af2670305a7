/**
 * The ledger's weights as data (ADR 0008). Help is weighted by the overflow's effort hours H; what the owner
 * gives at completion is weighted so that one engagement run as designed — real work posted, the delivery
 * reviewed within the review window, an endorsement written — is an even exchange: the owner gives H, as the
 * helper did.
 *
 *   opportunity  H − 2·⌊H/4⌋  the work itself: verified proof, a tie and a reputation for the helper
 *   review       ⌊H/4⌋        the owner completed it within the review window (auto-completion is not one)
 *   endorsement  ⌊H/4⌋        a written endorsement (auto-completion's neutral text is not one)
 *
 * A small job (H < 4) gives its review and endorsement weight 0: they are still written, and counted, so the
 * style's reasons can name them.
 */
export function ownerCredit(
  effortHours: number,
  did: { reviewed: boolean; endorsed: boolean },
): { kind: 'opportunity' | 'review' | 'endorsement'; weight: number }[] {
  const quarter = Math.floor(effortHours / 4);
  const out: { kind: 'opportunity' | 'review' | 'endorsement'; weight: number }[] = [
    { kind: 'opportunity', weight: effortHours - 2 * quarter },
  ];
  if (did.reviewed) out.push({ kind: 'review', weight: quarter });
  if (did.endorsed) out.push({ kind: 'endorsement', weight: quarter });
  return out;
}

/**
 * A direct ask is counted, not weighed (0; it weighed 1 until 0014): asking someone by name is how the product
 * is meant to be used, and the help that may follow is weighed by its hours. It still shows among the reasons.
 */
export const ASK_WEIGHT = 0;
