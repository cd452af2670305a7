import classes from './Ties.module.css';

/**
 * Given (brand colour) against received (warm grey), side by side in one bar. Decorative: the numbers
 * are always written next to it.
 */
export function BalanceBar({ given, received }: { given: number; received: number }) {
  const total = given + received;
  const givenShare = total > 0 ? (given / total) * 100 : 0;
  return (
    <div className={classes.balance} aria-hidden="true" data-empty={total === 0 || undefined}>
      {given > 0 && <span className={classes.balanceGiven} style={{ width: `${givenShare}%` }} />}
      {received > 0 && <span className={classes.balanceReceived} style={{ width: `${100 - givenShare}%` }} />}
    </div>
  );
}

/** Weights are whole numbers in practice; keep one decimal if the server ever sends fractions. */
export function formatWeight(weight: number): string {
  return Number.isInteger(weight) ? String(weight) : weight.toFixed(1);
}
