// The History list's data: page 0 plus whichever pages hold the rows on
// screen, each fetched by offset as it scrolls into view, and the total.
// This computer's pages come from listEntries (page 0 carries the total: SQLite
// counts in a blink), the team's from listTeamEntries with the total from
// countTeamEntries beside it (a broad search's rows need not wait for counting
// 10,000 matches). Each scope under its own query keys, so each scope's live
// event refreshes only its own pages. The team's rows of this computer say so
// in their Desktop column.
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { call } from '../../bridge';
import { keys } from '../../app/query';
import type { Scope } from '../team/scope';
import { markThisDesktop, useThisDesktop } from '../team/this-desktop';
import { listFilters, PAGE_SIZE, pageQuery, type HistoryFilters } from './filters';
import type { HistoryEntry } from './HistoryRow';

interface Page {
  /** This computer's pages only; the team's total is useTotal's. */
  total?: number;
  items: HistoryEntry[];
}

export interface Total {
  /** Null while the team's count is on its way. */
  total: number | null;
  /** False when more matched than `total` (the team's broad searches are counted to 10,000). */
  exact: boolean;
  /** The team's count could not be read (the rows may still show). */
  failed?: boolean;
}

type Mark = (page: Page) => Page;

const fetchPage = (scope: Scope, f: HistoryFilters, page: number, mark: Mark): { queryKey: readonly unknown[]; queryFn: () => Promise<Page>; select?: Mark } => {
  const q = pageQuery(f, page);
  return scope === 'team'
    ? { queryKey: keys.teamList(q), queryFn: () => call('listTeamEntries', q), select: mark }
    : { queryKey: keys.list(q), queryFn: () => call('listEntries', q) };
};

/** Marks this computer's rows in a page of the team's (one function while the desktop is the same, so rows are not redrawn). */
function useMark(): Mark {
  const here = useThisDesktop()?.id;
  return useCallback((page: Page) => markThisDesktop(page, here), [here]);
}

/**
 * Page 0: the total and the top rows. Kept on screen while a new filter loads,
 * so the list never flashes empty; but never the other scope's rows under this
 * one's name: a switch of scope shows "Loading…" until its own rows arrive.
 */
export function useFirstPage(scope: Scope, filters: HistoryFilters) {
  const page = fetchPage(scope, filters, 0, useMark());
  return useQuery({
    ...page,
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[0] === page.queryKey[0] ? keepPreviousData(previous) : undefined),
  });
}

/**
 * How many calls the filters match. The team's count is its own read, so a
 * new filter shows its rows first and "Counting…" until the count arrives;
 * a live refresh keeps the last count on screen meanwhile.
 */
export function useTotal(scope: Scope, filters: HistoryFilters, firstPage: Page | undefined): Total {
  const q = listFilters(filters);
  const team = useQuery({ queryKey: keys.teamCount(q), queryFn: () => call('countTeamEntries', q), enabled: scope === 'team' });
  if (scope === 'local') return { total: firstPage?.total ?? null, exact: true };
  if (team.data) return { total: team.data.total, exact: team.data.exact };
  return { total: null, exact: true, failed: team.isError };
}

/**
 * Rows by index for the visible range [first, last]. Pages outside the range
 * are not observed, so a live change refetches only what is on screen (the
 * rest is marked stale and refetched when scrolled back to).
 */
export function useVisibleRows(
  scope: Scope,
  filters: HistoryFilters,
  firstPage: { items: HistoryEntry[] } | undefined,
  first: number,
  last: number,
): (index: number) => HistoryEntry | undefined {
  const pages: number[] = [];
  if (last >= first) {
    // Page 0 comes from useFirstPage (with its placeholder), not from here.
    for (let p = Math.max(1, Math.floor(first / PAGE_SIZE)); p <= Math.floor(last / PAGE_SIZE); p++) pages.push(p);
  }
  const mark = useMark();
  const results = useQueries({ queries: pages.map((p) => fetchPage(scope, filters, p, mark)) });
  const byPage = new Map<number, HistoryEntry[] | undefined>(pages.map((p, i) => [p, results[i]?.data?.items]));
  return (index: number) => {
    const page = Math.floor(index / PAGE_SIZE);
    const items = page === 0 ? firstPage?.items : byPage.get(page);
    return items?.[index - page * PAGE_SIZE];
  };
}
