// Which calls History and the Dashboard show: this computer's (its SQLite) or
// the team's (the team database). The choice outlives a trip to another page and
// a restart: main keeps it beside the settings (the browser host's page cannot:
// its origin's port changes with every launch). Team exists only where a team
// database is set: elsewhere every page is "This computer", whatever was chosen.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { ChannelOutput } from '../../../shared/ipc';
import type { ViewScope } from '../../../shared/settings';
import { call } from '../../bridge';
import { keys, queryClient, viewScopeQuery } from '../../app/query';

export type Scope = ViewScope;
export type TeamDatabaseInfo = ChannelOutput<'getTeamDatabase'>;
type Chosen = ChannelOutput<'getViewScope'>;


/** Choices kept one after another, so the last one made is the one main keeps. */
let keeping: Promise<unknown> = Promise.resolve();

/**
 * The choice made on this page, held here as well as by main: the switch is a controlled radio
 * group, and a choice that reached React only through the query cache (whose notices come a task
 * later) was undone by React for a moment after the click. null until a choice is made here.
 */
let chosenHere: Scope | null = null;
const listeners = new Set<() => void>();
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};
const readChosenHere = () => chosenHere;

/** Switches every page's scope at once, and has main keep it for the next start. */
export function chooseScope(next: Scope, qc: QueryClient = queryClient): void {
  if ((chosenHere ?? qc.getQueryData<Chosen>(keys.viewScope)?.scope) === next) return;
  chosenHere = next;
  for (const l of listeners) l();
  // Not kept (main is closing): this session still shows it; the next start opens as the last kept one.
  keeping = keeping.then(() => call('setViewScope', { scope: next })).catch(() => undefined);
}

export function useChooseScope(): (next: Scope) => void {
  const qc = useQueryClient();
  return useCallback((next: Scope) => chooseScope(next, qc), [qc]);
}

export interface TeamWords {
  /** The switch's option. */
  option: string;
  history: string;
  dashboard: string;
  /** Whose calls the Team scope shows, as a sentence's start. */
  whose: string;
  /** Why an agent sees only some of the team's calls; null for a login that reads them all. */
  why: string | null;
}

/**
 * How the Team scope is named. An agent's login (calllog_desktop) reads only its
 * own calls in the team database, by row-level security: calling that "Team"
 * would promise every desktop's calls, so it says whose they are, and why.
 */
export function teamWords(info: TeamDatabaseInfo | undefined): TeamWords {
  if (info?.readsTeam === false) {
    return {
      option: 'This login’s calls',
      history: 'This login’s calls',
      dashboard: 'This login’s dashboard',
      whose: 'This login’s calls in the team database, from every desktop that uses it',
      why: 'This computer’s team database login reads only its own calls (from every desktop that uses it); a supervisor’s login reads every agent’s.',
    };
  }
  return { option: 'Team', history: 'Team history', dashboard: 'Team dashboard', whose: 'Every desktop’s calls in the team database', why: null };
}

/** While away (or on its way), the database is looked at again this often: it reconnects by itself. */
const AWAY_POLL_MS = 3000;
/** While connected and in Team, now and then, so a drop is said beside the switch too. */
const CONNECTED_POLL_MS = 10_000;

export interface TeamScope {
  /** What the page shows: 'team' only when a team database is set and Team was chosen. */
  scope: Scope;
  /** The team database's setting and state; undefined until known. */
  info: TeamDatabaseInfo | undefined;
}

export function useTeamScope(): TeamScope {
  const qc = useQueryClient();
  // A choice made here wins over main's word, which may still be on its way from before it.
  const kept = useQuery(viewScopeQuery).data?.scope;
  const wanted = useSyncExternalStore(subscribe, readChosenHere) ?? kept ?? 'local';
  const info = useQuery({
    queryKey: keys.teamDatabase,
    queryFn: () => call('getTeamDatabase'),
    refetchInterval: (q) => {
      const s = q.state.data;
      if (!s?.configured) return false;
      if (s.state !== 'connected') return AWAY_POLL_MS;
      return (chosenHere ?? qc.getQueryData<Chosen>(keys.viewScope)?.scope) === 'team' ? CONNECTED_POLL_MS : false;
    },
  }).data;
  // "Team" kept from before, and the team database cleared since: "This computer", the choice kept for when one is set again.
  const scope: Scope = info?.configured && wanted === 'team' ? 'team' : 'local';

  // Back from away: what failed meanwhile is asked again at once, not on the next change.
  const state = info?.state;
  const previous = useRef(state);
  useEffect(() => {
    if (state === 'connected' && previous.current !== undefined && previous.current !== 'connected') {
      void qc.invalidateQueries({ queryKey: keys.team });
    }
    previous.current = state;
  }, [state, qc]);

  return { scope, info };
}
