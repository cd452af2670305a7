import type { Overflow } from '../../api/overflow';

/**
 * Whether the server sent only a stub of this overflow: in your offers and engagements, an overflow you may no
 * longer see (narrowed to a direct ask to someone else) comes with its id, state and owner, and a stand-in
 * title, but no brief, skills, effort or due date. The server says so (`hidden`).
 */
export function isHiddenOverflow(overflow: Pick<Overflow, 'hidden'>): boolean {
  return overflow.hidden;
}

/** The one line shown under a stub's title. */
export const HIDDEN_OVERFLOW_NOTE =
  'The owner has since made it a direct ask to one of their ties, so its details are no longer shown to you.';
