// What the History list is filtered by, and how one page of it is asked for.
// Each page is its own query (keys.list of filters + offset), so the live
// invalidation refetches only the pages someone is looking at. Export asks
// for the same filters without the paging, so the file is what the list shows.
import { ENTRY_STATES, isFinalState, STATE_LABELS, type EntryState, type ListQuery } from '../../../shared/entry';
import { localDayBounds } from '../../app/days';

export type DirectionFilter = '' | 'Inbound' | 'Outbound';

/** The State filter's "Failed": Failure or Error, as the Dashboard counts failed calls. */
export const FAILED = 'failed';
export const FAILED_STATES: EntryState[] = ['failure', 'error'];
/** The State filter's "Not final yet": every state short of LeadSquared's outcome, as the Dashboard's "Waiting now" counts calls. */
export const WAITING = 'waiting';
export const WAITING_STATES: EntryState[] = ENTRY_STATES.filter((s) => !isFinalState(s));

export interface HistoryFilters {
  search: string;
  /** '' = every state. */
  state: EntryState | typeof FAILED | typeof WAITING | '';
  /** Agent name, matched whole (case-insensitive); '' = every agent. */
  agent: string;
  /** A failure's reason, matched whole (set from the Dashboard's failures by reason); '' = any. */
  reason: string;
  direction: DirectionFilter;
  /** Call start date range, as date inputs hold it (YYYY-MM-DD, this computer's days); '' = open. */
  fromDate: string;
  toDate: string;
  /**
   * The day calls were logged (YYYY-MM-DD, this computer's days; '' = any), set from the Dashboard's
   * day: its figures count calls by the day they were logged, which an import's calls started before.
   */
  loggedDay: string;
}

export const NO_FILTERS: HistoryFilters = { search: '', state: '', agent: '', reason: '', direction: '', fromDate: '', toDate: '', loggedDay: '' };

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
