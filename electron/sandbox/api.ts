// The three LeadSquared endpoints: submit, status and metrics. Fault injection and the
// request log live in server.ts; this file decides what a healthy server would answer.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FaultState } from './faults';
import { errorReply, isJsonObject, jsonKind, methodNotAllowed, parseJson, readBody, type Reply } from './http';
import { rateLimitMessage, retryAfterSeconds, type RateLimitConfig, type SlidingWindowLimiter } from './rate-limit';
import type { CallStore } from './state';

export const API_PREFIX = '/1/api/telephony/logcallcomplete';
export const MAX_BODY_BYTES = 256 * 1024;

export interface SandboxStats {
  /** Requests routed to the submit endpoint (after key and rate-limit checks), whatever the answer. */
  submits: number;
  statusChecks: number;
  metricsCalls: number;
  rateLimited: number;
  /** 401s, injected ones included. */
  unauthorized: number;
  /** 400s and 413s. */
  badRequests: number;
  notFound: number;
  /** Injected 500s and any unexpected failure of the sandbox itself. */
  serverErrors: number;
  dropped: number;
}

export const emptyStats = (): SandboxStats => ({
  submits: 0,
  statusChecks: 0,
  metricsCalls: 0,
  rateLimited: 0,
  unauthorized: 0,
  badRequests: 0,
  notFound: 0,
  serverErrors: 0,
  dropped: 0,
});

export interface ResolvedConnector {
  token: string;
  guid: string | null;
}

export interface ApiContext {
  apiKey: string;
  connectors: readonly ResolvedConnector[];
  rateLimit: RateLimitConfig | false;
  limiter: SlidingWindowLimiter | null;
  store: CallStore;
  faults: FaultState;
  stats: SandboxStats;
  processingDelayMs(): number;
  now(): number;
}

export const unauthorizedReply = (message: string): Reply => errorReply(401, message, 'AuthenticationException');

// Hashing first gives equal-length inputs, so the comparison time says nothing about the key.
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

function keyMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/** Key, then rate limit; `at` is when the request's headers arrived. Null means admitted. */
export function checkAccess(ctx: ApiContext, req: IncomingMessage, at: number): Reply | null {
  const given = req.headers['x-api-key'];
  if (given === undefined || given === '') return unauthorizedReply('Missing API key: send it in the x-api-key header');
  if (!keyMatches(given, ctx.apiKey)) return unauthorizedReply('Invalid API key');
  if (ctx.limiter && ctx.rateLimit) {
    const admission = ctx.limiter.admit(ctx.apiKey, at);
    if (!admission.admitted) {
      return errorReply(429, rateLimitMessage(ctx.rateLimit), undefined, {
        'retry-after': String(retryAfterSeconds(admission.retryAfterMs)),
      });
    }
  }
  return null;
}

function splitSegments(rest: string): string[] | null {
  // `rest` is what follows the prefix: '', '/', '/a', '/a/b/' ...
  const trimmed = rest.replace(/^\//, '').replace(/\/$/, '');
  if (trimmed === '') return [];
  const parts = trimmed.split('/');
  try {
    const decoded = parts.map((p) => decodeURIComponent(p));
    return decoded.some((p) => p === '') ? null : decoded;
  } catch {
    return null;
  }
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function findConnector(ctx: ApiContext, segments: string[]): ResolvedConnector | undefined {
  const [token, guid] = segments;
  return ctx.connectors.find(
    (c) => token !== undefined && same(c.token, token) && (c.guid === null ? guid === undefined : guid !== undefined && same(c.guid, guid)),
  );
}

/**
 * Routes an admitted request. `rest` is the path after the API prefix. Resolves to null
 * when the client disconnected before the sandbox could decide on an answer.
 */
export async function routeApi(
  ctx: ApiContext,
  req: IncomingMessage,
  method: string,
  rest: string,
  query: URLSearchParams,
): Promise<Reply | null> {
  const segments = splitSegments(rest);
  if (segments === null || segments.length === 0 || segments.length > 2) {
    return errorReply(404, method === 'POST' ? 'Connector not found' : 'Not found');
  }
  const first = segments[0]!.toLowerCase();
  if (segments.length === 1 && (first === 'status' || first === 'metrics')) {
    if (method !== 'GET') return methodNotAllowed(method, 'GET');
    if (first === 'metrics') {
      ctx.stats.metricsCalls++;
      return { status: 200, body: ctx.store.metrics(ctx.now()) };
    }
    ctx.stats.statusChecks++;
    return statusReply(ctx, query);
  }
  if (method !== 'POST') return methodNotAllowed(method, 'POST');
  if (!findConnector(ctx, segments)) return errorReply(404, 'Connector not found');
  ctx.stats.submits++;
  return submit(ctx, req);
}

function statusReply(ctx: ApiContext, query: URLSearchParams): Reply {
  let id: string | null = null;
  for (const [k, v] of query) {
    if (k.toLowerCase() === 'requestid' && v.trim() !== '') {
      id = v.trim();
      break;
    }
  }
  if (id === null) return errorReply(400, 'RequestID is required: add ?RequestID=<id> to the URL');
  const body = ctx.store.statusOf(id, ctx.now());
  return body ? { status: 200, body } : errorReply(404, 'No request found with this RequestID');
}

function isJsonContentType(value: string | undefined): boolean {
  const type = (value ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

async function submit(ctx: ApiContext, req: IncomingMessage): Promise<Reply | null> {
  const read = await readBody(req, MAX_BODY_BYTES);
  if (read.kind === 'aborted') return null;
  if (ctx.faults.takeBadRequest()) {
    return errorReply(400, 'Request body is not as per the specification (injected by the sandbox)', 'InvalidRequestException');
  }
  if (read.kind === 'too-large') return errorReply(413, `Request body is larger than ${MAX_BODY_BYTES / 1024} KiB`);
  if (read.kind === 'bad-encoding') return errorReply(400, 'Request body is not valid UTF-8');
  if (!isJsonContentType(req.headers['content-type'])) {
    return errorReply(400, 'Content-Type must be application/json', 'InvalidRequestException');
  }
  const parsed = parseJson(read.text);
  if (!parsed.ok) return errorReply(400, parsed.message, 'InvalidRequestException');
  if (!isJsonObject(parsed.value)) {
    return errorReply(400, `Request body must be a JSON object, not ${jsonKind(parsed.value)}`, 'InvalidRequestException');
  }
  const { accepted } = ctx.store.submit(parsed.value, ctx.now(), ctx.processingDelayMs(), () => ctx.faults.takeOutcomeFault());
  return { status: 200, body: accepted };
}
