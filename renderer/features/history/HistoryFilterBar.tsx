// The History filters: search, state, agent, direction, a call-date range, and
// a failure's reason, the day calls were logged and test calls left out when the
// Dashboard set them.
// They all combine (AND), in the list and in Export CSV alike. The page owns
// the values (it debounces the typed ones); this only draws and reports edits.
// This computer's agent filter takes any part of a name; in the team's history the
// agent is picked from the team's agents.
import { useId } from 'react';
import { AgentSelect, type TeamAgents } from './AgentSelect';
import { localDayBounds } from '../../app/days';
import { LoggedDayFilter } from './LoggedDayFilter';
import { TestCallsFilter } from './TestCallsFilter';
import { FAILED, WAITING, isFiltered, isStateFilter, NO_FILTERS, STATE_OPTIONS, type DirectionFilter, type HistoryFilters } from './filters';

interface Props {
  value: HistoryFilters;
  onChange(patch: Partial<HistoryFilters>): void;
  /** "12 calls", "Loading…": announced politely as the list changes. */
  countText: string;
  /** Why main refused the search text, shown under the box. */
  searchError?: string;
  /** The team's agents (Team scope): the agent filter becomes a list of them. */
  teamAgents?: TeamAgents;
  /** The page's line saying why the team's agents could not be listed. */
  teamAgentsErrorId?: string;
}

const SEARCH_HINT =
  'Finds any part of a call’s number (spaces, dashes, brackets and a country code ignored), notes, failure reason (LeadSquared’s or this app’s), RequestID or session ID';

const isDirection = (v: string): v is DirectionFilter => v === '' || v === 'Inbound' || v === 'Outbound';

export function HistoryFilterBar({ value, onChange, countText, searchError, teamAgents, teamAgentsErrorId }: Props) {
  const id = useId();
  const from = localDayBounds(value.fromDate);
  const to = localDayBounds(value.toDate);
  const backwards = from !== null && to !== null && from.from > to.to;
  return (
    <div className="history-toolbar" role="search" aria-label="Filter history">
      <div className="field history-search">
        <label htmlFor={`${id}-search`}>Search history</label>
        <input
          id={`${id}-search`}
          type="search"
          value={value.search}
          placeholder="Number, notes, reason, RequestID, session ID"
          // The placeholder ends in an ellipsis beside the team's agent list, and says nothing of how a number is matched.
          title={SEARCH_HINT}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={searchError ? true : undefined}
          aria-describedby={searchError ? `${id}-search-error` : undefined}
          onChange={(e) => onChange({ search: e.target.value })}
        />
        {searchError && (
          <p id={`${id}-search-error`} className="field-error" role="alert">
            {searchError}
          </p>
        )}
      </div>
      <div className="field history-filter">
        <label htmlFor={`${id}-state`}>State filter</label>
        <select id={`${id}-state`} value={value.state} onChange={(e) => onChange({ state: isStateFilter(e.target.value) ? e.target.value : '' })}>
          <option value="">All</option>
          <option value={FAILED}>Failed (Failure or Error)</option>
          <option value={WAITING}>Not final yet (any other state)</option>
          {STATE_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {teamAgents ? (
        <AgentSelect id={`${id}-agent`} value={value.agent} agents={teamAgents} errorId={teamAgentsErrorId} onChange={(agent) => onChange({ agent })} />
      ) : (
        <div className="field history-filter-agent">
          <label htmlFor={`${id}-agent`}>Agent</label>
          <input
            id={`${id}-agent`}
            type="text"
            value={value.agent}
            placeholder="Any part of a name"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => onChange({ agent: e.target.value, agentWhole: false })}
          />
        </div>
      )}
      {value.reason && (
        // Set only from the Dashboard (a reason is matched whole, not typed): shown so the list is
        // never narrower than the controls say, and removable on its own.
        <div className="field history-filter-reason">
          <label htmlFor={`${id}-reason`}>Reason</label>
          <span className="history-reason-value">
            <input id={`${id}-reason`} type="text" value={value.reason} readOnly title={value.reason} />
            <button type="button" className="button" aria-label="Remove the reason filter" onClick={() => onChange({ reason: '' })}>
              Remove
            </button>
          </span>
        </div>
      )}
      <div className="field history-filter-direction">
        <label htmlFor={`${id}-direction`}>Direction</label>
        <select id={`${id}-direction`} value={value.direction} onChange={(e) => onChange({ direction: isDirection(e.target.value) ? e.target.value : '' })}>
          <option value="">Both</option>
          <option value="Inbound">Inbound</option>
          <option value="Outbound">Outbound</option>
        </select>
      </div>
      <div className="field history-filter-date">
        <label htmlFor={`${id}-from`}>From</label>
        <input
          id={`${id}-from`}
          type="date"
          value={value.fromDate}
          max={value.toDate || undefined}
          aria-describedby={`${id}-dates`}
          aria-invalid={backwards || undefined}
          onChange={(e) => onChange({ fromDate: e.target.value })}
        />
      </div>
      <div className="field history-filter-date">
        <label htmlFor={`${id}-to`}>To</label>
        <input
          id={`${id}-to`}
          type="date"
          value={value.toDate}
          min={value.fromDate || undefined}
          aria-describedby={`${id}-dates`}
          aria-invalid={backwards || undefined}
          onChange={(e) => onChange({ toDate: e.target.value })}
        />
      </div>
      {value.loggedDay && <LoggedDayFilter day={value.loggedDay} onRemove={() => onChange({ loggedDay: '' })} />}
      {value.testCallsLeftOut && <TestCallsFilter onRemove={() => onChange({ testCallsLeftOut: false })} />}
      {isFiltered(value) && (
        <button type="button" className="button history-clear" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      )}
      <p className="history-count" role="status" aria-live="polite">
        {countText}
      </p>
      <p id={`${id}-dates`} className={backwards ? 'field-error history-dates-hint' : 'visually-hidden'}>
        {backwards ? 'The From date is after the To date, so no call can match.' : 'Dates are the day the call started, on this computer’s clock.'}
      </p>
    </div>
  );
}
