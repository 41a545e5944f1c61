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
 * Never later than the schedule's last gap: the reported delay comes from LeadSquared, or from
 * whichever desktop of the floor last saved it in the team database, and a delay of years (or
 * NaN) there would otherwise stop every accepted call being checked.
 */
export function firstCheckDelay(sched: CheckSchedule, maxDelaySeconds: number | null): number {
  if (maxDelaySeconds === null || Number.isNaN(maxDelaySeconds)) return sched.firstUnknownMs;
  const latest = sched.laterMs[sched.laterMs.length - 1] ?? sched.firstUnknownMs;
  return Math.min(latest, Math.max(sched.firstMinMs, Math.ceil(maxDelaySeconds * 1000 * 1.05) + sched.slackMs));
}

/** Gap after the n-th In-Queue answer (n ≥ 1). */
export function laterCheckDelay(sched: CheckSchedule, checksDone: number): number {
  const i = Math.min(Math.max(0, checksDone - 1), sched.laterMs.length - 1);
  return sched.laterMs[i]!;
}
