import { useQuery } from '@tanstack/react-query';
import { DEFAULT_TIME_ZONE } from '../../../shared/time-zone';
import { call } from '../../bridge';
import { keys } from '../../app/query';

/**
 * The zone StartTime and EndTime are written in (Settings › Time zone for call times), which
 * need not be this computer's: History names it wherever it shows them.
 */
export function useCallTimeZone(): string {
  const settings = useQuery({ queryKey: keys.settings, queryFn: () => call('getSettings') });
  return settings.data?.timeZone ?? DEFAULT_TIME_ZONE;
}
