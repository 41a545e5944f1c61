// When to ask LeadSquared about a RequestID. The first check waits for the
// queue's own reported delay (metrics MaxDelayInSeconds); after that we follow
// the async service's retry schedule, because a request still In-Queue after
// its first try is waiting for exactly those retries.
export interface CheckSchedule {
  /** Never check sooner than this after acceptance. */
  firstMinMs: number;
  /** First check when the queue's delay is unknown. */
  firstUnknownMs: number;
  /** Added to the reported delay: it is an estimate, and processing is not instant. */
  slackMs: number;
  /** Gaps after each In-Queue answer; the last repeats. */
  laterMs: readonly number[];
  /** Never check later than this after acceptance, whatever delay is reported (FIRST_MAX_MS if unset). */
  firstMaxMs?: number;
}

const s = 1000;
const m = 60 * s;
export const DEFAULT_SCHEDULE: CheckSchedule = {
  firstMinMs: 3 * s,
  firstUnknownMs: 10 * s,
  slackMs: 2 * s,
  laterMs: [30 * s, 2 * m, 7 * m, 15 * m, 30 * m, 45 * m, 60 * m, 90 * m, 120 * m, 180 * m],
};

/**
 * The latest a first check comes: the default schedule's last gap. The reported delay comes from
 * LeadSquared, or from whichever desktop login last saved the floor's metrics in the team
 * database, and a delay of years (or NaN) there would stop every accepted call being checked.
 */
export const FIRST_MAX_MS = 3 * 60 * m;

export function firstCheckDelay(sched: CheckSchedule, maxDelaySeconds: number | null): number {
  if (maxDelaySeconds === null || Number.isNaN(maxDelaySeconds)) return sched.firstUnknownMs;
  const reported = Math.max(sched.firstMinMs, Math.ceil(maxDelaySeconds * 1000 * 1.05) + sched.slackMs);
  return Math.min(sched.firstMaxMs ?? FIRST_MAX_MS, reported);
}

/** Gap after the n-th In-Queue answer (n ≥ 1). */
export function laterCheckDelay(sched: CheckSchedule, checksDone: number): number {
  const i = Math.min(Math.max(0, checksDone - 1), sched.laterMs.length - 1);
  return sched.laterMs[i]!;
}
