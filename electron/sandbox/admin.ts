// Control endpoints for people and e2e tests driving a sandbox in another process.
// They bypass faults and the rate limit so a test can always inspect and repair the
// sandbox it has broken. Loopback alone does not keep web pages out (DNS rebinding
// reaches 127.0.0.1 under another name), so each request must name the sandbox's own
// Host and carry this run's admin token; bodies must be JSON.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FaultsError, parseFaultsPatch, type SandboxFaults } from './faults';
import { errorReply, methodNotAllowed, parseJson, readBody, singleHost, type Reply } from './http';

export const ADMIN_PREFIX = '/__sandbox';
export const ADMIN_TOKEN_HEADER = 'x-sandbox-admin-token';
const MAX_ADMIN_BODY_BYTES = 64 * 1024;

/** How to reach a running sandbox's admin routes, as a terminal line tells a developer. */
export const adminHowTo = (s: { url: string; adminToken: string }) => `${s.url}${ADMIN_PREFIX}/state with header ${ADMIN_TOKEN_HEADER}: ${s.adminToken}`;

export interface AdminTarget {
  state(): unknown;
  calls(): unknown;
  requests(): unknown;
  faults(): SandboxFaults;
  setFaults(patch: Partial<SandboxFaults>): void;
  resetFaults(): void;
}

export interface AdminGuard {
  token: string;
  port: number;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Null when the request may use the admin routes; otherwise the refusal. */
export function checkAdmin(guard: AdminGuard, req: IncomingMessage, method: string): Reply | null {
  const host = (singleHost(req) ?? '').toLowerCase();
  if (!LOOPBACK_NAMES.some((name) => host === `${name}:${guard.port}`)) {
    return errorReply(403, `Wrong Host header: the admin routes answer only to 127.0.0.1:${guard.port}`);
  }
  const given = req.headers[ADMIN_TOKEN_HEADER];
  if (typeof given !== 'string' || !timingSafeEqual(digest(given), digest(guard.token))) {
    return errorReply(401, `Missing or wrong admin token: send this run's token in the ${ADMIN_TOKEN_HEADER} header`);
  }
  if (method === 'POST' && !/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    return errorReply(415, 'Admin requests must send Content-Type: application/json');
  }
  return null;
}

/** `path` is lower-cased and starts with ADMIN_PREFIX. Null: the client went away. */
export async function routeAdmin(target: AdminTarget, req: IncomingMessage, method: string, path: string): Promise<Reply | null> {
  const name = path.slice(ADMIN_PREFIX.length).replace(/\/$/, '');
  const get = (body: () => unknown): Reply => (method === 'GET' ? { status: 200, body: body() } : methodNotAllowed(method, 'GET'));
  switch (name) {
    case '':
    case '/state':
      return get(() => target.state());
    case '/calls':
      return get(() => target.calls());
    case '/requests':
      return get(() => target.requests());
    case '/reset': {
      if (method !== 'POST') return methodNotAllowed(method, 'POST');
      const body = await readJsonBody(req);
      if (body === null || 'status' in body) return body;
      target.resetFaults();
      return { status: 200, body: { faults: target.faults() } };
    }
    case '/faults':
      if (method === 'GET') return { status: 200, body: { faults: target.faults() } };
      if (method !== 'POST') return methodNotAllowed(method, 'GET, POST');
      return postFaults(target, req);
    default:
      return errorReply(404, 'Unknown sandbox admin endpoint; try /__sandbox/state, /calls, /requests, /faults or /reset');
  }
}

/** The parsed body, a refusal, or null when the client went away. An empty body is {}. */
async function readJsonBody(req: IncomingMessage): Promise<{ value: unknown } | Reply | null> {
  const read = await readBody(req, MAX_ADMIN_BODY_BYTES);
  if (read.kind === 'aborted') return null;
  if (read.kind === 'too-large') return errorReply(413, 'Admin request body is too large');
  if (read.kind === 'bad-encoding') return errorReply(400, 'Admin request body is not valid UTF-8');
  if (read.text.trim() === '') return { value: {} };
  const parsed = parseJson(read.text);
  return parsed.ok ? { value: parsed.value } : errorReply(400, parsed.message);
}

async function postFaults(target: AdminTarget, req: IncomingMessage): Promise<Reply | null> {
  const body = await readJsonBody(req);
  if (body === null || 'status' in body) return body;
  try {
    target.setFaults(parseFaultsPatch(body.value));
  } catch (err) {
    if (err instanceof FaultsError) return errorReply(400, err.message);
    throw err;
  }
  return { status: 200, body: { faults: target.faults() } };
}
