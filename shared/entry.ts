// The life of one logged call, as the outbox records it and the UI shows it.
import { z } from 'zod';
import type { CallLogPayload, CallInput } from './call-log';
import { MAX_REPLY_TEXT } from './leadsquared';

export const ENTRY_STATES = [
  'queued', // saved locally, waiting for its turn in the rate budget
  'sending', // a submit is on the wire
  'retry_wait', // a submit failed for a passing reason; next attempt is scheduled
  'needs_key', // LeadSquared refused the key (401) or there is none: paused until it changes
  'needs_setup', // no connector URL or host yet: paused until Settings are complete
  'paused', // a supervisor cancelled the import it belongs to; sent again only on request
  'accepted', // LeadSquared gave a RequestID; no status seen yet
  'in_queue', // the status API says the request is still in LeadSquared's queue
  'success',
  'failure',
  'error',
] as const;
export type EntryState = (typeof ENTRY_STATES)[number];
export const entryStateSchema = z.enum(ENTRY_STATES);

export const FINAL_STATES: readonly EntryState[] = ['success', 'failure', 'error'];
export const PAUSED_STATES: readonly EntryState[] = ['needs_key', 'needs_setup'];
/** States whose submit has not been accepted yet: the payload may still be edited. */
export const UNSENT_STATES: readonly EntryState[] = ['queued', 'retry_wait', 'needs_key', 'needs_setup', 'paused'];
export const TRACKED_STATES: readonly EntryState[] = ['accepted', 'in_queue'];

export const STATE_LABELS: Record<EntryState, string> = {
  queued: 'Saved',
  sending: 'Sending',
  retry_wait: 'Waiting to retry',
  needs_key: 'Needs API key',
  needs_setup: 'Needs setup',
  paused: 'Paused',
  accepted: 'Accepted',
  in_queue: "In LeadSquared's queue",
  success: 'Success',
  failure: 'Failure',
  error: 'Error',
};

export const isFinalState = (s: EntryState) => FINAL_STATES.includes(s);

/** How the core words LeadSquared's refusal of a call log (a 4xx other than the key, URL or rate limit). */
export const refusedMessage = (httpStatus: number, detail: string) => `LeadSquared refused the call log (${httpStatus}): ${detail}`;

/**
 * A Failure LeadSquared answered 400 to: it called the body itself malformed, so the same body
 * would be refused again. Such a call is edited and resent, never retried as it is (the core
 * refuses retryNow; the details offer Edit and resend only). Known by the reason the core wrote
 * for it (refusedMessage), which no other path writes.
 */
export const isRefusedAsMalformed = (e: Pick<EntrySummary, 'state' | 'statusReason'>) =>
  e.state === 'failure' && (e.statusReason ?? '').startsWith(refusedMessage(400, ''));

export type EntrySource = 'form' | 'import';

export interface EntrySummary {
  id: number;
  callSessionId: string;
  state: EntryState;
  requestId: string | null;
  leadNumber: string;
  direction: CallLogPayload['Direction'];
  startTime: string;
  agentName: string;
  statusReason: string | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  /** Logged for the built-in sandbox: a test call, never sent to LeadSquared. */
  test?: boolean;
}

export interface Transition {
  at: number;
  from: EntryState | null;
  to: EntryState;
  note: string | null;
}

export interface EntryDetail extends EntrySummary {
  payload: CallLogPayload;
  input: CallInput | null;
  source: EntrySource;
  attempts: number;
  statusChecks: number;
  nextAttemptAt: number | null;
  nextCheckAt: number | null;
  transitions: Transition[];
}

export const LIST_PAGE_MAX = 500;

/** Typed filter text: spaces around it are forgiven, control characters (NUL, tab, line breaks) refused. */
const filterText = (label: string, max: number) =>
  z
    .string()
    .max(max, `${label} is too long (${max} characters at most)`)
    .trim()
    .refine((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s), `${label} cannot contain control characters such as tabs, line breaks or NUL: type the text itself`);

/**
 * How the Dashboard names failed calls LeadSquared gave no reason for (the team database's
 * team_day says the same): there is no reason to filter History by.
 */
export const NO_REASON = 'No reason given';

/** History filters; every filter combines with the others (AND). */
export const listQuerySchema = z.strictObject({
  search: filterText('Search', 200).optional(),
  states: z.array(entryStateSchema).max(ENTRY_STATES.length).optional(),
  agent: filterText('Agent filter', 100).optional(),
  /**
   * The agent's whole name, not a part (this computer's typed filter takes any part): the
   * Dashboard's failures by agent list that agent's calls, not those of a longer name holding it.
   * The team's agent is always whole (picked from its list).
   */
  agentWhole: z.boolean().optional(),
  /**
   * The failure's reason, matched whole (the Dashboard's failures by reason): LeadSquared's
   * StatusReason as History shows it, as long as a call's can be (kept up to MAX_REPLY_TEXT, here
   * and in the team database), or a reason the Dashboard offers could not be opened.
   */
  reason: filterText('Reason filter', MAX_REPLY_TEXT).optional(),
  direction: z.enum(['Inbound', 'Outbound']).optional(),
  /** Call start time range, epoch ms, inclusive. */
  from: z.number().int().nonnegative().optional(),
  to: z.number().int().nonnegative().optional(),
  /**
   * When the call was logged (saved), epoch ms, inclusive: the Dashboard counts a day's calls by
   * it, and an imported call is logged days after it started, so the start time cannot stand in.
   */
  loggedFrom: z.number().int().nonnegative().optional(),
  loggedTo: z.number().int().nonnegative().optional(),
  /**
   * Leaves out calls logged with the built-in sandbox (test calls), as the Dashboard's figures do:
   * History opened from a figure lists the calls it counted, no more.
   */
  excludeTestCalls: z.boolean().optional(),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(LIST_PAGE_MAX).default(100),
});
export type ListQuery = z.input<typeof listQuerySchema>;
export type ListQueryParsed = z.output<typeof listQuerySchema>;

export interface ListResult {
  total: number;
  offset: number;
  items: EntrySummary[];
}
