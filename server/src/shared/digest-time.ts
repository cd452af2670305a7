import { DateTime } from 'luxon';

/**
 * When a member's daily digest is due: pure rules over a time zone, a local hour and the last local date a
 * digest was claimed for. The scheduler stores the answer in members.digest_next_at; the claim of
 * (member, local date) in `digests` is what makes it once a day. Unknown zones read as UTC.
 */

const validZones = new Map<string, boolean>();

/** The zone, or 'UTC' when it is not one luxon (the platform's Intl) knows. */
export function zoneOrUtc(zone: string | null | undefined): string {
  if (!zone) return 'UTC';
  let ok = validZones.get(zone);
  if (ok === undefined) {
    ok = DateTime.now().setZone(zone).isValid;
    if (validZones.size >= 1000) validZones.clear(); // zones are few; a bound all the same
    validZones.set(zone, ok);
  }
  return ok ? zone : 'UTC';
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDateIn(instant: Date, zone: string): string {
  return DateTime.fromMillis(instant.getTime(), { zone: zoneOrUtc(zone) }).toISODate()!;
}

/** The date after a YYYY-MM-DD date. */
export function nextDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate()!;
}

/**
 * The UTC instant of local hour `hour` (0–23) on a local date. In a daylight-saving gap (the hour does not
 * exist) it moves forward to the first instant after the gap; in an overlap (the hour happens twice) it is
 * the first of the two, so the digest does not wait an extra hour on the night the clocks go back.
 */
export function instantAt(date: string, hour: number, zone: string): Date {
  const z = zoneOrUtc(zone);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wall = DateTime.fromObject({ year, month, day, hour }, { zone: z });
  let ms = wall.toMillis();
  // Luxon resolves an ambiguous wall time to the later offset; step back by the usual shifts to find the first.
  for (const minutes of [60, 30]) {
    const earlier = DateTime.fromMillis(ms - minutes * 60_000, { zone: z });
    if (
      earlier.year === year &&
      earlier.month === month &&
      earlier.day === day &&
      earlier.hour === wall.hour &&
      earlier.minute === 0
    ) {
      ms = earlier.toMillis();
      break;
    }
  }
  return new Date(ms);
}

export interface DueInput {
  now: Date;
  zone: string;
  hour: number;
  /** The newest local date a digest was claimed for, or null. */
  lastClaimedDate: string | null;
  /**
   * The member was placed before (their hour or zone changed, or they turned the digest back on): if today's
   * hour has passed and today's digest was not claimed, it is due now rather than tomorrow.
   */
  catchUp: boolean;
}

/**
 * The next instant a member's digest is due. A member placed for the first time gets the next occurrence of
 * their hour after now; with `catchUp`, a passed hour today whose digest was not claimed is due now. The
 * local date of the answer is always after `lastClaimedDate`, so a member never gets two for one date.
 */
export function nextDueAt(input: DueInput): Date {
  const zone = zoneOrUtc(input.zone);
  const today = localDateIn(input.now, zone);
  const last = input.lastClaimedDate;
  const todayAt = instantAt(today, input.hour, zone);
  if (todayAt.getTime() > input.now.getTime()) {
    if (last === null || last < today) return todayAt;
  } else if (input.catchUp && (last === null || last < today)) {
    return input.now;
  }
  let date = nextDate(today);
  if (last !== null && last >= date) date = nextDate(last);
  return instantAt(date, input.hour, zone);
}

/** After a digest for `claimedDate` (claimed at `now`): the next one, on a later local date, at the hour. */
export function dueAfterClaim(now: Date, zone: string, hour: number, claimedDate: string): Date {
  return nextDueAt({ now, zone, hour, lastClaimedDate: claimedDate, catchUp: false });
}
