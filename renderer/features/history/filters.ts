// What the History list is filtered by, and how one page of it is asked for.
// Each page is its own query (keys.list of filters + offset), so the live
// invalidation refetches only the pages someone is looking at. Export asks
// for the same filters without the paging, so the file is what the list shows.
import { ENTRY_STATES, isFinalState, STATE_LABELS, type EntryState, type ListQuery } from '../../../shared/entry';
import { localDayBounds } from '../../app/days';
import { FAILED, WAITING, type HistoryFilters } from './filter-values';

export { FAILED, NO_FILTERS, WAITING } from './filter-values';
export type { DirectionFilter, HistoryFilters } from './filter-values';

/** What "Failed" and "Not final yet" ask main for. */
export const FAILED_STATES: EntryState[] = ['failure', 'error'];
export const WAITING_STATES: EntryState[] = ENTRY_STATES.filter((s) => !isFinalState(s));

/** Rows per listEntries call: a screenful is ~15 rows, so one page covers many scrolls. */
export const PAGE_SIZE = 200;

export type ListFilters = Omit<ListQuery, 'offset' | 'limit'>;

/**
 * The filters as the contract takes them. Absent filters are left out (not
 * `undefined`) so equal filters always make the same query key.
 */
export function listFilters(f: HistoryFilters): ListFilters {
  const q: ListFilters = {};
  const search = f.search.trim();
  if (search) q.search = search;
  if (f.state === FAILED) q.states = FAILED_STATES;
  else if (f.state === WAITING) q.states = WAITING_STATES;
  else if (f.state) q.states = [f.state];
  const agent = f.agent.trim();
  if (agent) q.agent = agent;
  if (agent && f.agentWhole) q.agentWhole = true;
  const reason = f.reason.trim();
  if (reason) q.reason = reason;
  if (f.direction) q.direction = f.direction;
  const from = localDayBounds(f.fromDate);
  if (from) q.from = from.from;
  const to = localDayBounds(f.toDate);
  if (to) q.to = to.to;
  const logged = localDayBounds(f.loggedDay);
  if (logged) {
    q.loggedFrom = logged.from;
    q.loggedTo = logged.to;
  }
  if (f.testCallsLeftOut) q.excludeTestCalls = true;
  return q;
}

/** The listEntries input for page `page`. */
export function pageQuery(f: HistoryFilters, page: number): ListQuery {
  return { ...listFilters(f), offset: page * PAGE_SIZE, limit: PAGE_SIZE };
}

/** True when any filter narrows the list. */
export const isFiltered = (f: HistoryFilters) => Object.keys(listFilters(f)).length > 0;

export const STATE_OPTIONS = ENTRY_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }));

export const isEntryState = (v: string): v is EntryState => (ENTRY_STATES as readonly string[]).includes(v);
export const isStateFilter = (v: string): v is HistoryFilters['state'] => v === FAILED || v === WAITING || isEntryState(v);

const number = new Intl.NumberFormat();

/** "1 call", "2,045 calls", or "10,000+ calls" when there are more than were counted. */
export function formatCount(n: number, exact = true): string {
  return `${number.format(n)}${exact ? '' : '+'} ${n === 1 && exact ? 'call' : 'calls'}`;
}
