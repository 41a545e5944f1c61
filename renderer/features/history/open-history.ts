// History opened from somewhere else with its filters set (the Dashboard's
// failures by agent or reason). The scope travels by itself (team/scope.ts);
// the filters wait here for the History page to take them as it mounts.
import { FAILED, NO_FILTERS, type HistoryFilters } from './filters';

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

/**
 * The failed calls of one agent, or for one reason. Every day's: History's dates are the day a call
 * started, the Dashboard's the day it was logged (an imported call started days before), so a
 * date filter here could hide some of the calls the Dashboard counted.
 */
export function failedCallsOf(by: { agent: string } | { reason: string }): HistoryFilters {
  return { ...NO_FILTERS, state: FAILED, ...by };
}
