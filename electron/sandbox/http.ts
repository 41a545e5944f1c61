// Small HTTP helpers shared by the API and admin routes.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** LeadSquared's error bodies carry the human text in ExceptionMessage. */
export function errorReply(status: number, message: string, exceptionType?: string, headers?: Record<string, string>): Reply {
  const body = exceptionType
    ? { Status: 'Error', ExceptionType: exceptionType, ExceptionMessage: message }
    : { Status: 'Error', ExceptionMessage: message };
  return headers ? { status, body, headers } : { status, body };
}

export const methodNotAllowed = (method: string, allowed: string): Reply =>
  errorReply(405, `Method ${method} is not allowed here; use ${allowed}`, undefined, { allow: allowed });

export type BodyRead =
  | { kind: 'ok'; text: string }
  | { kind: 'too-large' }
  | { kind: 'bad-encoding' }
  /** The client went away before the body ended: there is nobody left to answer. */
  | { kind: 'aborted' };

/**
 * Buffers at most `maxBytes`. An oversized body is still read to its end (and thrown
 * away) so the 413 reaches a client that is still uploading instead of a reset socket.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: BodyRead) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => {
      if (size > maxBytes) return settle({ kind: 'too-large' });
      try {
        settle({ kind: 'ok', text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)) });
      } catch {
        settle({ kind: 'bad-encoding' });
      }
    });
    req.on('error', () => settle({ kind: 'aborted' }));
    req.on('close', () => settle({ kind: 'aborted' }));
  });
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJson(text: string): JsonParse {
  if (text.trim() === '') return { ok: false, message: 'Request body is empty; expected a JSON object' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, message: `Request body is not valid JSON (${(err as Error).message})` };
  }
}

export function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...reply.headers,
  });
  res.end(text);
}

/**
 * createServer options for the app's local servers. Any local process can open connections and
 * never finish a request: each is dropped after 10 s without its headers (checked every 2 s, not
 * Node's 30), or 2 min without its body (a large CSV import over loopback takes far less).
 */
export const LOCAL_SERVER_OPTIONS = { headersTimeout: 10_000, requestTimeout: 120_000, connectionsCheckingInterval: 2_000 } as const;

/**
 * Caps open connections, so a flood of them cannot use up the process's file handles (the same
 * process talks to LeadSquared, SQLite and the team database): past the cap, new ones are closed.
 */
export function capConnections(server: Server, max: number): void {
  server.maxConnections = max;
}

/** Without a listener Node drops a CONNECT silently; a plain 405 tells the client why. */
export function answerConnect(server: Server): void {
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
}

/** The Host header, or null when there is none or more than one (Node keeps only the first). */
export function singleHost(req: IncomingMessage): string | null {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') count++;
  return count === 1 ? (req.headers.host ?? null) : null;
}
