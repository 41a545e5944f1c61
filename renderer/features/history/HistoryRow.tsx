// One History row. Fixed height (ROW_HEIGHT) so the virtualizer can place
// 100,000 of them by arithmetic, never by measuring.
import { memo, type CSSProperties } from 'react';
import type { EntryState, EntrySummary } from '../../../shared/entry';
import { StateBadge } from '../../app/StateBadge';
import { reasonOf } from './format';

export const ROW_HEIGHT = 48;
export const HEADER_HEIGHT = 40;
export const COLUMNS = ['State', 'Lead number', 'Direction', 'Start time', 'Agent', 'RequestID'] as const;

/** States whose reason belongs in the row itself: a failed call is never more than a glance from why. */
const SHOW_REASON: readonly EntryState[] = ['failure', 'error', 'retry_wait', 'needs_key', 'needs_setup', 'paused'];

interface RowProps {
  index: number;
  entry: EntrySummary | undefined;
  top: number;
  tabbable: boolean;
  selected: boolean;
}

export const HistoryRow = memo(function HistoryRow({ index, entry, top, tabbable, selected }: RowProps) {
  const style: CSSProperties = { transform: `translateY(${top}px)` };
  // aria-rowindex counts the header row as 1, so screen readers say "row 5 of 100,001".
  const common = { role: 'row', 'aria-rowindex': index + 2, 'data-index': index, tabIndex: tabbable ? 0 : -1, style } as const;
  if (!entry) {
    return (
      <div {...common} className="history-row history-row-loading" aria-busy="true">
        <div role="gridcell" className="history-cell">Loading…</div>
      </div>
    );
  }
  const reason = SHOW_REASON.includes(entry.state) ? reasonOf(entry) : null;
  return (
    <div {...common} className="history-row" aria-selected={selected} data-entry-id={entry.id}>
      <div role="gridcell" className="history-cell history-state">
        <StateBadge state={entry.state} />
        {reason && (
          <span className="history-reason" title={reason}>
            {reason}
          </span>
        )}
      </div>
      <div role="gridcell" className="history-cell">{entry.leadNumber}</div>
      <div role="gridcell" className="history-cell">{entry.direction}</div>
      <div role="gridcell" className="history-cell">{entry.startTime}</div>
      <div role="gridcell" className="history-cell history-agent" title={entry.agentName}>{entry.agentName || '—'}</div>
      <div role="gridcell" className="history-cell history-mono" title={entry.requestId ?? undefined}>
        {entry.requestId ?? <span className="history-muted">none yet</span>}
      </div>
    </div>
  );
});
