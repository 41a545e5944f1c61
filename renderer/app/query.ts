// TanStack Query over the bridge. Entry data is pushed, not polled: main's
// entriesChanged event invalidates the entry queries, batched per animation
// frame so a burst of changes is one refetch of what is on screen; its
// teamChanged event does the same for the team's history, at most once a second.
import { QueryClient, useQueryClient, type Query } from '@tanstack/react-query';
import { useEffect } from 'react';
import { call, callLog } from '../bridge';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: 1 },
    mutations: { retry: 0 },
  },
});

/** Query keys: everything about entries sits under ['entries']. */
export const keys = {
  entries: ['entries'] as const,
  list: (q: unknown) => ['entries', 'list', q] as const,
  entry: (id: number) => ['entries', 'one', id] as const,
  counts: ['entries', 'counts'] as const,
  /** This computer's calls in Failure or Error (the menu's indicator). */
  failedCalls: ['entries', 'failed'] as const,
  /** An import's progress: under ['entries'], so every entry change refreshes it (no polling). */
  importProgress: (batchId: string) => ['entries', 'import', batchId] as const,
  /** Dashboard data for one local day, also refreshed by entry changes. */
  health: (day: { from: number; to: number }) => ['entries', 'health', day] as const,
  stats: (day: { from: number; to: number }) => ['entries', 'stats', day] as const,
  /** The team's history (team database): everything under ['team'], refreshed by teamChanged. */
  team: ['team'] as const,
  teamList: (q: unknown) => ['team', 'list', q] as const,
  teamCount: (q: unknown) => ['team', 'count', q] as const,
  teamEntry: (desktopId: string, id: number) => ['team', 'one', desktopId, id] as const,
  teamAgents: ['team', 'agents'] as const,
  /** Where a call session ID is logged: under ['team'], asked again when another desktop's calls change. */
  whereLogged: (callSessionId: string) => ['team', 'where', callSessionId] as const,
  teamDashboard: (day: { from: number; to: number }) => ['team', 'dashboard', day] as const,
  settings: ['settings'] as const,
  keyStatus: ['key-status'] as const,
  teamDatabase: ['team-database'] as const,
  /** "This computer" or "Team", as last chosen (kept by main across restarts). */
  viewScope: ['view-scope'] as const,
  connection: ['connection'] as const,
  policy: ['policy'] as const,
};

/** "This computer" or "Team", as main keeps it: fetched at start too (App), so History does not open on one and turn to the other. */
export const viewScopeQuery = { queryKey: keys.viewScope, queryFn: () => call('getViewScope') };

/** First fetches that already have a fetch-again queued for when they land. */
const refetchOnLanding = new WeakSet<Query>();

/**
 * Main changed what these queries show: fetch again what is on screen. A query
 * still on its first fetch is fetched again once that fetch lands, because
 * TanStack Query joins an invalidation to a fetch in flight unless the query
 * has data to fall back to, and that fetch may have read main's state before
 * the change (the Last call line stayed on "Sending" after a 401). Waiting
 * rather than cancelling: changes every frame during an import must not keep a
 * page from ever showing its first rows.
 */
function refetchChanged(qc: QueryClient, queryKey: readonly unknown[]): void {
  const landing = qc.getQueryCache().findAll({ queryKey, predicate: (q) => q.state.data === undefined && q.state.fetchStatus === 'fetching' });
  for (const q of landing) {
    if (!q.promise || refetchOnLanding.has(q)) continue;
    refetchOnLanding.add(q);
    const again = () => {
      refetchOnLanding.delete(q);
      void qc.invalidateQueries({ queryKey: q.queryKey, exact: true });
    };
    q.promise.then(again, again);
  }
  void qc.invalidateQueries({ queryKey });
}

export function useLiveEntries(): void {
  const qc = useQueryClient();
  useEffect(() => {
    let frame = 0;
    const off = callLog.onEntriesChanged(() => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        refetchChanged(qc, keys.entries);
        refetchChanged(qc, keys.connection);
      });
    });
    return () => {
      off();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [qc]);
}

/**
 * A floor of desktops can change the team's history many times a second, and
 * each refetch counts a table that may hold a million calls: at most one
 * refetch per TEAM_REFRESH_MS, the last change never dropped.
 */
const TEAM_REFRESH_MS = 1000;

export function useLiveTeam(): void {
  const qc = useQueryClient();
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      timer = undefined;
      last = Date.now();
      refetchChanged(qc, keys.team);
    };
    const off = callLog.onTeamChanged(() => {
      if (timer !== undefined) return;
      timer = setTimeout(refresh, Math.max(0, last + TEAM_REFRESH_MS - Date.now()));
    });
    return () => {
      off();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [qc]);
}
