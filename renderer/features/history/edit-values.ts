// The "Edit and resend" form's values and rules. It is Log call's form, so its
// times are the agent's wall clock too (date-time pickers), whatever zone the
// payload is written in: main turns the instants back into StartTime/EndTime in
// that zone, exactly as it does for a call just logged.
import { zodResolver } from '@hookform/resolvers/zod';
import type { Resolver } from 'react-hook-form';
import { agentNumberOf, leadNumberOf, newCallInputSchema, type CallInput } from '../../../shared/call-log';
import type { EntryDetail } from '../../../shared/entry';
import { oldStartProblem } from '../../../shared/start-time-limits';
import { fromApiTime } from '../../../shared/time-rule';
import { callFormSchema, type CallFormValues } from '../log-call/form-schema';
import { localToIso, msToLocal, parseDuration } from '../log-call/local-time';

const asLocal = (ms: number | null): string => (ms === null || Number.isNaN(ms) ? '' : msToLocal(ms));

/** Pre-fills from what the agent typed; an imported call has no input, so from the payload sent (in `zone`). */
export function editValuesOf(e: EntryDetail, zone: string): CallFormValues {
  const i = e.input as CallInput | null;
  if (i) {
    return {
      direction: i.direction,
      leadNumber: i.leadNumber,
      agentNumber: i.agentNumber,
      displayNumber: i.displayNumber ?? '',
      startTime: asLocal(Date.parse(i.startTime)),
      endTime: asLocal(Date.parse(i.endTime)),
      durationSeconds: String(i.durationSeconds),
      status: i.status,
      notes: i.notes ?? '',
      recordingUrl: i.recordingUrl ?? '',
      agentName: i.agentName ?? '',
      callSessionId: i.callSessionId,
    };
  }
  const p = e.payload;
  return {
    direction: p.Direction,
    leadNumber: leadNumberOf(p),
    agentNumber: agentNumberOf(p),
    displayNumber: p.DisplayNumber ?? '',
    startTime: asLocal(fromApiTime(p.StartTime, zone)),
    endTime: asLocal(fromApiTime(p.EndTime, zone)),
    durationSeconds: p.CallDuration,
    status: p.Status,
    notes: p.CallNotes ?? '',
    recordingUrl: p.ResourceURL ?? '',
    agentName: p.AgentName ?? '',
    callSessionId: p.CallSessionId,
  };
}

const logCallRules = zodResolver(callFormSchema);
/** The words Log call refuses an old start with (the same whatever the start). */
const TOO_OLD = oldStartProblem(0);

/**
 * Log call's rules, less its "more than 30 days back": a failed call may be fixed
 * long after it was made (README), while a start in the future is still refused.
 * Log call's schema is reused rather than copied so both forms keep one set of words.
 */
export const editResolver: Resolver<CallFormValues, unknown, CallInput> = async (values, context, options) => {
  const checked = await logCallRules(values, context, options);
  if (checked.errors.startTime?.message !== TOO_OLD) return checked;
  const { startTime: _old, ...others } = checked.errors;
  if (Object.keys(others).length > 0) return { values: {}, errors: others };
  // Only the age was wrong, so the rest passed: the CallInput Log call's schema would have made.
  const call = newCallInputSchema.safeParse({
    ...values,
    startTime: localToIso(values.startTime),
    endTime: localToIso(values.endTime),
    durationSeconds: parseDuration(values.durationSeconds) ?? Number.NaN,
  });
  return call.success ? { values: call.data, errors: {} } : checked;
};
