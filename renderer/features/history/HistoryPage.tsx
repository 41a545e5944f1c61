// History: every logged call, newest first, with its live state. Supervisors
// use it to confirm nothing was lost; agents to find and fix a failed call.
// With a team database, "Team" shows every agent's calls (read-only here: the
// desktop that logged a call is the one to act on it); for an agent's login,
// which reads only its own, the scope is named for what it shows.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { BridgeError, call } from '../../bridge';
import { keys } from '../../app/query';
import { LoadError } from '../../app/LoadError';
import { ExportButton } from '../supervisor/ExportButton';
import { ImportButton } from '../supervisor/ImportButton';
import { ImportReport } from '../supervisor/ImportReport';
import '../supervisor/supervisor.css';
import { ScopeSwitch } from '../team/ScopeSwitch';
import { chooseScope as chooseScopeNow, teamWords, useChooseScope, useTeamScope } from '../team/scope';
import { DetailPanel } from './DetailPanel';
import { formatCount, isFiltered, listFilters, NO_FILTERS, type HistoryFilters } from './filters';
import { HistoryFilterBar } from './HistoryFilterBar';
import { rowKey, type HistoryEntry } from './HistoryRow';
import { HistoryTable, type TableHandle } from './HistoryTable';
import { dropHistoryFilters, onHistoryFilters, pendingHistoryCall, pendingHistoryFilters, pendingHistoryHere } from './open-history';
import { TeamDetailPanel } from './TeamDetailPanel';
import { useCallTimeZone } from './use-call-time-zone';
import { useDebouncedValue } from './useDebouncedValue';
import { useFirstPage, useTotal } from './useEntryPages';
import './history.css';

/** Long enough to skip the keystrokes of a number typed in one go, short enough to feel instant. */
const SEARCH_DEBOUNCE_MS = 150;
/** A name is typed letter by letter, and each letter would narrow the list again (any part of a name matches): wait for a pause. */
const AGENT_DEBOUNCE_MS = 300;

