// Time-zone names as Settings takes them. Apart from time-rule.ts so that what
// only checks a zone's name (the settings schema, the first page) does not load
// the zone conversion library.

export const DEFAULT_TIME_ZONE = 'UTC';

export function isValidTimeZone(zone: string): boolean {
  if (zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+\-]+)*$/.test(zone);
  } catch {
    return false;
  }
}
