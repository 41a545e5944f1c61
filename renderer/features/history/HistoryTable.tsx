// The virtualized History grid: a sticky header and only the rows in view in
// the DOM (~30 of 100,000). Rows are one tab stop (roving tabindex): arrows,
// Page Up/Down, Home/End move between rows; Enter opens the call's details.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type MouseEvent, type Ref } from 'react';
import type { Scope } from '../team/scope';
import { listFilters, type HistoryFilters } from './filters';
import { columnClass, columnsOf, HEADER_HEIGHT, HistoryRow, ROW_HEIGHT, rowKey, type HistoryEntry } from './HistoryRow';
import { useVisibleRows } from './useEntryPages';

export interface TableHandle {
  /** Puts focus back on the current row (after the details close). */
  focusCurrentRow(): void;
}

interface Props {
  scope: Scope;
  filters: HistoryFilters;
  total: number;
  firstPage: { items: HistoryEntry[] } | undefined;
  busy: boolean;
  /** rowKey of the call whose details are open. */
  selectedKey: string | null;
  timeZone: string;
  onOpen(entry: HistoryEntry): void;
  handle: Ref<TableHandle>;
}

export function HistoryTable({ scope, filters, total, firstPage, busy, selectedKey, timeZone, onOpen, handle }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const focusAfterRender = useRef<number | null>(null);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // The sticky header sits above the rows inside the scroller, and covers its top
    // edge: rows brought into view by the keyboard must land below it.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  const rowAt = useVisibleRows(scope, filters, firstPage, first, last);
  const columns = columnsOf(scope);

  // A new filter (or scope) is a new list: start at its top.
  const filterKey = `${scope}:${JSON.stringify(listFilters(filters))}`;
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setActive(0);
  }, [filterKey]);

  // Beside the details, long values wrap and their rows grow (history.css): the rows in view are
  // measured then. So are the team's always, whose agent and desktop names a supervisor needs whole.
  // Sizes measured for one layout or list mean nothing in another, so they are dropped.
  const detailsOpen = selectedKey !== null;
  const rowsGrow = detailsOpen || scope === 'team';
  useLayoutEffect(() => {
    virtualizer.measure();
  }, [virtualizer, rowsGrow, detailsOpen, filterKey]);

  const current = Math.min(active, Math.max(0, total - 1));
  // The tab stop must be a rendered row: if the current one scrolled away, the first in view.
  const tabStop = current >= first && current <= last ? current : first;

  const focusRow = (index: number) => {
    const el = scrollRef.current?.querySelector<HTMLElement>(`[role='row'][data-index='${index}']`);
    if (!el) return false;
    el.focus({ preventScroll: true });
    return true;
  };

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    if (!focusRow(next)) focusAfterRender.current = next;
  };

  // Rows scrolled into view by the keyboard exist only after the next render.
  useLayoutEffect(() => {
    if (focusAfterRender.current !== null && focusRow(focusAfterRender.current)) focusAfterRender.current = null;
  });

  useImperativeHandle(handle, () => ({
    focusCurrentRow() {
      virtualizer.scrollToIndex(current, { align: 'auto' });
      if (!focusRow(current)) focusAfterRender.current = current;
    },
  }));

  const indexOf = (target: EventTarget | null) => {
    const row = (target as HTMLElement | null)?.closest<HTMLElement>("[role='row'][data-index]");
    return row ? Number(row.dataset.index) : null;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const index = indexOf(e.target);
    if (index === null) return;
    const perPage = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + perPage,
      PageUp: index - perPage,
      Home: 0,
      End: total - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]!);
    } else if (e.key === 'Enter') {
      const entry = rowAt(index);
      if (entry) {
        e.preventDefault();
        onOpen(entry);
      }
    }
  };

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const index = indexOf(e.target);
    const entry = index === null ? undefined : rowAt(index);
    if (entry) onOpen(entry);
  };

  // Whichever row has focus (click, Tab, arrows) is the current one: the tab stop, and where Esc returns.
  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    const index = indexOf(e.target);
    if (index !== null && index !== active) setActive(index);
  };

  const offset = virtualizer.options.scrollMargin;
  // A row count, as most rows are not in the DOM; no column count: every column is, and beside
  // the details some may be hidden (history.css), which a fixed count would still announce.
  return (
    <div
      ref={scrollRef}
      className="history-scroll"
      role="grid"
      aria-label={scope === 'team' ? 'Team call history' : 'Call history'}
      aria-rowcount={total + 1}
      aria-busy={busy}
    >
      <div role="rowgroup" className="history-head">
        <div role="row" aria-rowindex={1} className="history-row history-header-row">
          {columns.map((c) =>
            c === 'Start time' ? (
              // Two lines, so the zone is never cut off; one name for screen readers.
              <div key={c} role="columnheader" className="history-cell history-header-stack" aria-label={`Start time (${timeZone})`}>
                <span>Start time</span>
                <span className="history-zone">{timeZone}</span>
              </div>
            ) : (
              <div key={c} role="columnheader" className={`history-cell ${columnClass(c)}`}>
                {c}
              </div>
            ),
          )}
        </div>
      </div>
      <div role="rowgroup" className="history-body" style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown} onClick={onClick} onFocus={onFocus}>
        {items.map((v) => {
          const entry = rowAt(v.index);
          // Keyed by position, like focus and the tab stop (a row is where it is in the
          // list); which call it is (rowKey: desktop and id in the team's) marks the selection.
          return (
            <HistoryRow
              key={v.index}
              index={v.index}
              entry={entry}
              top={v.start - offset}
              tabbable={v.index === tabStop}
              selected={entry !== undefined && rowKey(entry) === selectedKey}
              measure={rowsGrow ? virtualizer.measureElement : undefined}
            />
          );
        })}
      </div>
    </div>
  );
}
