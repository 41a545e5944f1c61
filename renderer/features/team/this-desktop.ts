// This computer in the team's views: the team database names every call's
// desktop, and the page must tell the agent which of them is the one it runs
// on (its own calls are edited and resent here, under "This computer").
import { useQuery } from '@tanstack/react-query';
import { call } from '../../bridge';
import { keys } from '../../app/query';

export interface ThisDesktop {
  /** The desktop id this computer's calls carry in the team database. */
  id: string;
  /** The name the team sees for it. */
  name: string;
}

/** This computer as the team knows it; undefined until main has said. */
export function useThisDesktop(): ThisDesktop | undefined {
  return useQuery({ queryKey: keys.teamDatabase, queryFn: () => call('getTeamDatabase'), select: (d) => d.thisDesktop }).data;
}

/** A page of the team's calls with this computer's marked (the Desktop column adds "(this computer)" under the name). */
export function markThisDesktop<E extends { desktopId?: string | undefined; thisComputer?: boolean }, P extends { items: E[] }>(page: P, here: string | undefined): P {
  if (here === undefined || !page.items.some((e) => e.desktopId === here)) return page;
  return { ...page, items: page.items.map((e) => (e.desktopId === here ? { ...e, thisComputer: true } : e)) };
}
