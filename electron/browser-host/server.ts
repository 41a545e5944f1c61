// The browser host: the same core and the same contract handlers as the
// Electron app, over HTTP on 127.0.0.1 for a browser, serving the built
// renderer. POST /api/<channel> answers a contract Result; GET /api/events is
// a server-sent-events stream of the contract's push events.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { EVENT_NAMES } from '../../shared/ipc';
import type { CallLogService } from '../core/service';
import { createHandlers, dispatch, type HostSupport } from '../ipc-handlers';
import { answerConnect, LOCAL_SERVER_OPTIONS, singleHost } from '../sandbox/http';
import { checkRequest, newToken } from './guard';
import { SECURITY_HEADERS, serveStatic } from './static-files';
import { capConnectionsKeepingTrusted } from './connection-cap';

export interface BrowserHostOptions {
  service: CallLogService;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  port?: number;
  /** Check handler outputs against the contract (tests). */
  checkOutput?: boolean;
  log?: (msg: string) => void;
  /** Called once, when the first request with this launch's token arrives. */
  onFirstAuthorized?: () => void;
  /** Where logs are and what versions run, for "Export diagnostics". */
  support?: HostSupport;
}

export interface BrowserHost {
  /** The URL to open, token included (in the fragment: never sent to a server, never in logs). */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Open connections at most: one agent's Chromium needs a handful; see capConnectionsKeepingTrusted. */
export const MAX_CONNECTIONS = 64;
const MAX_BODY = 1024 * 1024;
/**
 * importCsv (and importTransfer) carry a whole file: the contract allows 20,000,000 characters of
 * text (a 10,000-row file is ~2 MB), which JSON escaping and UTF-8 can grow;
 * the schema still checks the text's length once parsed.
 */
const MAX_IMPORT_BODY = 64 * 1024 * 1024;
const API = '/api/';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function refuse(res: ServerResponse, status: number, message: string): void {
  json(res, status, { ok: false, error: { code: 'not_allowed', message, field: null } });
}

async function readJson(req: IncomingMessage, maxBytes: number): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return { ok: false, message: 'Request is too large' };
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: 'Request body is not valid JSON' };
  }
}

/**
 * Only origin-form targets ("/path?query") are ours: absolute URLs, "*" and
 * authority forms are proxy requests, and a target URL cannot parse must never
 * throw outside a handler (one request would stop the app).
 */
function parseTarget(target: string | undefined): URL | null {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://127.0.0.1');
  } catch {
    return null;
  }
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = newToken();
  const handlers = createHandlers(opts.service, opts.support);
  const streams = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let origin = '';
  let authorizedOnce = false;

  const broadcast = (frame: string) => {
    for (const s of streams) s.write(frame);
  };
  const offEntries = opts.service.onEntriesChanged((ids) => broadcast(`event: entriesChanged\ndata: ${JSON.stringify({ ids })}\n\n`));
  const offTeam = opts.service.onTeamChanged(() => broadcast('event: teamChanged\ndata: {}\n\n'));
  const unsubscribe = () => {
    offEntries();
    offTeam();
  };
  const heartbeat = setInterval(() => {
    for (const s of streams) s.write(': keep-alive\n\n');
  }, 25_000);
  heartbeat.unref();

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const name = url.pathname.slice(API.length);
    const isStream = name === 'events' && req.method === 'GET';
    // Only EventSource needs the query string (it cannot send headers); anywhere
    // else a token in a URL would end up in history and logs.
    const verdict = checkRequest(req, { token, origin, tokenFromQuery: isStream ? url.searchParams.get('token') : null });
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
    connections.trust(req.socket);
    if (!authorizedOnce) {
      authorizedOnce = true;
      opts.onFirstAuthorized?.();
    }
    if (isStream) return openStream(res);
    if (req.method !== 'POST') return refuse(res, 405, 'Use POST');
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return refuse(res, 415, 'Send JSON');
    // Only now, past the token and the checks above, is a client that asked first told to send its body.
    if (/100-continue/i.test(req.headers.expect ?? '')) res.writeContinue();
    const body = await readJson(req, name === 'importCsv' || name === 'importTransfer' ? MAX_IMPORT_BODY : MAX_BODY);
    if (!body.ok) return json(res, 400, { ok: false, error: { code: 'invalid_input', message: body.message, field: null } });
    json(res, 200, await dispatch(handlers, name, body.value, { checkOutput: opts.checkOutput, log: opts.log }));
  }

  function openStream(res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 1000\nevent: ready\ndata: ${JSON.stringify({ events: EVENT_NAMES })}\n\n`);
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const url = parseTarget(req.url);
    if (!url) return refuse(res, 400, 'Malformed request target');
    // Pages too, not only the API: a rebound DNS name must not even read the app shell.
    if (`http://${singleHost(req) ?? ''}` !== origin) return refuse(res, 403, 'Wrong Host header');
    const work = url.pathname.startsWith(API)
      ? handleApi(req, res, url)
      : req.method === 'GET' || req.method === 'HEAD'
        ? serveStatic(opts.rendererDir, url.pathname, res)
        : Promise.resolve(refuse(res, 405, 'Method not allowed'));
    work.catch((err: unknown) => {
      opts.log?.(`browser host: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) json(res, 500, { ok: false, error: { code: 'internal', message: 'Internal error', field: null } });
      else res.end();
    });
  };
  const server = createServer(LOCAL_SERVER_OPTIONS, onRequest);
  // Node would answer "Expect: 100-continue" itself before any check; handleApi does it after them.
  server.on('checkContinue', onRequest);
  answerConnect(server);
  // One agent's Chromium uses a handful (six per host, and the event stream).
  const connections = capConnectionsKeepingTrusted(server, MAX_CONNECTIONS);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    async close() {
      unsubscribe();
      clearInterval(heartbeat);
      for (const s of streams) s.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
