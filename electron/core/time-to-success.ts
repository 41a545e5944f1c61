// The Dashboard's "Time to Success" buckets, one set for both scopes: this
// computer's (reports.ts, counted in JS) and the team's (team-history.ts,
// counted by PostgreSQL's width_bucket from these bounds), so the two charts
// of the same calls always agree.

export interface TimeBucket {
  label: string;
  count: number;
}

/** Fastest first; a call lands in the first bucket whose maxSeconds it is under. */
export const TIME_TO_SUCCESS_BUCKETS: readonly { label: string; maxSeconds: number }[] = [
  { label: '< 10 s', maxSeconds: 10 },
  { label: '10–30 s', maxSeconds: 30 },
  { label: '30 s–1 min', maxSeconds: 60 },
  { label: '1–2 min', maxSeconds: 120 },
  { label: '2–5 min', maxSeconds: 300 },
  { label: '5–15 min', maxSeconds: 900 },
  { label: '15–60 min', maxSeconds: 3600 },
  { label: '> 1 h', maxSeconds: Infinity },
];

/**
 * The bounds between buckets, as width_bucket(seconds, bounds) takes them: it answers i for
 * bounds[i-1] <= seconds < bounds[i] (0 below the first, n past the last), the index here.
 * Passed with each query rather than written into a schema step, so a released step never
 * holds a copy that could drift from these.
 */
export const TIME_TO_SUCCESS_BOUNDS: readonly number[] = TIME_TO_SUCCESS_BUCKETS.slice(0, -1).map((b) => b.maxSeconds);

export function bucketOf(seconds: number): number {
  return TIME_TO_SUCCESS_BUCKETS.findIndex((b) => seconds < b.maxSeconds);
}

/** Every bucket, labelled, with `countOf(index)` calls (0 where it gives nothing). */
export function labelledBuckets(countOf: (index: number) => number | undefined): TimeBucket[] {
  return TIME_TO_SUCCESS_BUCKETS.map((b, i) => ({ label: b.label, count: countOf(i) ?? 0 }));
}

/**
 * The lower median, as PostgreSQL's percentile_disc(0.5) takes it: of an even count, the
 * faster of the two middle calls. `sorted` ascending.
 */
export function lowerMedian(sorted: readonly number[]): number | null {
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : null;
}
