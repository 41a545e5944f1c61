// HTTP to LeadSquared's async host. Every answer becomes an outcome the sender
// and tracker can act on; nothing here retries or sleeps, and the key is only
// ever placed in the x-api-key header of a request to the configured origin.
import { refusedMessage } from '../../../shared/entry';
import { errorMessageOf, parseMetrics, parseRequestId, parseTaskStatus } from '../../../shared/leadsquared';
import type { ParsedMetrics, ParsedTaskStatus } from '../../../shared/leadsquared';
import { keyHeaderValue, type ApiKey } from './api-key';
import type { Endpoints } from './urls';

export type Failure =
  /** 401: the key is wrong or missing. Nothing will work until it changes. */
  | { kind: 'unauthorized'; httpStatus: 401; message: string }
  /** 400/404 and other 4xx: this request will never be accepted as it is. */
  | { kind: 'rejected'; httpStatus: number; message: string }
  /** 429, 5xx, timeouts, dropped connections: try again later. */
  | { kind: 'retry'; httpStatus: number | null; message: string; retryAfterMs: number | null; rateLimited: boolean };

export type Outcome<T> = ({ kind: 'ok' } & T) | Failure;

export interface ClientOptions {
  /** Per request; a submit that times out is in doubt and is resent with the same CallSessionId. */
  timeoutMs?: number;
}

const MAX_RETRY_AFTER_MS = 10 * 60_000;

export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const secs = Number(value.trim());
  if (Number.isFinite(secs) && secs >= 0) return Math.min(secs * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

function networkMessage(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'LeadSquared did not answer in time';
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'Could not connect to LeadSquared (connection refused)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'Could not find the LeadSquared host (no network or wrong host name)';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'The connection to LeadSquared dropped';
  if (code) return `Network error talking to LeadSquared (${code})`;
  return 'Network error talking to LeadSquared';
}

/** LeadSquared's answers are a few hundred bytes; anything near this is not one of them. */
export const MAX_REPLY_BYTES = 64 * 1024;
const TOO_LARGE = Symbol('too large');

/** The body parsed as JSON (or its text), read no further than MAX_REPLY_BYTES. */
async function readBody(res: Response): Promise<unknown> {
  if (Number(res.headers.get('content-length') ?? 0) > MAX_REPLY_BYTES) {
    await res.body?.cancel();
    return TOO_LARGE;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) {
    size += r.value.byteLength;
    if (size > MAX_REPLY_BYTES) {
      await reader!.cancel().catch(() => undefined);
      return TOO_LARGE;
    }
    chunks.push(r.value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function failureOf(res: Response, body: unknown): Failure {
  const s = res.status;
  if (s === 401 || s === 403) {
    return { kind: 'unauthorized', httpStatus: 401, message: 'LeadSquared rejected the API key (401). Open Settings and check the key.' };
  }
  if (s === 429) {
    return {
      kind: 'retry',
      httpStatus: s,
      message: `LeadSquared's rate limit was reached (429): ${errorMessageOf(body, 'too many calls')}`,
      retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
      rateLimited: true,
    };
  }
  if (s === 404) {
    return {
      kind: 'rejected',
      httpStatus: s,
      message: `LeadSquared does not know this Call Log API URL (404): ${errorMessageOf(body, 'not found')}. Check the URL in Settings.`,
    };
  }
  if (s >= 400 && s < 500 && s !== 408) {
    return { kind: 'rejected', httpStatus: s, message: refusedMessage(s, errorMessageOf(body, 'bad request')) };
  }
  return {
    kind: 'retry',
    httpStatus: s,
    message: `LeadSquared had a problem (${s}): ${errorMessageOf(body, res.statusText || 'server error')}`,
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
    rateLimited: false,
  };
}

const malformed = (what: string): Failure => ({
  kind: 'retry',
  httpStatus: 200,
  message: `LeadSquared answered the ${what} with something we could not read`,
  retryAfterMs: null,
  rateLimited: false,
});

export class LeadSquaredClient {
  private readonly timeoutMs: number;

  constructor(opts: ClientOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 20_000;
  }

  private async call(url: string, key: ApiKey, init: RequestInit): Promise<{ res: Response; body: unknown } | Failure> {
    try {
      const res = await fetch(url, {
        ...init,
        // A redirect could carry the key to another host: never follow one.
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { ...(init.headers as Record<string, string>), 'x-api-key': keyHeaderValue(key), accept: 'application/json' },
      });
      const body = await readBody(res);
      if (body === TOO_LARGE) {
        return { kind: 'retry', httpStatus: res.status, message: `LeadSquared's answer was larger than ${MAX_REPLY_BYTES / 1024} KiB and was not read`, retryAfterMs: null, rateLimited: false };
      }
      return { res, body };
    } catch (err) {
      return { kind: 'retry', httpStatus: null, message: networkMessage(err), retryAfterMs: null, rateLimited: false };
    }
  }

  async submit(endpoints: Endpoints, key: ApiKey, payload: object): Promise<Outcome<{ requestId: string }>> {
    const r = await this.call(endpoints.submitUrl, key, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    if ('kind' in r) return r;
    if (!r.res.ok) return failureOf(r.res, r.body);
    const requestId = parseRequestId(r.body);
    return requestId ? { kind: 'ok', requestId } : malformed('call log');
  }

  async status(endpoints: Endpoints, key: ApiKey, requestId: string): Promise<Outcome<{ task: ParsedTaskStatus }>> {
    const r = await this.call(endpoints.statusUrl(requestId), key, { method: 'GET' });
    if ('kind' in r) return r;
    if (!r.res.ok) return failureOf(r.res, r.body);
    const task = parseTaskStatus(r.body);
    return task ? { kind: 'ok', task } : malformed('status check');
  }

  async metrics(endpoints: Endpoints, key: ApiKey): Promise<Outcome<{ metrics: ParsedMetrics }>> {
    const r = await this.call(endpoints.metricsUrl, key, { method: 'GET' });
    if ('kind' in r) return r;
    if (!r.res.ok) return failureOf(r.res, r.body);
    const metrics = parseMetrics(r.body);
    return metrics ? { kind: 'ok', metrics } : malformed('metrics request');
  }
}
