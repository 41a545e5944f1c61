// Which calls History and the Dashboard show: this computer's (its SQLite) or
// the team's (the team database). The choice outlives a trip to another page,
// so a supervisor who works in Team stays there; memory only. Team exists only
// where a team database is set: elsewhere every page is "This computer".
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { ChannelOutput } from '../../../shared/ipc';
import { call } from '../../bridge';
import { keys } from '../../app/query';

export type Scope = 'local' | 'team';
export type TeamDatabaseInfo = ChannelOutput<'getTeamDatabase'>;

let chosen: Scope = 'local';
const listeners = new Set<() => void>();

export function chooseScope(next: Scope): void {
  if (next === chosen) return;
  chosen = next;
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

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
  const wanted = useSyncExternalStore(subscribe, () => chosen);
  const info = useQuery({
    queryKey: keys.teamDatabase,
    queryFn: () => call('getTeamDatabase'),
    refetchInterval: (q) => {
      const s = q.state.data;
      if (!s?.configured) return false;
      if (s.state !== 'connected') return AWAY_POLL_MS;
      return chosen === 'team' ? CONNECTED_POLL_MS : false;
    },
  }).data;
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
