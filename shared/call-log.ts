// One set of rules for a call log, used by the form, by CSV import and by main,
// so an agent sees the same words wherever the same mistake is made.
import { z } from 'zod';
import { ownNumberProblem } from './own-number';
import { futureStartProblem } from './start-time-limits';

export const DIRECTIONS = ['Inbound', 'Outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** LeadSquared's StartTime/EndTime format. */
export const API_TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Longest call we accept: a day. Anything longer is a typo, not a call. */
export const MAX_DURATION_SECONDS = 86_400;

const digitCount = (s: string) => s.replace(/\D/g, '').length;

/** Numbers as LeadSquared shows them: `9611795983`, `+91-8611795988`, `(080) 4567 8901`. */
export function phoneNumber(label: string) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(30, `${label} is too long (30 characters at most)`)
    .refine((s) => /^\+?[0-9()\-. ]+$/.test(s), `${label} may only contain digits, spaces, +, -, ( and )`)
    .refine((s) => digitCount(s) >= 3 && digitCount(s) <= 15, `${label} should have 3 to 15 digits`);
}

/** Trimmed first, so a pasted " " counts as empty rather than as a bad number. */
export function optionalPhoneNumber(label: string) {
  return z.string().trim().pipe(z.union([z.literal(''), phoneNumber(label)])).optional();
}

/** Parses `YYYY-MM-DD HH:MM:SS` as a calendar-valid wall-clock time, in milliseconds as if UTC. */
export function parseApiTime(s: string): number | null {
  const m = API_TIME_RE.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, se);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || se > 59) return null;
  return ms;
}

const apiTime = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .refine((s) => parseApiTime(s) !== null, `${label} must be a real date and time written YYYY-MM-DD HH:MM:SS`);

export const callSessionId = z
  .string({ error: 'Call session ID is required' })
  .trim()
  .min(1, 'Call session ID is required')
  .max(100, 'Call session ID is too long (100 characters at most)')
  .regex(/^[A-Za-z0-9._:\-]+$/, 'Call session ID may only contain letters, digits, dot, dash, underscore and colon');

const callStatus = z
  .string({ error: 'Call status is required' })
  .trim()
  .min(1, 'Call status is required')
  .max(50, 'Call status is too long (50 characters at most)');

const notes = z.string().max(4000, 'Notes are too long (4000 characters at most)').optional();

export const recordingUrl = z
  .string()
  .trim()
  .pipe(
    z.union([
      z.literal(''),
      z
        .string()
        .max(2000, 'Recording URL is too long')
        .refine((s) => {
          try {
            const u = new URL(s);
            return u.protocol === 'https:' || u.protocol === 'http:';
          } catch {
            return false;
          }
        }, 'Recording URL must be a web address starting with https://'),
    ]),
  )
  .optional();

const agentName = z.string().trim().max(100, 'Agent name is too long (100 characters at most)').optional();

const direction = z.preprocess(
  (v) => (typeof v === 'string' ? DIRECTIONS.find((d) => d.toLowerCase() === v.trim().toLowerCase()) ?? v : v),
  z.enum(DIRECTIONS, { error: 'Direction must be Inbound or Outbound' }),
);

/**
 * The body we POST, field for field as LeadSquared names it. All values are strings,
 * as in the API's own example. CSV import validates rows against this schema.
 */
export const callLogPayloadSchema = z
  .object({
    SourceNumber: phoneNumber('Source number'),
    DestinationNumber: phoneNumber('Destination number'),
    DisplayNumber: optionalPhoneNumber('Display number'),
    StartTime: apiTime('Start time'),
    EndTime: apiTime('End time'),
    CallDuration: z
      .union([z.string(), z.number()], { error: 'Duration is required' })
      .transform((v) => String(v).trim())
      .refine((s) => /^\d{1,6}$/.test(s) && Number(s) <= MAX_DURATION_SECONDS, 'Duration must be whole seconds, at most a day'),
    Status: callStatus,
    CallNotes: notes,
    ResourceURL: recordingUrl,
    Direction: direction,
    CallSessionId: callSessionId,
    AgentName: agentName,
  })
  .superRefine((p, ctx) => {
    const start = parseApiTime(p.StartTime);
    const end = parseApiTime(p.EndTime);
    if (start === null || end === null) return;
    if (end < start) ctx.addIssue({ code: 'custom', path: ['EndTime'], message: 'End time is before start time' });
    else if (Number(p.CallDuration) > (end - start) / 1000 + 1)
      ctx.addIssue({
        code: 'custom',
        path: ['CallDuration'],
        message: 'Duration is longer than the time between start and end',
      });
  });

