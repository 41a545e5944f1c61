// Main decides whether this computer's figures count test calls (the sandbox is on). The
// Dashboard's queries are refreshed by entry changes only, and switching the sandbox in
// Settings changes no entry: keyed on the mode as well, they are read again at the switch.
// The banner's connection query, which Settings' save refreshes, says when it happened.
import { useQuery } from '@tanstack/react-query';
import { call } from '../../bridge';
import { keys } from '../../app/query';

/** A query key part that changes when "Use sandbox" does (null until the mode is known). */
export function useCountedMode(): string | null {
  return useQuery({ queryKey: keys.connection, queryFn: () => call('getConnectionInfo') }).data?.mode ?? null;
}
