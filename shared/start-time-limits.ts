// How far from now a NEW call's start may be. A start years off (2099, 1999) is a
// mistyped year, and LeadSquared would file it where nobody looks. Only where a
// call enters (Log call, main's logCall and editAndResend, CSV import rows): never
// where stored calls are read back (callLogPayloadSchema, callInputSchema), so a
// call saved last year is still read, retried and tracked whatever today is.

/** Clocks on a floor of PCs drift a few minutes; a call just ended must not be refused for it. */
export const CLOCK_SKEW_MS = 10 * 60_000;
/** Log call is filled right after hangup: a start further back is a wrong date, not a late log. */
export const LOG_CALL_MAX_AGE_DAYS = 30;

/** Why this start cannot be a real call yet (later than now, less the skew), or null. */
export function futureStartProblem(startMs: number, now = Date.now()): string | null {
  if (Number.isNaN(startMs) || startMs <= now + CLOCK_SKEW_MS) return null;
  return 'Start time is in the future: check the date and time (a call cannot start later than now)';
}

/** Why Log call refuses this start as too old, or null. */
export function oldStartProblem(startMs: number, now = Date.now()): string | null {
  if (Number.isNaN(startMs) || startMs >= now - LOG_CALL_MAX_AGE_DAYS * 86_400_000) return null;
  return `Start time is more than ${LOG_CALL_MAX_AGE_DAYS} days ago: check the date. Older calls are imported from a CSV file in History`;
}
