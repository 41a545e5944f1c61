// History opened from somewhere else with its filters set (the Dashboard's
// failed calls of its day: all, or by agent or reason). The scope travels by
// itself (team/scope.ts); the filters wait here for the History page to take
// them as it mounts.
import { FAILED, NO_FILTERS, WAITING, type HistoryFilters } from './filters';

let pending: HistoryFilters | null = null;

/** What History starts with on its next mount. */
export function setHistoryFilters(f: HistoryFilters): void {
  pending = f;
}

/** Read at mount; left for a remount in StrictMode's double render until `dropHistoryFilters`. */
export const pendingHistoryFilters = (): HistoryFilters | null => pending;
export function dropHistoryFilters(): void {
  pending = null;
}

/** What a row of the Dashboard's failures is about: one agent's failed calls, or one reason's. */
export type FailedBy = { agent: string } | { reason: string };

/**
 * The failed calls logged on `loggedDay` (the Dashboard's day, YYYY-MM-DD): all of them, or one
 * agent's or reason's. By the day logged, as the Dashboard counts them, not History's From/To
 * (the day a call started: an imported call started days before it was logged).
 */
export function failedCallsOf(loggedDay: string, by?: FailedBy): HistoryFilters {
  return { ...NO_FILTERS, state: FAILED, loggedDay, ...by };
}

/**
 * Every call not final yet, whatever day it was logged: what the Dashboard's "Waiting now" counts
 * (a call logged days ago and still in LeadSquared's queue is the one a supervisor looks for).
 */
export function waitingCalls(): HistoryFilters {
  return { ...NO_FILTERS, state: WAITING };
}
