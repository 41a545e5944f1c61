// Calendar days as the supervisor means them: days on this computer's clock
// (what <input type="date"> holds), turned into the epoch-ms windows main filters by.
import { format } from 'date-fns';

export interface DayWindow {
  from: number;
  to: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date input's value as that local day's first and last millisecond; null when not a real date. */
export function localDayBounds(date: string): DayWindow | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const start = new Date(y, mo - 1, d);
  if (start.getFullYear() !== y || start.getMonth() !== mo - 1 || start.getDate() !== d) return null;
  // The next midnight, not start + 24 h: days with a DST change have 23 or 25 hours.
  const next = new Date(y, mo - 1, d + 1);
  return { from: start.getTime(), to: next.getTime() - 1 };
}

/** Today as a date input value. */
export const todayLocal = (): string => format(new Date(), 'yyyy-MM-dd');

/** A date input's value as a person writes the day, "2 Dec 2026"; anything else as it is. */
export function dayName(date: string): string {
  const day = localDayBounds(date);
  return day ? format(day.from, 'd MMM yyyy') : date;
}
