// Wire shapes of LeadSquared's async call-log API (see ../shared/leadsquared-api.md).
// Parsers are deliberately lenient about casing: the docs spell the same field
// `RequestID` in one response and `RequestId` in another.
import { z } from 'zod';

/** Final task states; anything else (including unknown values) is "not final". */
export const FINAL_TASK_STATUSES = ['success', 'failure', 'error'] as const;
export type FinalTaskStatus = (typeof FINAL_TASK_STATUSES)[number];

export interface SubmitAcceptedBody {
  Status: string;
  RequestID: string;
}

export interface TaskStatusBody {
  RequestId: string;
  TaskStatus: {
    TaskType: string;
    Status: string;
    StatusReason: string | null;
    TaskCurrentStep: string | null;
    TaskLastStep: string | null;
    RequestBody: string | null;
  };
  Message: string | null;
}

export interface MetricsBody {
  PendingMessages: number;
  MaxDelayInSeconds: number;
  ProcessingratePerMinute: number;
}

function pick(obj: Record<string, unknown>, name: string): unknown {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === want) return v;
  return undefined;
}

const record = z.record(z.string(), z.unknown());

/** Longest text kept from a reply field: enough for any real reason, bounded for the outbox. */
export const MAX_REPLY_TEXT = 1000;
/** RequestIDs are GUIDs; anything longer, or with spaces or control characters, is not one. */
const REQUEST_ID_RE = /^[\x21-\x7e]{1,100}$/;

const clip = (s: string | null): string | null => (s !== null && s.length > MAX_REPLY_TEXT ? `${s.slice(0, MAX_REPLY_TEXT - 1)}…` : s);

export function parseRequestId(body: unknown): string | null {
  const obj = record.safeParse(body);
  if (!obj.success) return null;
  const id = pick(obj.data, 'RequestID');
  return typeof id === 'string' && REQUEST_ID_RE.test(id.trim()) ? id.trim() : null;
}

export interface ParsedTaskStatus {
  requestId: string | null;
  status: string;
  statusReason: string | null;
  message: string | null;
  /** Lower-cased final status, or null when the task is still in progress or unknown. */
  final: FinalTaskStatus | null;
}

const asText = (v: unknown): string | null =>
  typeof v === 'string' ? v : v == null ? null : JSON.stringify(v);

/**
 * A reason on one line: line breaks, tabs and other control characters become single spaces and the
 * ends are trimmed. The Dashboard groups failures by the reason and History filters by it whole, and a
 * filter one can type holds no control character, so a reason stored with one could never be opened.
 */
const oneLine = (s: string | null): string | null => {
  if (s === null) return null;
  const line = s.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return line === '' ? null : line;
};

export function parseTaskStatus(body: unknown): ParsedTaskStatus | null {
  const obj = record.safeParse(body);
  if (!obj.success) return null;
  const task = record.safeParse(pick(obj.data, 'TaskStatus'));
  if (!task.success) return null;
  const status = pick(task.data, 'Status');
  if (typeof status !== 'string') return null;
  const lower = status.trim().toLowerCase();
  const final = (FINAL_TASK_STATUSES as readonly string[]).includes(lower) ? (lower as FinalTaskStatus) : null;
  return {
    requestId: clip(asText(pick(obj.data, 'RequestId'))),
    status: clip(status.trim())!,
    statusReason: clip(oneLine(asText(pick(task.data, 'StatusReason')))),
    message: clip(asText(pick(obj.data, 'Message'))),
    final,
  };
}

export interface ParsedMetrics {
  pendingMessages: number;
  maxDelaySeconds: number;
  processingRatePerMinute: number;
}

export function parseMetrics(body: unknown): ParsedMetrics | null {
  const obj = record.safeParse(body);
  if (!obj.success) return null;
  const num = (name: string) => {
    const v = Number(pick(obj.data, name));
    return Number.isFinite(v) && v >= 0 ? v : null;
  };
  const pending = num('PendingMessages');
  const delay = num('MaxDelayInSeconds');
  const rate = num('ProcessingratePerMinute');
  if (pending === null || delay === null || rate === null) return null;
  return { pendingMessages: pending, maxDelaySeconds: delay, processingRatePerMinute: rate };
}

/** LeadSquared's error bodies vary; pull out the human message if there is one. */
export function errorMessageOf(body: unknown, fallback: string): string {
  if (typeof body === 'string') return body.trim().slice(0, 500) || fallback;
  const obj = record.safeParse(body);
  if (!obj.success) return fallback;
  for (const name of ['ExceptionMessage', 'Message', 'Status', 'error', 'message']) {
    const v = pick(obj.data, name);
    if (typeof v === 'string' && v.trim() !== '') return v.trim().slice(0, 500);
  }
  return fallback;
}
