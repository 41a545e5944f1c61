// What the History list is filtered by, and how one page of it is asked for.
// Each page is its own query (keys.list of filters + offset), so the live
// invalidation refetches only the pages someone is looking at.
import { ENTRY_STATES, STATE_LABELS, type EntryState, type ListQuery } from '../../../shared/entry';

export interface HistoryFilters {
  search: string;
  /** '' = every state. */
  state: EntryState | '';
}

export const NO_FILTERS: HistoryFilters = { search: '', state: '' };

/** Rows per listEntries call: a screenful is ~15 rows, so one page covers many scrolls. */
export const PAGE_SIZE = 200;

/**
 * The listEntries input for page `page`. Absent filters are left out (not
 * `undefined`) so equal filters always make the same query key.
 */
export function pageQuery(f: HistoryFilters, page: number): ListQuery {
  const q: ListQuery = { offset: page * PAGE_SIZE, limit: PAGE_SIZE };
  const search = f.search.trim();
  if (search) q.search = search;
  if (f.state) q.states = [f.state];
  return q;
}

export const STATE_OPTIONS = ENTRY_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }));

export const isEntryState = (v: string): v is EntryState => (ENTRY_STATES as readonly string[]).includes(v);

const number = new Intl.NumberFormat();

export function formatCount(n: number): string {
  return `${number.format(n)} ${n === 1 ? 'call' : 'calls'}`;
}