export function HistoryPage() {
  // Before the scope is read, so a list of this computer's calls never starts as the team's.
  const [opened] = useState(() => {
    if (pendingHistoryHere()) chooseScopeNow('local');
    return pendingHistoryFilters();
  });
  const team = useTeamScope();
  const { scope } = team;
  // What the filter controls show; the typed ones reach the list after a pause.
  const [draft, setDraft] = useState<HistoryFilters>(opened ?? NO_FILTERS);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    dropHistoryFilters();
    // Opened from the Dashboard's link, which is gone now: the keyboard starts at this page's top.
    if (opened) heading.current?.focus();
  }, [opened]);
  // Opened again while on screen (the menu's failed calls, clicked from History itself): the new filters win.
  useEffect(
    () =>
      onHistoryFilters(() => {
        const f = pendingHistoryFilters();
        if (!f) return;
        if (pendingHistoryHere()) chooseScopeNow('local');
        setDraft(f);
        setSelected(pendingHistoryCall());
        dropHistoryFilters();
        heading.current?.focus();
      }),
    [],
  );
  // The mark lets `npm run bench:ui` time a search from the moment it starts, without the debounce.
  const search = useDebouncedValue(draft.search, SEARCH_DEBOUNCE_MS, 'history:search');
  const typedAgent = useDebouncedValue(draft.agent, AGENT_DEBOUNCE_MS);
  // The team's agent is picked from a list: nothing to wait for.
  const agent = scope === 'team' ? draft.agent : typedAgent;
  const [selected, setSelected] = useState<HistoryEntry | null>(pendingHistoryCall);
  const table = useRef<TableHandle>(null);

  const filters: HistoryFilters = { ...draft, search, agent };
  const first = useFirstPage(scope, filters);
  const counted = useTotal(scope, filters, first.data);
  // Until the team's count arrives, the rows on hand (they are the top of the list).
  const total = counted.total ?? first.data?.items.length ?? 0;
  const zone = useCallTimeZone();
  const agents = useQuery({ queryKey: keys.teamAgents, queryFn: () => call('teamAgents'), enabled: scope === 'team' });
  const agentsErrorId = useId();

  const open = useCallback((e: HistoryEntry) => setSelected(e), []);
  const close = useCallback(() => {
    setSelected(null);
    table.current?.focusCurrentRow();
  }, []);
  // This computer's own call opened from Team: its details under "This computer", where Edit and resend is.
  const chooseScope = useChooseScope();
  const openHere = useCallback(
    (e: HistoryEntry) => {
      chooseScope('local');
      setSelected(e);
    },
    [chooseScope],
  );

  // The details are the page's last controls: Tab past their last one went out of the page to the
  // body, where the page's Esc is not heard. It goes back to the row they came from instead (which,
  // before them in the page, Tab leaves for the details again).
  const onKeyDown = (e: KeyboardEvent) => {
    if (selected === null) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'Tab' && !e.shiftKey && isLastInDetails(e.target)) {
      e.preventDefault();
      table.current?.focusCurrentRow();
    }
  };

  // A call open from one scope means nothing in the other.
  const shown = selected !== null && (selected.desktopId !== undefined) === (scope === 'team') ? selected : null;
  // Focus can still land on the body (a click on the page's background, a control that went away):
  // Esc there closes the details too. Keys heard by the page (in it) are left to onKeyDown.
  const detailsOpen = shown !== null;
  useEffect(() => {
    if (!detailsOpen) return;
    const onBodyKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.target !== document.body) return;
      e.preventDefault();
      close();
    };
    document.addEventListener('keydown', onBodyKey);
    return () => document.removeEventListener('keydown', onBodyKey);
  }, [detailsOpen, close]);
  // Main's word on a refused search belongs under the search box, not in a load error.
  const searchError = first.error instanceof BridgeError && first.error.field === 'search' ? first.error.message : undefined;
  const countText = !first.data
    ? first.isPending
      ? 'Loading…'
      : ''
    : counted.total !== null
      ? formatCount(total, counted.exact)
      : counted.failed
        ? 'Could not count the calls'
        : 'Counting…';
  return (
    <div className={scope === 'team' ? 'history-page history-page-team' : 'history-page'} onKeyDown={onKeyDown}>
      <div className="history-title-row">
        <h1 ref={heading} tabIndex={-1}>
          {scope === 'team' ? teamWords(team.info).history : 'History'}
        </h1>
        <ScopeSwitch {...team} onChange={() => setSelected(null)} />
        <div className="history-tools" role="group" aria-label={scope === 'team' ? 'Export' : 'Import and export'}>
          {scope === 'local' && <ImportButton />}
          <ExportButton key={scope} filters={listFilters(filters)} team={scope === 'team'} />
        </div>
      </div>
      {scope === 'local' && <ImportReport />}
      <HistoryFilterBar
        value={draft}
        onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))}
        countText={countText}
        searchError={searchError}
        {...(scope === 'team' ? { teamAgents: agents, teamAgentsErrorId: agentsErrorId } : {})}
      />

      {first.isError && !searchError && (
        <LoadError
          what={scope === 'team' ? 'Could not load the team’s history' : 'Could not load the history'}
          error={first.error}
          onRetry={() => void first.refetch()}
        />
      )}
      {/* Full width under the filters, not squeezed under the Agent list (it pushed the filter bar out of
          line), and said once: the reason is usually the history's own, given just above. */}
      {scope === 'team' && agents.isError && (
        <p id={agentsErrorId} className="field-error" data-testid="team-agents-error">
          {first.isError && !searchError
            ? 'The team’s agents could not be listed either.'
            : `The team’s agents could not be listed: ${agents.error.message}`}
        </p>
      )}

      <div className={shown === null ? 'history-layout' : 'history-layout history-layout-open'}>
        <div className="history-list">
          {first.data && total === 0 && <p className="history-empty">{emptyText(scope === 'team', isFiltered(filters))}</p>}
          <HistoryTable
            handle={table}
            scope={scope}
            filters={filters}
            total={total}
            firstPage={first.data}
            busy={first.isPlaceholderData}
            selectedKey={shown && rowKey(shown)}
            timeZone={zone}
            onOpen={open}
          />
        </div>
        {shown !== null &&
          (shown.desktopId !== undefined ? (
            <TeamDetailPanel key={rowKey(shown)} desktopId={shown.desktopId} id={shown.id} onClose={close} onOpenHere={openHere} />
          ) : (
            <DetailPanel key={shown.id} id={shown.id} zone={zone} onClose={close} />
          ))}
      </div>
    </div>
  );
}

/** Whether `target` is the last control Tab reaches in the call's details. */
function isLastInDetails(target: EventTarget): boolean {
  const panel = (target as HTMLElement).closest?.('.history-detail');
  if (!panel) return false;
  const stops = [...panel.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].filter(
    (el) => el.tabIndex >= 0 && !el.matches(':disabled') && el.getClientRects().length > 0,
  );
  return stops[stops.length - 1] === target;
}

function emptyText(team: boolean, filtered: boolean): string {
  if (filtered) return 'No calls match this search and filter.';
  return team ? 'No calls in the team database yet: each desktop copies its calls there as it logs them.' : 'No calls logged yet.';
}
