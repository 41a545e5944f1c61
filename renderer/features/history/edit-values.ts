// The "Edit and resend" form's values, to and from a CallInput. Times are
// edited as LeadSquared will receive them (`YYYY-MM-DD HH:MM:SS` in the
// configured zone), so what the agent types is what the payload will say.
import { agentNumberOf, leadNumberOf, type CallInput, type Direction } from '../../../shared/call-log';
import type { EntryDetail } from '../../../shared/entry';
import type { CallFormValues } from '../log-call/form-schema';
import { parseDuration } from '../log-call/local-time';
import { fromApiTime, toApiTime } from '../../../shared/time-rule';

/** The same text fields as the Log call form. */
export type EditValues = CallFormValues;

export type EditField = keyof EditValues;

/** Pre-fills from what the agent typed; an imported call has no input, so from the payload sent. */
export function editValuesOf(e: EntryDetail, zone: string): EditValues {
  const i = e.input as CallInput | null;
  if (i) {
    return {
      direction: i.direction,
      leadNumber: i.leadNumber,
      agentNumber: i.agentNumber,
      displayNumber: i.displayNumber ?? '',
      startTime: toApiTime(i.startTime, zone),
      endTime: toApiTime(i.endTime, zone),
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
    // Already wall-clock text in the zone; toInput turns it back with fromApiTime.
    startTime: p.StartTime,
    endTime: p.EndTime,
    durationSeconds: p.CallDuration,
    status: p.Status,
    notes: p.CallNotes ?? '',
    recordingUrl: p.ResourceURL ?? '',
    agentName: p.AgentName ?? '',
    callSessionId: p.CallSessionId,
  };
}

export type ToInput = { ok: true; call: CallInput } | { ok: false; field: EditField; message: string };

/**
 * Form values as a CallInput for editAndResend. Only what cannot be expressed
 * as a CallInput is checked here (unreadable times, a non-number duration);
 * every other rule is main's, and its field errors are shown as they come.
 */
export function toInput(v: EditValues, zone: string): ToInput {
  const start = fromApiTime(v.startTime.trim(), zone);
  if (start === null) return { ok: false, field: 'startTime', message: 'Start time must be a real date and time written YYYY-MM-DD HH:MM:SS' };
  const end = fromApiTime(v.endTime.trim(), zone);
  if (end === null) return { ok: false, field: 'endTime', message: 'End time must be a real date and time written YYYY-MM-DD HH:MM:SS' };
  // As Log call reads it: agents copy durations off the dialler as 2:05.
  const duration = parseDuration(v.durationSeconds);
  if (duration === null) return { ok: false, field: 'durationSeconds', message: 'Duration must be whole seconds (or m:ss, like 2:05)' };
  return {
    ok: true,
    call: {
      direction: v.direction,
      leadNumber: v.leadNumber,
      agentNumber: v.agentNumber,
      displayNumber: v.displayNumber,
      startTime: new Date(start).toISOString(),
      endTime: new Date(end).toISOString(),
      durationSeconds: duration,
      status: v.status,
      notes: v.notes,
      recordingUrl: v.recordingUrl,
      agentName: v.agentName,
      callSessionId: v.callSessionId,
    },
  };
}

const FIELDS: readonly string[] = ['direction', 'leadNumber', 'agentNumber', 'displayNumber', 'startTime', 'endTime', 'durationSeconds', 'status', 'notes', 'recordingUrl', 'agentName', 'callSessionId'];

/** Main names a field `call.leadNumber` (channel check) or `leadNumber` (service check). */
export function editFieldOf(field: string | null): EditField | null {
  const name = field?.replace(/^call\./, '') ?? '';
  return FIELDS.includes(name) ? (name as EditField) : null;
}
