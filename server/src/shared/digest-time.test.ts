import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueAfterClaim, instantAt, localDateIn, nextDueAt, zoneOrUtc } from './digest-time.js';

const at = (s: string) => new Date(s);
const isoOf = (d: Date) => d.toISOString();

describe('local dates and hours', () => {
  it('reads the local date on both sides of the date line', () => {
    const instant = at('2026-01-15T11:30:00Z');
    expect(localDateIn(instant, 'Pacific/Kiritimati')).toBe('2026-01-16'); // UTC+14
    expect(localDateIn(instant, 'Pacific/Pago_Pago')).toBe('2026-01-15'); // UTC-11
    expect(localDateIn(at('2026-01-15T10:59:00Z'), 'Pacific/Kiritimati')).toBe('2026-01-16');
    expect(localDateIn(at('2026-01-15T09:59:00Z'), 'Pacific/Kiritimati')).toBe('2026-01-15');
  });

  it('gives the UTC instant of a local hour, on both sides of the date line', () => {
    expect(isoOf(instantAt('2026-01-16', 8, 'Pacific/Kiritimati'))).toBe('2026-01-15T18:00:00.000Z');
    expect(isoOf(instantAt('2026-01-15', 8, 'Pacific/Pago_Pago'))).toBe('2026-01-15T19:00:00.000Z');
  });

  it('moves an hour in the spring gap forward and takes the first of an autumn overlap', () => {
    // Europe/Berlin: 02:00 does not exist on 29 March 2026 (01:59 CET → 03:00 CEST).
    expect(isoOf(instantAt('2026-03-29', 2, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(isoOf(instantAt('2026-03-29', 8, 'Europe/Berlin'))).toBe('2026-03-29T06:00:00.000Z');
    // 02:00 happens twice on 25 October 2026: first at 02:00 CEST (00:00Z), then 02:00 CET.
    expect(isoOf(instantAt('2026-10-25', 2, 'Europe/Berlin'))).toBe('2026-10-25T00:00:00.000Z');
    expect(isoOf(instantAt('2026-10-25', 8, 'Europe/Berlin'))).toBe('2026-10-25T07:00:00.000Z');
    // America/New_York: 8 March 2026 springs forward, 1 November 2026 falls back.
    expect(isoOf(instantAt('2026-03-08', 2, 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(isoOf(instantAt('2026-11-01', 1, 'America/New_York'))).toBe('2026-11-01T05:00:00.000Z');
    expect(isoOf(instantAt('2026-11-01', 8, 'America/New_York'))).toBe('2026-11-01T13:00:00.000Z');
  });

  it('reads an unknown zone as UTC', () => {
    expect(zoneOrUtc('Mars/Olympus_Mons')).toBe('UTC');
    expect(zoneOrUtc('')).toBe('UTC');
    expect(localDateIn(at('2026-01-15T23:30:00Z'), 'Not/AZone')).toBe('2026-01-15');
    expect(isoOf(instantAt('2026-01-15', 8, 'Not/AZone'))).toBe('2026-01-15T08:00:00.000Z');
  });
});

describe('when the digest is next due', () => {
  const base = { zone: 'Europe/Berlin', hour: 8, lastClaimedDate: null, catchUp: false };

  it('places a new member at the next occurrence of their hour', () => {
    expect(isoOf(nextDueAt({ ...base, now: at('2026-01-15T06:00:00Z') }))).toBe('2026-01-15T07:00:00.000Z');
    expect(isoOf(nextDueAt({ ...base, now: at('2026-01-15T07:00:00Z') }))).toBe('2026-01-16T07:00:00.000Z');
    expect(isoOf(nextDueAt({ ...base, now: at('2026-01-15T12:00:00Z') }))).toBe('2026-01-16T07:00:00.000Z');
  });

  it('after a change of hour: due now when today’s hour passed and today’s digest was not claimed', () => {
    const now = at('2026-01-15T10:00:00Z'); // 11:00 in Berlin
    const changed = { ...base, now, hour: 9, catchUp: true };
    expect(nextDueAt({ ...changed, lastClaimedDate: '2026-01-14' })).toEqual(now);
    // Today's was claimed already (at the old hour): tomorrow at the new one, never two for a date.
    expect(isoOf(nextDueAt({ ...changed, lastClaimedDate: '2026-01-15' }))).toBe('2026-01-16T08:00:00.000Z');
    // A later hour today: then.
    expect(isoOf(nextDueAt({ ...changed, hour: 18, lastClaimedDate: '2026-01-14' }))).toBe(
      '2026-01-15T17:00:00.000Z',
    );
    expect(isoOf(nextDueAt({ ...changed, hour: 18, lastClaimedDate: '2026-01-15' }))).toBe(
      '2026-01-16T17:00:00.000Z',
    );
  });

  it('after a claim, the next local date at the hour, across both DST changes', () => {
    // The night before the clocks go forward in Berlin, and back.
    expect(isoOf(dueAfterClaim(at('2026-03-28T07:00:05Z'), 'Europe/Berlin', 8, '2026-03-28'))).toBe(
      '2026-03-29T06:00:00.000Z',
    );
    expect(isoOf(dueAfterClaim(at('2026-10-24T06:00:05Z'), 'Europe/Berlin', 8, '2026-10-24'))).toBe(
      '2026-10-25T07:00:00.000Z',
    );
    expect(isoOf(dueAfterClaim(at('2026-03-07T13:00:05Z'), 'America/New_York', 8, '2026-03-07'))).toBe(
      '2026-03-08T12:00:00.000Z',
    );
    expect(isoOf(dueAfterClaim(at('2026-10-31T12:00:05Z'), 'America/New_York', 8, '2026-10-31'))).toBe(
      '2026-11-01T13:00:00.000Z',
    );
  });

  it('never goes back to a local date already claimed, even after moving across the date line', () => {
    // Claimed 16 January in Kiritimati; now in Pago Pago, where it is still the 15th.
    const due = nextDueAt({
      now: at('2026-01-15T18:30:00Z'),
      zone: 'Pacific/Pago_Pago',
      hour: 8,
      lastClaimedDate: '2026-01-16',
      catchUp: true,
    });
    expect(localDateIn(due, 'Pacific/Pago_Pago')).toBe('2026-01-17');
    expect(isoOf(due)).toBe('2026-01-17T19:00:00.000Z');
  });

  it('gives strictly increasing, distinct local dates however late the job runs and whatever changes', () => {
    const zones = [
      'UTC',
      'Europe/Berlin',
      'America/New_York',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'America/Santiago',
    ];
    const step = fc.record({
      late: fc.integer({ min: 0, max: 3 * 24 * 60 }), // minutes the job runs after the due instant
      changeHour: fc.option(fc.integer({ min: 0, max: 23 })),
      changeZone: fc.option(fc.constantFrom(...zones)),
      changeAfter: fc.integer({ min: 0, max: 24 * 60 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.array(step, { minLength: 1, maxLength: 30 }),
        (start, zone0, hour0, steps) => {
          let zone = zone0;
          let hour = hour0;
          let now = new Date(start);
          let due = nextDueAt({ now, zone, hour, lastClaimedDate: null, catchUp: false });
          expect(due.getTime()).toBeGreaterThan(now.getTime());
          let last: string | null = null;
          let lastDue = 0;
          for (const s of steps) {
            // The job claims the due digest (for the local date of the due instant) and advances.
            now = new Date(Math.max(now.getTime(), due.getTime()) + s.late * 60_000);
            const claimed = localDateIn(due, zone);
            if (last !== null) expect(claimed > last).toBe(true);
            expect(due.getTime()).toBeGreaterThan(lastDue);
            last = claimed;
            lastDue = due.getTime();
            due = dueAfterClaim(now, zone, hour, claimed);
            // Sometimes the member changes their hour or zone before it is due: re-placed with catch-up.
            if (s.changeHour !== null || s.changeZone !== null) {
              now = new Date(now.getTime() + s.changeAfter * 60_000);
              hour = s.changeHour ?? hour;
              zone = s.changeZone ?? zone;
              due = nextDueAt({ now, zone, hour, lastClaimedDate: last, catchUp: true });
            }
            expect(due.getTime()).toBeGreaterThanOrEqual(now.getTime());
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
