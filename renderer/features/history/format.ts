import { format } from 'date-fns';
import type { EntrySummary } from '../../../shared/entry';

/** Local wall-clock time of an app event (a state change, a scheduled retry). */
export const formatAt = (ms: number) => format(ms, 'yyyy-MM-dd HH:mm:ss');

/** Why a call is stuck or failed, in LeadSquared's words when it gave some. */
export const reasonOf = (e: Pick<EntrySummary, 'statusReason' | 'lastError'>) => e.statusReason ?? e.lastError ?? null;
