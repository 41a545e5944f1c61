// The Log call form's rules are main's rules: each field is checked with the
// validator callInputSchema itself uses (same words, same limits; only a missing
// agent number gets words of its own, saying why LeadSquared needs it), the values
// are then turned into a CallInput and the whole of callInputSchema runs, so
// cross-field problems ("End time is before start time", a lead number that is
// the agent's own: own-number.ts) land on the field they name, before anything
// crosses the bridge. Log call alone also refuses a
// start more than a month back (start-time-limits.ts).
import { z } from 'zod';
import { callInputSchema, newCallInputSchema, type CallInput, type Direction } from '../../../shared/call-log';
import { oldStartProblem } from '../../../shared/start-time-limits';
import type { Settings } from '../../../shared/settings';
import { localToIso, msToLocal, nowMs, parseDuration, parseLocal } from './local-time';

/** What the inputs hold: text, as the DOM gives it. */
export interface CallFormValues {
  direction: Direction;
  leadNumber: string;
  agentNumber: string;
  displayNumber: string;
  startTime: string;
  endTime: string;
  durationSeconds: string;
  status: string;
  notes: string;
  recordingUrl: string;
  agentName: string;
  callSessionId: string;
}
export type CallFormField = keyof CallFormValues;

// Same keys as CallInput, so an issue path (ours or main's `field`) is a form field name.
export const CALL_FORM_FIELDS = [
  'direction',
  'leadNumber',
  'agentNumber',
  'displayNumber',
  'startTime',
  'endTime',
  'durationSeconds',
  'status',
  'notes',
  'recordingUrl',
  'agentName',
  'callSessionId',
] as const satisfies readonly (keyof CallInput & CallFormField)[];

export const isCallFormField = (f: string | null): f is CallFormField => f !== null && (CALL_FORM_FIELDS as readonly string[]).includes(f);

const shared = callInputSchema.shape;

const localDateTime = (label: string) =>
  z.string().superRefine((v, ctx) => {
    if (v.trim() === '') return void ctx.addIssue({ code: 'custom', message: `${label} is required` });
    const p = parseLocal(v);
    if (!p.ok)
      ctx.addIssue({
        code: 'custom',
        message: p.reason === 'nonexistent' ? `${label} does not exist here: the clocks changed at that hour` : `${label} is not a valid date and time`,
      });
  });

const durationText = z.string().superRefine((v, ctx) => {
  if (v.trim() === '') ctx.addIssue({ code: 'custom', message: 'Duration is required' });
  else if (parseDuration(v) === null) ctx.addIssue({ code: 'custom', message: 'Duration must be whole seconds (or m:ss, like 2:05)' });
});

/** Where to save it, too, so it is not typed on every call. */
const AGENT_NUMBER_MISSING = 'Your agent phone number is needed: LeadSquared matches it to your user. Save it once in Settings to have it filled in.';

const fields = z.object({
  direction: shared.direction,
  leadNumber: shared.leadNumber,
  agentNumber: z
    .string()
    .refine((v) => v.trim() !== '', AGENT_NUMBER_MISSING)
    .pipe(shared.agentNumber),
  displayNumber: shared.displayNumber,
  startTime: localDateTime('Start time'),
  endTime: localDateTime('End time'),
  durationSeconds: durationText,
  status: shared.status,
  notes: shared.notes,
  recordingUrl: shared.recordingUrl,
  agentName: shared.agentName,
  callSessionId: shared.callSessionId,
});

/**
 * Form values in, the exact CallInput main will accept out (or issues on form fields).
 * Typed by hand: the shared direction validator accepts `unknown` (CSV cells), while
 * the form only ever holds a Direction.
 */
export const callFormSchema = fields
  .transform(
    (v): z.input<typeof callInputSchema> => ({
      ...v,
      startTime: localToIso(v.startTime),
      endTime: localToIso(v.endTime),
      durationSeconds: parseDuration(v.durationSeconds) ?? Number.NaN,
    }),
  )
  .pipe(newCallInputSchema)
  // Right after hangup, a start a month back is a wrong date (main leaves it to the form: Edit and
  // resend and import carry older calls by design).
  .superRefine((c, ctx) => {
    const problem = oldStartProblem(Date.parse(c.startTime));
    if (problem) ctx.addIssue({ code: 'custom', path: ['startTime'], message: problem });
  }) as unknown as z.ZodType<CallInput, CallFormValues>;

/** A fresh form: the agent's defaults from Settings, the call just ended, a new session ID. */
export function freshValues(settings: Pick<Settings, 'agentName' | 'agentNumber' | 'displayNumber' | 'callStatuses'>, direction: Direction = 'Outbound'): CallFormValues {
  const end = nowMs();
  return {
    direction,
    leadNumber: '',
    agentNumber: settings.agentNumber,
    displayNumber: settings.displayNumber,
    startTime: msToLocal(end),
    endTime: msToLocal(end),
    durationSeconds: '0',
    status: settings.callStatuses[0] ?? '',
    notes: '',
    recordingUrl: '',
    agentName: settings.agentName,
    callSessionId: crypto.randomUUID(),
  };
}
