// Words and numbers for the Dashboard.
const number = new Intl.NumberFormat();

export const formatNumber = (n: number) => number.format(n);

/** A wait or a delivery time, to the precision a supervisor acts on. */
export function formatSeconds(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const sec = Math.round(s % 60);
    return sec === 0 ? `${m} min` : `${m} min ${sec} s`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** "02:00" for hour 2 of the chosen day. */
export const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;
