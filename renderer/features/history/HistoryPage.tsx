// History: every logged call, newest first, with its live state. Supervisors
// use it to confirm nothing was lost; agents to find and fix a failed call.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import type { EntrySummary } from '../../../shared/entry';
import { DEFAULT_TIME_ZONE } from '../../../shared/time-rule';
import { BridgeError, call } from '../../bridge';
import { keys } from '../../app/query';
import { ExportButton } from '../supervisor/ExportButton';
import { ImportButton } from '../supervisor/ImportButton';
import { ImportReport } from '../supervisor/ImportReport';
import '../supervisor/supervisor.css';
import { DetailPanel } from './DetailPanel';
import { formatCount, isFiltered, listFilters, NO_FILTERS, type HistoryFilters } from './filters';
import { HistoryFilterBar } from './HistoryFilterBar';
import { HistoryTable, type TableHandle } from './HistoryTable';
import { useDebouncedValue } from './useDebouncedValue';
import { useFirstPage } from './useEntryPages';
import './history.css';
import { LoadError } from '../../app/LoadError';

/** Long enough to skip the keystrokes of a number typed in one go, short enough to feel instant. */
const SEARCH_DEBOUNCE_MS = 150;
/** A name is typed letter by letter and only a whole one matches: wait for a pause. */
const AGENT_DEBOUNCE_MS = 300;

export function HistoryPage() {
  // What the filter controls show; the typed ones reach the list after a pause.
  const [draft, setDraft] = useState<HistoryFilters>(NO_FILTERS);
  // The mark lets `npm run bench:ui` time a search from the moment it starts, without the debounce.
  const search = useDebouncedValue(draft.search, SEARCH_DEBOUNCE_MS, 'history:search');
  const agent = useDebouncedValue(draft.agent, AGENT_DEBOUNCE_MS);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const table = useRef<TableHandle>(null);

  const filters: HistoryFilters = { ...draft, search, agent };
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

  // Main's word on a refused search belongs under the search box, not in a load error.
  const searchError = first.error instanceof BridgeError && first.error.field === 'search' ? first.error.message : undefined;
  const countText = first.data ? formatCount(total) : first.isPending ? 'Loading…' : '';
  return (
    <div className="history-page" onKeyDown={onKeyDown}>
      <div className="history-title-row">
        <h1>History</h1>
        <div className="history-tools" role="group" aria-label="Import and export">
          <ImportButton />
          <ExportButton filters={listFilters(filters)} />
        </div>
      </div>
      <ImportReport />
      <HistoryFilterBar value={draft} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} countText={countText} searchError={searchError} />

      {first.isError && !searchError && (
        <LoadError what="Could not load the history" error={first.error} onRetry={() => void first.refetch()} />
      )}

      <div className={selectedId === null ? 'history-layout' : 'history-layout history-layout-open'}>
        <div className="history-list">
          {first.data && total === 0 && (
            <p className="history-empty">{isFiltered(filters) ? 'No calls match this search and filter.' : 'No calls logged yet.'}</p>
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
