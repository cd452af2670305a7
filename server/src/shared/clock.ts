/** Injected time source so tests can move time (deadlines, digests at local 08:00). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-01-15T09:00:00.000Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const iso = (d: Date): string => d.toISOString();
export const addMs = (d: Date, ms: number): Date => new Date(d.getTime() + ms);

/** The calendar date (YYYY-MM-DD) at `now` in an IANA time zone; UTC when the zone is unknown. */
export function localDate(now: Date, timeZone = 'UTC'): string {
  const format = dateFormat(timeZone);
  return format ? format.format(now) : now.toISOString().slice(0, 10);
}

/**
 * One formatter per time zone, kept: building an Intl.DateTimeFormat costs about a millisecond, and a
 * request path (an offer's "not in the past" check) asks for one every time. Null for an unknown zone.
 */
const formats = new Map<string, Intl.DateTimeFormat | null>();
function dateFormat(timeZone: string): Intl.DateTimeFormat | null {
  let f = formats.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      f = null;
    }
    if (formats.size >= 1000) formats.clear(); // zones are few; a bound all the same
    formats.set(timeZone, f);
  }
  return f;
}
