// The Dashboard's failed calls of its day open History filtered to exactly those
// calls (the Failed figure, an agent's row, a reason's row), logged that day, so
// the supervisor sees who must act on what the figure counted. Waiting now opens
// the calls not final yet, of any day, as it counts them.
import { NO_REASON } from '../../../shared/entry';
import { failedCallsOf, waitingCalls, type FailedBy } from '../history/open-history';
import type { HistoryFilters } from '../history/filters';
import { formatNumber } from './format';

/** A figure that opens History: its full accessible name, and the opening. */
export interface HistoryLink {
  name: string;
  onOpen(): void;
}

/** The Dashboard's day, as its figures open History on it. */
export interface FailedCallsOfDay {
  /** YYYY-MM-DD, this computer's day. */
  day: string;
  /** The day as the History filter names it, "2 Dec 2026". */
  dayName: string;
  /** The figures counted test calls (main's word: the sandbox is on), so the lists hold them too. */
  withTestCalls: boolean;
  open(f: HistoryFilters): void;
}

const failedCalls = (n: number) => `${formatNumber(n)} failed ${n === 1 ? 'call' : 'calls'}`;

/** The day's failed calls of one agent or reason; none for what History cannot single out. */
export function failedCallsLink(count: number, by: FailedBy, of: FailedCallsOfDay): HistoryLink | undefined {
  // History's empty agent filter means every agent: calls logged without a name cannot be singled out.
  if ('agent' in by && by.agent.trim() === '') return undefined;
  // Failures LeadSquared gave no reason for have none to filter by.
  if ('reason' in by && by.reason === NO_REASON) return undefined;
  const whose = 'agent' in by ? `of ${by.agent}` : `for the reason “${by.reason}”`;
  return { name: `Show the ${failedCalls(count)} ${whose} logged on ${of.dayName} in History`, onOpen: () => of.open(failedCallsOf(of.day, by, of.withTestCalls)) };
}

/** All the day's failed calls (the Failed figure); none when there are none to list. */
export function dayFailedLink(count: number, of: FailedCallsOfDay): HistoryLink | undefined {
  if (count === 0) return undefined;
  return { name: `Show the ${failedCalls(count)} logged on ${of.dayName} in History`, onOpen: () => of.open(failedCallsOf(of.day, undefined, of.withTestCalls)) };
}

/** Every call not final yet, any day (the Waiting now figure); none when there are none. */
export function waitingLink(count: number, of: FailedCallsOfDay): HistoryLink | undefined {
  if (count === 0) return undefined;
  const calls = `${formatNumber(count)} ${count === 1 ? 'call' : 'calls'}`;
  return { name: `Show the ${calls} not final yet, of any day, in History`, onOpen: () => of.open(waitingCalls(of.withTestCalls)) };
}