export type CallLogPayload = z.output<typeof callLogPayloadSchema>;
export type CallLogPayloadInput = z.input<typeof callLogPayloadSchema>;
export const PAYLOAD_FIELDS = [
  'SourceNumber',
  'DestinationNumber',
  'DisplayNumber',
  'StartTime',
  'EndTime',
  'CallDuration',
  'Status',
  'CallNotes',
  'ResourceURL',
  'Direction',
  'CallSessionId',
  'AgentName',
] as const satisfies readonly (keyof CallLogPayload)[];

const instant = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .min(1, `${label} is required`)
    .refine((s) => z.iso.datetime({ offset: true }).safeParse(s).success, `${label} is not a valid date and time`);

/**
 * What an agent knows about a call, as the form collects it. Times are absolute
 * instants (ISO 8601 with offset); main turns them into the API's wall-clock rule.
 */
export const callInputSchema = z
  .strictObject({
    direction,
    leadNumber: phoneNumber('Lead phone number'),
    agentNumber: phoneNumber('Agent phone number'),
    displayNumber: optionalPhoneNumber('Display number'),
    startTime: instant('Start time'),
    endTime: instant('End time'),
    durationSeconds: z
      .number({ error: 'Duration must be a number of seconds' })
      .int('Duration must be whole seconds')
      .min(0, 'Duration cannot be negative')
      .max(MAX_DURATION_SECONDS, 'Duration is longer than a day'),
    status: callStatus,
    notes,
    recordingUrl,
    agentName,
    callSessionId,
  })
  .superRefine((c, ctx) => {
    const start = Date.parse(c.startTime);
    const end = Date.parse(c.endTime);
    if (Number.isNaN(start) || Number.isNaN(end)) return;
    if (end < start) {
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'End time is before start time' });
    } else if (Math.abs((end - start) / 1000 - c.durationSeconds) > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['durationSeconds'],
        message: 'Duration does not match the start and end times',
      });
    }
  });

export type CallInput = z.output<typeof callInputSchema>;

/**
 * A call entering now (main's logCall and editAndResend; the form pipes into it): the stored
 * call's rules plus "it has started" and "the lead is not the agent". Apart from callInputSchema
 * because that one also reads stored calls back (a moving file), which must keep working whatever
 * today's date is, and whatever was let in before these rules were.
 */
export const newCallInputSchema = callInputSchema.superRefine((c, ctx) => {
  const own = ownNumberProblem(c.leadNumber, c.agentNumber);
  if (own) ctx.addIssue({ code: 'custom', path: ['leadNumber'], message: own });
  const problem = futureStartProblem(Date.parse(c.startTime));
  if (problem) ctx.addIssue({ code: 'custom', path: ['startTime'], message: problem });
});

/** Inbound: the lead called the agent. Outbound: the agent called the lead. */
export function numbersByDirection(direction: Direction, leadNumber: string, agentNumber: string) {
  return direction === 'Inbound'
    ? { SourceNumber: leadNumber, DestinationNumber: agentNumber }
    : { SourceNumber: agentNumber, DestinationNumber: leadNumber };
}

export function leadNumberOf(p: Pick<CallLogPayload, 'Direction' | 'SourceNumber' | 'DestinationNumber'>): string {
  return p.Direction === 'Inbound' ? p.SourceNumber : p.DestinationNumber;
}

export function agentNumberOf(p: Pick<CallLogPayload, 'Direction' | 'SourceNumber' | 'DestinationNumber'>): string {
  return p.Direction === 'Inbound' ? p.DestinationNumber : p.SourceNumber;
}
