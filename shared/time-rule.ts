// StartTime/EndTime travel as wall-clock `YYYY-MM-DD HH:MM:SS` in one time zone:
// UTC by default (the Generic connector's rule), or an IANA zone chosen in Settings.
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import { parseApiTime } from './call-log';

export { DEFAULT_TIME_ZONE, isValidTimeZone } from './time-zone';

/** An absolute instant (ISO string or epoch ms) as the API's wall-clock text in `zone`. */
export function toApiTime(instant: string | number, zone: string): string {
  return formatInTimeZone(new Date(instant), zone, 'yyyy-MM-dd HH:mm:ss');
}

/** The API's wall-clock text in `zone` back to epoch milliseconds, or null when malformed. */
export function fromApiTime(text: string, zone: string): number | null {
  if (parseApiTime(text) === null) return null;
  const ms = fromZonedTime(text.replace(' ', 'T'), zone).getTime();
  return Number.isNaN(ms) ? null : ms;
}
