// History opened from somewhere else with its filters set (the Dashboard's
// failed calls of its day: all, or by agent or reason; its calls not final yet;
// the menu's failed calls; Log call's failed last call, with its details open).
// The scope travels by itself (team/scope.ts); the filters wait here for the
// History page to take them as it mounts, or at once when it is already on
// screen (the menu is). Every list the Dashboard's figures open holds the calls
// they count: test calls left out, unless the sandbox is on and they count them.
import type { EntrySummary } from '../../../shared/entry';
import { FAILED, NO_FILTERS, WAITING, type HistoryFilters } from './filter-values';

let pending: HistoryFilters | null = null;
let pendingCall: EntrySummary | null = null;
let pendingHere = false;
const listeners = new Set<() => void>();

/** What History starts with on its next mount (or now, if it is open), and the call whose details it opens. */
export function setHistoryFilters(f: HistoryFilters, call: EntrySummary | null = null, here = false): void {
  pending = f;
  pendingCall = call;
  pendingHere = here;
  for (const l of listeners) l();
}

/** Read at mount; left for a remount in StrictMode's double render until `dropHistoryFilters`. */
export const pendingHistoryFilters = (): HistoryFilters | null => pending;
export const pendingHistoryCall = (): EntrySummary | null => pendingCall;
/** The filters are about this computer's calls: History switches to "This computer" for them. */
export const pendingHistoryHere = (): boolean => pending !== null && pendingHere;
export function dropHistoryFilters(): void {
  pending = null;
  pendingCall = null;
  pendingHere = false;
}
/** History on screen hears filters set while it is. */
export function onHistoryFilters(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/**
 * Opens History on this computer's calls: the menu's failed calls and Log call's last call are this
 * computer's, and only there can they be edited and resent, so a Team scope chosen before gives way
 * (History switches it: the scope's code stays out of the first load).
 */
export function openHereInHistory(f: HistoryFilters, go: () => void, call: EntrySummary | null = null): void {
  setHistoryFilters(f, call, true);
  go();
}

/** What a row of the Dashboard's failures is about: one agent's failed calls, or one reason's. */
export type FailedBy = { agent: string } | { reason: string };

/**
 * The failed calls logged on `loggedDay` (the Dashboard's day, YYYY-MM-DD): all of them, or one
 * agent's or reason's. By the day logged, as the Dashboard counts them, not History's From/To
 * (the day a call started: an imported call started days before it was logged).
 */
export function failedCallsOf(loggedDay: string, by?: FailedBy, withTestCalls = false): HistoryFilters {
  // An agent's row counted that agent's calls, not those of a longer name holding it.
  const whole = by !== undefined && 'agent' in by;
  return { ...NO_FILTERS, state: FAILED, loggedDay, testCallsLeftOut: !withTestCalls, ...by, ...(whole ? { agentWhole: true } : {}) };
}

/**
 * Every failed call (Failure or Error) of this computer, any day: what the menu's indicator counts,
 * test calls left out when it leaves them out (the sandbox off).
 */
export function allFailedCalls(withTestCalls: boolean): HistoryFilters {
  return { ...NO_FILTERS, state: FAILED, testCallsLeftOut: !withTestCalls };
}

/** One call, found by its session ID (unique here): Log call's last call. */
export function oneCall(callSessionId: string): HistoryFilters {
  return { ...NO_FILTERS, search: callSessionId };
}

/**
 * Every call not final yet, whatever day it was logged: what the Dashboard's "Waiting now" counts
 * (a call logged days ago and still in LeadSquared's queue is the one a supervisor looks for).
 */
export function waitingCalls(withTestCalls = false): HistoryFilters {
  return { ...NO_FILTERS, state: WAITING, testCallsLeftOut: !withTestCalls };
}
