// The form speaks the agent's wall clock (what <input type="datetime-local">
// holds); the contract speaks absolute instants. These helpers are the only
// place the two meet, so a call's time means the same thing everywhere.

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** yyyy-MM-ddTHH:mm:ss on the browser's clock (hand-written: this page loads first, and a date library is most of its weight). */
function localDateTime(d: Date): string {
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** What datetime-local gives back: seconds are dropped by the browser when they are :00. */
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

export type LocalParse = { ok: true; date: Date } | { ok: false; reason: 'malformed' | 'nonexistent' };

/** Reads a datetime-local value as a moment in the browser's time zone. */
export function parseLocal(value: string): LocalParse {
  const m = LOCAL_RE.exec(value.trim());
  if (!m) return { ok: false, reason: 'malformed' };
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((p) => Number(p ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, s);
  // A time the clocks skipped (spring-forward) is silently moved by Date; say so
  // instead of logging a call at an hour the agent did not type.
  const same =
    date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d && date.getHours() === h && date.getMinutes() === mi;
  if (Number.isNaN(date.getTime())) return { ok: false, reason: 'malformed' };
  return same ? { ok: true, date } : { ok: false, reason: 'nonexistent' };
}

/** Epoch ms of a datetime-local value, or null when it is not a real local time. */
export function localToMs(value: string): number | null {
  const p = parseLocal(value);
  return p.ok ? p.date.getTime() : null;
}

/** A datetime-local value (always with seconds, as step="1" shows them). */
export function msToLocal(ms: number): string {
  return localDateTime(new Date(ms));
}

/** The ISO instant with the agent's offset, e.g. 2024-05-01T15:00:00+05:30, as callInputSchema wants. */
export function localToIso(value: string): string {
  const p = parseLocal(value);
  if (!p.ok) return value;
  const offset = -p.date.getTimezoneOffset();
  const zone = offset === 0 ? 'Z' : `${offset > 0 ? '+' : '-'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  return `${localDateTime(p.date)}${zone}`;
}

/** Now, to the whole second: the form shows and sends seconds only. */
export function nowMs(): number {
  return Math.floor(Date.now() / 1000) * 1000;
}

/**
 * Agents read durations off a phone or dialler, often as 2:05 or 1:02:05, so
 * those are accepted too. Null when the text is not a duration.
 */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  if (/^\d{1,9}$/.test(t)) return Number(t); // too long is callInputSchema's to say, in its words
  const m = /^(?:(\d{1,2}):)?(\d{1,3}):([0-5]\d)$/.exec(t);
  if (!m) return null;
  const [h, mi, s] = [Number(m[1] ?? 0), Number(m[2]), Number(m[3])];
  if (m[1] !== undefined && mi > 59) return null;
  return h * 3600 + mi * 60 + s;
}
