import type { ExpressionBuilder } from 'kysely';
import type { OverflowGrant } from '../shared/visibility.js';
import type { Database } from './schema.js';

/**
 * The SQL form of the visibility grants (shared/visibility.ts): a row is listed when any grant allows it,
 * exactly as `canViewOverflow` decides for one row. Every list of overflow (the board, search) uses it.
 */
export function visibleTo(grants: readonly OverflowGrant[]) {
  return (eb: ExpressionBuilder<Database, 'overflow'>) =>
    eb.or(
      grants.map((g) => {
        switch (g.kind) {
          case 'visibility':
            return eb('overflow.visibility', '=', g.visibility);
          case 'owner':
            return eb('overflow.owner_id', '=', g.memberId);
          case 'asked':
            return eb.and([
              eb('overflow.visibility', '=', 'ask'),
              eb('overflow.ask_member_id', '=', g.memberId),
            ]);
        }
      }),
    );
}
