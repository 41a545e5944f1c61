// Who may talk to the browser host. It listens on 127.0.0.1 only, but any web
// page the agent visits could still send requests to loopback, so every API
// request must carry this launch's random token and come from our own origin
// (Host checked too, against DNS rebinding).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { registerSecret } from '../core/redact';

export const TOKEN_HEADER = 'x-calllog-token';

export function newToken(): string {
  const token = randomBytes(24).toString('base64url');
  registerSecret(token);
  return token;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type GuardResult = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export interface GuardOptions {
  token: string;
  origin: string; // http://127.0.0.1:PORT
  /** EventSource cannot send headers: it passes the token in the query string. */
  tokenFromQuery?: string | null;
}

export function checkRequest(req: IncomingMessage, opts: GuardOptions): GuardResult {
  const host = req.headers.host ?? '';
  if (`http://${host}` !== opts.origin) return { ok: false, status: 403, reason: 'Wrong Host header' };
  const origin = req.headers.origin;
  // Browsers send Origin on every POST; a GET (EventSource) may omit it when same-origin.
  if (origin !== undefined ? origin !== opts.origin : req.method !== 'GET') {
    return { ok: false, status: 403, reason: 'Requests must come from the app page itself' };
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') return { ok: false, status: 403, reason: 'Cross-site request refused' };
  const header = req.headers[TOKEN_HEADER];
  const given = typeof header === 'string' ? header : (opts.tokenFromQuery ?? '');
  if (!given || !sameSecret(given, opts.token)) return { ok: false, status: 401, reason: 'Missing or wrong app token: open the URL the app printed' };
  return { ok: true };
}
