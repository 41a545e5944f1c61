// How long an import has left, from the pace it is actually getting. The rate
// limit is only a ceiling: status checks and agents' own calls spend the same
// 25-per-5-s budget (and go first), so an import drains at maybe half of it.
// An estimate from the limit alone promised "less than a minute" with 242 of
// 400 rows left and took nearly three; this one follows what got through.
import type { Db } from '../outbox/db';

/** The recent stretch the pace is measured over: long enough to smooth the budget's bursts, short enough to follow a change (a pause, a rush of agents' calls). */
export const PACE_WINDOW_MS = 30_000;
/** Fewer accepted rows than this in the window, or a shorter stretch, and the pace is noise: say "estimating" instead of a number. */
export const PACE_MIN_ROWS = 8;
export const PACE_MIN_SPAN_MS = 3_000;

/** Accepted rows of the batch in the window: how many, and when the first of them was accepted. */
export interface RecentPace {
  rows: number;
  firstAt: number | null;
}

export function recentPace(db: Db, batchId: string, now: number): RecentPace {
  const r = db
    .prepare('SELECT COUNT(*) AS rows, MIN(accepted_at) AS firstAt FROM entries WHERE batch_id = ? AND accepted_at > ? AND accepted_at <= ?')
    .get(batchId, now - PACE_WINDOW_MS, now) as { rows: number; firstAt: number | null };
  return { rows: r.rows, firstAt: r.firstAt };
}

/**
 * Seconds until the `ahead` calls (this batch's unsent rows and whatever is queued before them)
 * are submitted, at the pace of the window — never faster than the limit allows. Null while
 * there is too little to go on (the batch has just started, or has been waiting): a wrong
 * number is worse than none.
 */
export function etaSeconds(ahead: number, pace: RecentPace, now: number, limitPerSecond: number): number | null {
  if (ahead === 0) return 0;
  if (pace.firstAt === null || pace.rows < PACE_MIN_ROWS) return null;
  const spanMs = now - pace.firstAt;
  if (spanMs < PACE_MIN_SPAN_MS) return null;
  // From the first accepted row in the window to now: n rows make n − 1 gaps, and a stall
  // since the last one lengthens the span, so the pace falls as soon as rows stop coming.
  const achieved = (pace.rows - 1) / (spanMs / 1000);
  const perSecond = Math.min(achieved, limitPerSecond);
  return perSecond > 0 ? Math.ceil(ahead / perSecond) : null;
}
