// History: every logged call, newest first, with its live state. Supervisors
// use it to confirm nothing was lost; agents to find and fix a failed call.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { EntrySummary } from '../../../shared/entry';
import { DEFAULT_TIME_ZONE } from '../../../shared/time-rule';
import { call } from '../../bridge';
import { keys } from '../../app/query';
import { DetailPanel } from './DetailPanel';
import { formatCount, isEntryState, STATE_OPTIONS, type HistoryFilters } from './filters';
import { HistoryTable, type TableHandle } from './HistoryTable';
import { useDebouncedValue } from './useDebouncedValue';
import { useFirstPage } from './useEntryPages';
import './history.css';

/** Long enough to skip the keystrokes of a number typed in one go, short enough to feel instant. */
const SEARCH_DEBOUNCE_MS = 150;

export function HistoryPage() {
  const id = useId();
  const [searchText, setSearchText] = useState('');
  const [state, setState] = useState<HistoryFilters['state']>('');
  // The mark lets `npm run bench:ui` time a search from the moment it starts, without the debounce.
  const search = useDebouncedValue(searchText, SEARCH_DEBOUNCE_MS, 'history:search');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const table = useRef<TableHandle>(null);

  const filters: HistoryFilters = { search, state };
  const first = useFirstPage(filters);
  const total = first.data?.total ?? 0;
  const settings = useQuery({ queryKey: keys.settings, queryFn: () => call('getSettings') });
  const zone = settings.data?.timeZone ?? DEFAULT_TIME_ZONE;

  const open = useCallback((e: EntrySummary) => setSelectedId(e.id), []);
  const close = useCallback(() => {
    setSelectedId(null);
    table.current?.focusCurrentRow();
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && selectedId !== null) {
      e.preventDefault();
      close();
    }
  };

  const filtered = search.trim() !== '' || state !== '';
  return (
    <div className="history-page" onKeyDown={onKeyDown}>
      <h1>History</h1>
      <div className="history-toolbar" role="search">
        <div className="field history-search">
          <label htmlFor={`${id}-search`}>Search history</label>
          <input
            id={`${id}-search`}
            type="search"
            value={searchText}
            placeholder="Number, notes, RequestID or session ID"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setSearchText(e.target.value)}
          />
        </div>
        <div className="field history-filter">
          <label htmlFor={`${id}-state`}>Status filter</label>
          <select id={`${id}-state`} value={state} onChange={(e) => setState(isEntryState(e.target.value) ? e.target.value : '')}>
            <option value="">All</option>
            {STATE_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <p className="history-count" role="status" aria-live="polite">
          {first.data ? formatCount(total) : first.isPending ? 'Loading…' : ''}
        </p>
      </div>

      {first.isError && (
        <div className="field-error" role="alert">
          Could not load the history: {first.error.message}{' '}
          <button type="button" className="button" onClick={() => void first.refetch()}>
            Try again
          </button>
        </div>
      )}

      <div className={selectedId === null ? 'history-layout' : 'history-layout history-layout-open'}>
        <div className="history-list">
          {first.data && total === 0 && (
            <p className="history-empty">{filtered ? 'No calls match this search and filter.' : 'No calls logged yet.'}</p>
          )}
          <HistoryTable
            handle={table}
            filters={filters}
            total={total}
            firstPage={first.data}
            busy={first.isPlaceholderData}
            selectedId={selectedId}
            timeZone={zone}
            onOpen={open}
          />
        </div>
        {selectedId !== null && <DetailPanel key={selectedId} id={selectedId} zone={zone} onClose={close} />}
      </div>
    </div>
  );
}
