import type { NetworkTie } from '../../api/network';

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** "3 March 2026" */
export const formatLongDate = (d: Date | string) => longDate.format(typeof d === 'string' ? new Date(d) : d);
/** "3 Mar 2026" */
export const formatShortDate = (d: Date | string) =>
  shortDate.format(typeof d === 'string' ? new Date(d) : d);

export const viaPhrase = (via: NetworkTie['formedVia']) =>
  via === 'engagement' ? 'through work' : 'through a noticed note';

/** "2 engagements together", with its unit. */
export function workTogether(n: number): string {
  if (n === 0) return 'no completed engagements together yet';
  return `${n} ${n === 1 ? 'engagement' : 'engagements'} together`;
}

/** "Ana Lima — tie formed 3 March 2026 through work, 2 engagements together" */
export function tieDescription(tie: NetworkTie): string {
  return `${tie.member.name} — tie formed ${formatLongDate(tie.formedAt)} ${viaPhrase(tie.formedVia)}, ${workTogether(tie.completedTogether)}`;
}
