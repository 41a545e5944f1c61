// The History list's data: page 0 (which also carries `total`) plus whichever
// pages hold the rows on screen, each fetched by offset as it scrolls into view.
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import type { EntrySummary } from '../../../shared/entry';
import { call } from '../../bridge';
import { keys } from '../../app/query';
import { PAGE_SIZE, pageQuery, type HistoryFilters } from './filters';

const fetchPage = (f: HistoryFilters, page: number) => {
  const q = pageQuery(f, page);
  return { queryKey: keys.list(q), queryFn: () => call('listEntries', q) };
};

/** Page 0: the total and the top rows. Kept on screen while a new filter loads, so the list never flashes empty. */
export function useFirstPage(filters: HistoryFilters) {
  return useQuery({ ...fetchPage(filters, 0), placeholderData: keepPreviousData });
}

/**
 * Rows by index for the visible range [first, last]. Pages outside the range
 * are not observed, so a live change refetches only what is on screen (the
 * rest is marked stale and refetched when scrolled back to).
 */
export function useVisibleRows(
  filters: HistoryFilters,
  firstPage: { items: EntrySummary[] } | undefined,
  first: number,
  last: number,
): (index: number) => EntrySummary | undefined {
  const pages: number[] = [];
  if (last >= first) {
    // Page 0 comes from useFirstPage (with its placeholder), not from here.
    for (let p = Math.max(1, Math.floor(first / PAGE_SIZE)); p <= Math.floor(last / PAGE_SIZE); p++) pages.push(p);
  }
  const results = useQueries({ queries: pages.map((p) => fetchPage(filters, p)) });
  const byPage = new Map<number, EntrySummary[] | undefined>(pages.map((p, i) => [p, results[i]?.data?.items]));
  return (index: number) => {
    const page = Math.floor(index / PAGE_SIZE);
    const items = page === 0 ? firstPage?.items : byPage.get(page);
    return items?.[index - page * PAGE_SIZE];
  };
}
