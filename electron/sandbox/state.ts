// The sandbox's queue of call logs. Nothing here runs on a timer: each call's final
// state is fixed on receipt and its visible status is derived from the clock when asked,
// so the sandbox never holds the process open and tests can reason about exact times.
import { randomUUID } from 'node:crypto';
import type { MetricsBody, SubmitAcceptedBody, TaskStatusBody } from '../../shared/leadsquared';
import type { OutcomeFault } from './faults';

export type CallOutcome = 'Success' | 'FAILURE' | 'ERROR';

export interface SandboxCall {
  requestId: string;
  callSessionId: string | null;
  /** The parsed JSON submitted (the first submit, for deduplicated resends). */
  body: unknown;
  receivedAt: number;
  completesAt: number;
  outcome: CallOutcome;
  statusReason: string | null;
  /** How many POSTs carried this call: 1 plus deduplicated resends. */
  submitCount: number;
}

interface CallRecord extends SandboxCall {
  /** Id of the activity the original (synchronous) API would have created; reported on Success. */
  activityId: string;
}

export const ACCEPTED_STATUS = 'Request accepted. Please use below request id to check the status';
export const TASK_TYPE = 'Telephony-LogCall';
/** LeadSquared describes its metrics as covering "the last 10 minutes". */
export const METRICS_WINDOW_MS = 10 * 60_000;

const TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Field lookup is case-insensitive, as .NET JSON binding on LeadSquared's side is. */
function field(body: Record<string, unknown>, name: string): unknown {
  if (name in body) return body[name];
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(body)) if (k.toLowerCase() === want) return v;
  return undefined;
}

const filled = (v: unknown) => (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isFinite(v));

function isApiTime(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = TIME_RE.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  // A well-shaped but impossible date (2024-02-30) is just as unusable to LeadSquared.
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h <= 23 && mi <= 59 && s <= 59;
}

function isWholeSeconds(v: unknown): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0;
  return typeof v === 'string' && /^\d+$/.test(v.trim());
}

/**
 * LeadSquared accepts any JSON object into the queue and only finds out later that it
 * cannot log it: such "application errors" end FAILURE with an MX... reason, never 400.
 */
export function applicationErrorOf(body: Record<string, unknown>): string | null {
  for (const name of ['SourceNumber', 'DestinationNumber']) {
    if (!filled(field(body, name))) return `MXInvalidInputException: ${name} is missing or empty`;
  }
  for (const name of ['StartTime', 'EndTime']) {
    if (!isApiTime(field(body, name))) {
      return `MXInvalidInputException: ${name} must be a date and time written YYYY-MM-DD HH:MM:SS`;
    }
  }
  if (!isWholeSeconds(field(body, 'CallDuration'))) {
    return 'MXInvalidInputException: CallDuration must be a whole number of seconds';
  }
  return null;
}

function sessionIdOf(body: Record<string, unknown>): string | null {
  const v = field(body, 'CallSessionId');
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

const isPending = (c: SandboxCall, now: number) => now < c.completesAt;

export class CallStore {
  private readonly records: CallRecord[] = [];
  private readonly byRequestId = new Map<string, CallRecord>();
  /** Latest call per CallSessionId; older ones stay in `records` and stay queryable. */
  private readonly bySession = new Map<string, CallRecord>();

  /**
   * Resending a call whose earlier copy is queued or logged must be harmless: the app
   * resends after a crash or a timed-out submit. Only a visibly failed call may be
   * submitted again as a new one (the agent fixed it and resent it).
   */
  submit(
    body: Record<string, unknown>,
    now: number,
    delayMs: number,
    takeOutcomeFault: () => OutcomeFault | null,
  ): { accepted: SubmitAcceptedBody; duplicate: boolean } {
    const sessionId = sessionIdOf(body);
    const previous = sessionId === null ? undefined : this.bySession.get(sessionId);
    if (previous && (isPending(previous, now) || previous.outcome === 'Success')) {
      previous.submitCount++;
      return { accepted: { Status: ACCEPTED_STATUS, RequestID: previous.requestId }, duplicate: true };
    }

    let outcome: CallOutcome = 'Success';
    let statusReason: string | null = applicationErrorOf(body);
    if (statusReason !== null) outcome = 'FAILURE';
    else {
      const fault = takeOutcomeFault();
      if (fault) ({ outcome, reason: statusReason } = fault);
    }
    const record: CallRecord = {
      requestId: randomUUID(),
      callSessionId: sessionId,
      body,
      receivedAt: now,
      completesAt: now + delayMs,
      outcome,
      statusReason,
      submitCount: 1,
      activityId: randomUUID(),
    };
    this.records.push(record);
    this.byRequestId.set(record.requestId.toLowerCase(), record);
    if (sessionId !== null) this.bySession.set(sessionId, record);
    return { accepted: { Status: ACCEPTED_STATUS, RequestID: record.requestId }, duplicate: false };
  }

  statusOf(requestId: string, now: number): TaskStatusBody | null {
    const c = this.byRequestId.get(requestId.trim().toLowerCase());
    if (!c) return null;
    const pending = isPending(c, now);
    return {
      RequestId: c.requestId,
      TaskStatus: {
        TaskType: TASK_TYPE,
        Status: pending ? 'In-Queue' : c.outcome,
        StatusReason: pending ? null : c.statusReason,
        TaskCurrentStep: pending ? 'Queued' : 'Completed',
        TaskLastStep: pending ? null : 'LogCallComplete',
        RequestBody: JSON.stringify(c.body),
      },
      // The async service relays what the synchronous API answered, as a JSON string.
      Message:
        !pending && c.outcome === 'Success' ? JSON.stringify({ Status: 'Success', Message: { Id: c.activityId } }) : null,
    };
  }

  metrics(now: number): MetricsBody {
    const since = now - METRICS_WINDOW_MS;
    let pending = 0;
    let completedRecently = 0;
    let maxDelayMs = 0;
    for (const c of this.records) {
      const isQueued = isPending(c, now);
      if (isQueued) pending++;
      else if (c.completesAt > since) completedRecently++;
      else continue;
      maxDelayMs = Math.max(maxDelayMs, c.completesAt - c.receivedAt);
    }
    return {
      PendingMessages: pending,
      MaxDelayInSeconds: Math.ceil(maxDelayMs / 1000),
      // A count over 10 minutes divided by 10 already has exactly one decimal.
      ProcessingratePerMinute: completedRecently / 10,
    };
  }

  list(): SandboxCall[] {
    return this.records.map(({ activityId: _activityId, ...call }) => ({ ...call, body: structuredClone(call.body) }));
  }

  get size(): number {
    return this.records.length;
  }
}
