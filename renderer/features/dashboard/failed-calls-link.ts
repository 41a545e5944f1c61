// A row of the Dashboard's failures (an agent's, or a reason's) opens History
// filtered to exactly those calls, so the supervisor sees who must act.
import { NO_REASON } from '../../../shared/entry';
import type { HistoryFilters } from '../history/filters';
import { failedCallsOf } from '../history/open-history';
import type { BarRow } from './BarTable';
import { formatNumber } from './format';

export function failedCallsLink(count: number, by: { agent: string } | { reason: string }, open: (f: HistoryFilters) => void): BarRow['open'] {
  // History's empty agent filter means every agent: calls logged without a name cannot be singled out.
  if ('agent' in by && by.agent.trim() === '') return undefined;
  // Failures LeadSquared gave no reason for have none to filter by.
  if ('reason' in by && by.reason === NO_REASON) return undefined;
  // History lists every day's (see failedCallsOf), so the day's count is said as the day's.
  const which = 'agent' in by ? `every failed call of ${by.agent}` : `every failed call for the reason “${by.reason}”`;
  return { name: `Show ${which} in History, any day (${formatNumber(count)} on this day)`, onOpen: () => open(failedCallsOf(by)) };
}
