// One History row. Fixed height (ROW_HEIGHT) so the virtualizer can place
// 100,000 of them by arithmetic; only beside a call's details, where the list is
// too narrow for long values on one line, and in the team's history (agents' and
// desktops' names of any length, a failure's reason on two lines), do the rows in
// view grow and get measured.
import { memo, useId, type CSSProperties } from 'react';
import type { EntryState, EntrySummary } from '../../../shared/entry';
import { StateBadge } from '../../app/StateBadge';
import { TestTag } from '../../app/TestTag';
import type { Scope } from '../team/scope';
import { reasonOf } from './format';
import { shortReason } from './reason-label';

export const ROW_HEIGHT = 48;
export const HEADER_HEIGHT = 40;
const LOCAL_COLUMNS = ['State', 'Lead number', 'Direction', 'Start time', 'Agent', 'RequestID'] as const;
/** The team's calls also say which desktop logged them: the one that must act on them. */
const TEAM_COLUMNS = ['State', 'Lead number', 'Direction', 'Start time', 'Agent', 'Desktop', 'RequestID'] as const;
export const columnsOf = (scope: Scope): readonly string[] => (scope === 'team' ? TEAM_COLUMNS : LOCAL_COLUMNS);
/**
 * Columns the list drops beside a call's details when too narrow for them all (history.css): each
 * is in the details' headline, and cut to a character or two it told nothing.
 */
const DROPPABLE: Readonly<Record<string, string>> = { Direction: 'history-direction', RequestID: 'history-request-id' };
/** A column's class, on its header and its cells. */
export const columnClass = (column: string): string => DROPPABLE[column] ?? '';

/** A row of either scope: the team's carry the desktop that logged them. */
export type HistoryEntry = EntrySummary & { desktopId?: string; desktopName?: string; thisComputer?: boolean };

/** A call's identity: its id on this computer; in the team's history, the desktop's id with the id it gave it. */
export const rowKey = (e: HistoryEntry): string => (e.desktopId === undefined ? String(e.id) : `${e.desktopId}/${e.id}`);

/**
 * A RequestID (LeadSquared's GUID, 8-4-4-4-12) whole: on one line where there is room, else
 * in two halves split after its third group, never a digit or a group cut. The text is the
 * GUID itself, so a selection copies it whole. Anything else wraps where it must.
 */
export function RequestIdText({ id }: { id: string }) {
  const guid = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-)([0-9a-f]{4}-[0-9a-f]{12})$/i.exec(id);
  if (!guid) return <span className="history-id-any">{id}</span>;
  return (
    <>
      <span className="history-nowrap">{guid[1]}</span>
      <wbr />
      <span className="history-nowrap">{guid[2]}</span>
    </>
  );
}

/** A call's start time: date and time each whole, on two lines where the column is narrow. */
function StartTime({ value }: { value: string }) {
  const at = value.indexOf(' ');
  if (at < 0) return <>{value}</>;
  return (
    <>
      <span className="history-nowrap">{value.slice(0, at)}</span> <span className="history-nowrap">{value.slice(at + 1)}</span>
    </>
  );
}

/** States whose reason belongs in the row itself: a failed call is never more than a glance from why. */
const SHOW_REASON: readonly EntryState[] = ['failure', 'error', 'retry_wait', 'needs_key', 'needs_setup', 'paused'];

interface RowProps {
  index: number;
  entry: HistoryEntry | undefined;
  top: number;
  tabbable: boolean;
  selected: boolean;
  /** The virtualizer's measuring ref, while rows may grow (details open). */
  measure?: ((el: HTMLDivElement | null) => void) | undefined;
}

export const HistoryRow = memo(function HistoryRow({ index, entry, top, tabbable, selected, measure }: RowProps) {
  const reasonId = useId();
  const style: CSSProperties = { transform: `translateY(${top}px)` };
  // aria-rowindex counts the header row as 1, so screen readers say "row 5 of 100,001".
  const common = { ref: measure, role: 'row', 'aria-rowindex': index + 2, 'data-index': index, tabIndex: tabbable ? 0 : -1, style } as const;
  if (!entry) {
    return (
      <div {...common} className="history-row history-row-loading" aria-busy="true">
        <div role="gridcell" className="history-cell">Loading…</div>
      </div>
    );
  }
  const reason = SHOW_REASON.includes(entry.state) ? reasonOf(entry) : null;
  const short = reason && shortReason(reason);
  return (
    <div
      {...common}
      className="history-row"
      aria-selected={selected}
      aria-describedby={short !== reason ? reasonId : undefined}
      data-entry-id={entry.id}
      data-desktop-id={entry.desktopId}
    >
      <div role="gridcell" className="history-cell history-state">
        <span className="history-badges">
          <StateBadge state={entry.state} />
          <TestTag entry={entry} />
        </span>
        {reason && (
          <span className="history-reason" title={reason}>
            {short}
          </span>
        )}
        {/* The whole reason for screen readers, where the row shows its short form. */}
        {short !== reason && (
          <span id={reasonId} hidden>
            {reason}
          </span>
        )}
      </div>
      <div role="gridcell" className="history-cell history-lead">{entry.leadNumber}</div>
      <div role="gridcell" className="history-cell history-direction">{entry.direction}</div>
      <div role="gridcell" className="history-cell history-time">
        <StartTime value={entry.startTime} />
      </div>
      <div role="gridcell" className="history-cell history-agent" title={entry.agentName}>{entry.agentName || '—'}</div>
      {entry.desktopId !== undefined && (
        <div role="gridcell" className="history-cell history-desktop" title={`${entry.desktopName ?? ''}${entry.thisComputer ? ' (this computer)' : ''}`}>
          {entry.desktopName}
          {/* On a line of its own: beside a user@computer name it made the column wrap mid-name. */}
          {entry.thisComputer && <span className="history-this-computer"> (this computer)</span>}
        </div>
      )}
      <div role="gridcell" className="history-cell history-mono history-request-id" title={entry.requestId ?? undefined}>
        {entry.requestId !== null ? <RequestIdText id={entry.requestId} /> : <span className="history-muted">none yet</span>}
      </div>
    </div>
  );
});
