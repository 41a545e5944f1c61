import { format } from 'date-fns';
import type { EntrySummary } from '../../../shared/entry';

/** Local wall-clock time of an app event (a state change, a scheduled retry). */
export const formatAt = (ms: number) => format(ms, 'yyyy-MM-dd HH:mm:ss');

const offsetName = new Intl.DateTimeFormat('en-US', { timeZoneName: 'shortOffset' });
/**
 * This computer's offset at that moment ("GMT+5:30"), for the zone formatAt writes in: an offset
 * rather than a zone name, which Chromium may give in a form Settings does not list (Asia/Calcutta).
 */
export const offsetAt = (ms: number) => {
  const offset = offsetName.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '';
  // Zero offset comes out "GMT" or "GMT+0"; the page's other times say UTC, so this one does too.
  return /^GMT(\+0)?$/.test(offset) ? 'UTC' : offset;
};

/** Why a call is stuck or failed, in LeadSquared's words when it gave some. */
export const reasonOf = (e: Pick<EntrySummary, 'statusReason' | 'lastError'>) => e.statusReason ?? e.lastError ?? null;
