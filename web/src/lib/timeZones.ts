/** The browser's own time zone, when it is one the server accepts (IANA with a slash, or UTC). */
export function browserTimeZone(): string | undefined {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && (zone.includes('/') || zone === 'UTC') ? zone : undefined;
  } catch {
    return undefined;
  }
}

let cached: string[] | undefined;

/** Every IANA time zone this browser knows, for the time zone picker. */
export function allTimeZones(): string[] {
  if (!cached) {
    let zones: string[] = [];
    try {
      zones = Intl.supportedValuesOf('timeZone');
    } catch {
      zones = [];
    }
    cached = [...new Set(['UTC', ...zones.filter((z) => z.includes('/'))])];
  }
  return cached;
}

/** The picker's options, making sure the member's current zone is among them. */
export function timeZoneOptions(current: string | undefined): string[] {
  const zones = allTimeZones();
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}
