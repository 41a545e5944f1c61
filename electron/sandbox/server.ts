// A stand-in for LeadSquared's async call-log API (see /shared/leadsquared-api.md) over
// real HTTP on loopback, so the app and its tests exercise the same client code they
// would use against LeadSquared, including its failure handling.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIPv4, isIPv6, type AddressInfo, type Socket } from 'node:net';
import { ADMIN_PREFIX, checkAdmin, routeAdmin } from './admin';
import { API_PREFIX, checkAccess, emptyStats, routeApi, unauthorizedReply, type ApiContext, type ResolvedConnector, type SandboxStats } from './api';
import { FaultState, type SandboxFaults } from './faults';
import { answerConnect, capConnections, errorReply, isJsonObject, LOCAL_SERVER_OPTIONS, sendReply, type Reply } from './http';
import { SlidingWindowLimiter } from './rate-limit';
import { CallStore, type SandboxCall } from './state';

export type { SandboxFaults } from './faults';
export type { SandboxCall, CallOutcome } from './state';
export type { SandboxStats } from './api';
export { API_PREFIX } from './api';
export { ADMIN_PREFIX, ADMIN_TOKEN_HEADER, adminHowTo } from './admin';

export interface SandboxConnector {
  token: string;
  guid?: string | null;
}

export interface SandboxOptions {
  /** Default '127.0.0.1'. Only loopback addresses are accepted. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 'sandbox-' + 24 random hex characters. */
  apiKey?: string;
  /** Token for the /__sandbox admin routes. Default: random, new every run. */
  adminToken?: string;
  /** Default: one connector with a random 32-hex token and no guid. */
  connectors?: SandboxConnector[];
  /** How long a request stays In-Queue before its final state shows. Default 1500. */
  processingDelayMs?: number;
  /** Default { limit: 25, windowMs: 5000 }, LeadSquared's documented budget. */
  rateLimit?: { limit: number; windowMs: number } | false;
}

export type ResolvedSandboxOptions = Required<SandboxOptions> & { connectors: ResolvedConnector[] };

export type RequestLogStatus = number | 'dropped' | 'hung' | 'pending';

export interface RequestLogEntry {
  /** When the request's headers arrived (ms epoch). */
  at: number;
  method: string;
  /** The request target as received: path and query string. */
  path: string;
  /**
   * The HTTP status the sandbox answered (or is about to, while latency is applied);
   * 'dropped' when no answer was sent because the socket was dropped (by a fault or by
   * the client going away mid-request); 'hung' for the hangNext fault; 'pending' while
   * a request body is still being read.
   */
  status: RequestLogStatus;
}

export interface Sandbox {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  /** '127.0.0.1:PORT': what goes in the app's "Async API host" setting. */
  host: string;
  apiKey: string;
  /** What the /__sandbox admin routes require in the x-sandbox-admin-token header. */
  adminToken: string;
  /** Submit URL of the first connector: what an admin would paste as the Call Log API URL. */
  callLogUrl: string;
  port: number;
  options: ResolvedSandboxOptions;
  setFaults(f: Partial<SandboxFaults>): void;
  resetFaults(): void;
  setProcessingDelay(ms: number): void;
  calls(): SandboxCall[];
  stats(): SandboxStats;
  /** Every request outside /__sandbox, in arrival order (the latest 10,000). */
  requests(): RequestLogEntry[];
  /** Closes the server and destroys every open socket, hung ones included. */
  close(): Promise<void>;
}

const MAX_LOG_ENTRIES = 10_000;
const OVERSIZE_BYTES = 1024 * 1024;

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIPv4(host)) return host.startsWith('127.');
  if (isIPv6(host)) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./i.test(host);
  return false;
}

const SEGMENT_RE = /^[A-Za-z0-9._~-]{1,200}$/;
const RESERVED_SEGMENTS = new Set(['status', 'metrics']);

function checkDelay(ms: number, what: string): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new RangeError(`${what} must be a number of milliseconds >= 0`);
  return ms;
}

function resolveOptions(opts: SandboxOptions): ResolvedSandboxOptions {
  const host = opts.host ?? '127.0.0.1';
  // The admin endpoints have no key: exposing them beyond this machine is never right.
  if (!isLoopback(host)) throw new Error(`Sandbox host must be a loopback address such as 127.0.0.1, not "${host}"`);
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError('Sandbox port must be a whole number from 0 to 65535');
  const apiKey = opts.apiKey ?? `sandbox-${randomBytes(12).toString('hex')}`;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') throw new Error('Sandbox apiKey must not be empty');
  const adminToken = opts.adminToken ?? randomBytes(24).toString('base64url');
  if (typeof adminToken !== 'string' || adminToken.length < 16) throw new Error('Sandbox adminToken must be at least 16 characters');
  const connectors = (opts.connectors ?? [{ token: randomBytes(16).toString('hex') }]).map((c): ResolvedConnector => {
    const guid = c.guid == null || c.guid === '' ? null : c.guid;
    for (const seg of guid === null ? [c.token] : [c.token, guid]) {
      if (typeof seg !== 'string' || !SEGMENT_RE.test(seg) || RESERVED_SEGMENTS.has(seg.toLowerCase())) {
        throw new Error(`Sandbox connector token/guid "${String(seg).slice(0, 40)}" is not a usable URL segment`);
      }
    }
    return { token: c.token, guid };
  });
  if (connectors.length === 0) throw new Error('Sandbox needs at least one connector');
  const rateLimit = opts.rateLimit === undefined ? { limit: 25, windowMs: 5000 } : opts.rateLimit;
  return {
    host,
    port,
    apiKey,
    adminToken,
    connectors,
    processingDelayMs: checkDelay(opts.processingDelayMs ?? 1500, 'processingDelayMs'),
    rateLimit: rateLimit === false ? false : { ...rateLimit },
  };
}

const isUnder = (lowerPath: string, prefix: string) => lowerPath === prefix || lowerPath.startsWith(`${prefix}/`);

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const options = resolveOptions(opts);
  const now = () => Date.now();
  const faults = new FaultState();
  const store = new CallStore();
  const stats = emptyStats();
  const log: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const pauses = new Set<() => void>();
  let closed = false;
  let listeningPort = 0;

  const ctx: ApiContext = {
    apiKey: options.apiKey,
    connectors: options.connectors,
    rateLimit: options.rateLimit,
    limiter: options.rateLimit === false ? null : new SlidingWindowLimiter(options.rateLimit),
    store,
    faults,
    stats,
    processingDelayMs: () => options.processingDelayMs,
    now,
  };

  // Latency must not outlive close(): waiting requests are released and then find the sandbox closed.
  const pause = (ms: number) =>
    ms <= 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            pauses.delete(done);
            resolve();
          };
          const timer = setTimeout(done, ms);
          timer.unref();
          pauses.add(done);
        });

  const countStatus = (status: number) => {
    if (status === 401) stats.unauthorized++;
    else if (status === 429) stats.rateLimited++;
    else if (status === 400 || status === 413) stats.badRequests++;
    else if (status === 404) stats.notFound++;
    else if (status >= 500) stats.serverErrors++;
  };

  const answer = async (entry: RequestLogEntry, req: IncomingMessage, res: ServerResponse, reply: Reply, latencyMs: number) => {
    entry.status = reply.status;
    countStatus(reply.status);
    // Unread bodies are discarded so the client is never stuck uploading while we wait.
    req.resume();
    await pause(latencyMs);
    if (!closed) sendReply(res, reply);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, at: number, method: string, path: string, query: URLSearchParams) => {
    const entry: RequestLogEntry = { at, method, path: (req.url ?? '/').slice(0, 2000), status: 'pending' };
    log.push(entry);
    if (log.length > MAX_LOG_ENTRIES) log.splice(0, log.length - MAX_LOG_ENTRIES);
    const lower = path.toLowerCase();
    if (!isUnder(lower, API_PREFIX)) {
      return answer(entry, req, res, errorReply(404, `Not found; the API lives under ${API_PREFIX}/`), 0);
    }
    const latencyMs = faults.latencyMs;
    const fault = faults.takeRequestFault();
    if (fault === 'hang') {
      entry.status = 'hung';
      req.resume();
      return;
    }
    if (fault === 'drop') {
      entry.status = 'dropped';
      stats.dropped++;
      req.resume();
      await pause(latencyMs);
      // A reset (not a polite FIN) is what a crashed proxy or a flaky network looks like.
      if (!req.socket.destroyed) req.socket.resetAndDestroy();
      return;
    }
    let reply: Reply | null;
    if (fault === 'fail500') reply = errorReply(500, 'Internal server error (injected by the sandbox)', 'InternalServerError');
    else if (fault === 'unauthorized') reply = unauthorizedReply('Invalid API key');
    else {
      try {
        reply = checkAccess(ctx, req, at) ?? (await routeApi(ctx, req, method, path.slice(API_PREFIX.length), query));
      } catch {
        // Never echo the error: it could quote a request header, and one of them is the key.
        reply = errorReply(500, 'The sandbox failed to handle this request', 'InternalServerError');
      }
    }
    if (reply === null) {
      entry.status = 'dropped';
      return;
    }
    if (faults.takeOversize() && isJsonObject(reply.body)) reply = { ...reply, body: { ...reply.body, Padding: 'x'.repeat(OVERSIZE_BYTES) } };
    await answer(entry, req, res, reply, latencyMs);
  };

  const state = () => ({ stats: { ...stats }, faults: faults.snapshot(), processingDelayMs: options.processingDelayMs, calls: store.size });
  const requests = () => log.map((e) => ({ ...e }));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Arrival time is taken before anything is awaited: it is what the rate limit sees.
    const at = now();
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = q === -1 ? target : target.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : target.slice(q + 1));
    if (isUnder(path.toLowerCase(), ADMIN_PREFIX)) {
      const refused = checkAdmin({ token: options.adminToken, port: listeningPort }, req, method);
      if (refused) {
        req.resume();
        if (!closed) sendReply(res, refused);
        return;
      }
      const reply = await routeAdmin(
        {
          state,
          calls: () => store.list(),
          requests,
          faults: () => faults.snapshot(),
          setFaults: (p) => faults.set(p),
          resetFaults: () => faults.reset(),
        },
        req,
        method,
        path.toLowerCase(),
      );
      if (reply && !closed) sendReply(res, reply);
      return;
    }
    await handleApi(req, res, at, method, path, query);
  };

  const server = createServer(LOCAL_SERVER_OPTIONS, (req, res) => {
    handle(req, res).catch(() => {
      stats.serverErrors++;
      if (!closed) sendReply(res, errorReply(500, 'The sandbox failed to handle this request', 'InternalServerError'));
    });
  });
  answerConnect(server);
  // Room for a fleet benchmark's desktops (each keeps a few connections alive), not for a flood.
  capConnections(server, 512);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: options.host, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  listeningPort = address.port;
  const hostPort = `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const url = `http://${hostPort}`;
  const first = options.connectors[0]!;
  const tail = [first.token, first.guid].filter((s): s is string => s !== null).join('/');

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      closed = true;
      server.close(() => resolve());
      for (const release of [...pauses]) release();
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };

  return {
    url,
    host: hostPort,
    apiKey: options.apiKey,
    adminToken: options.adminToken,
    callLogUrl: `${url}${API_PREFIX}/${tail}`,
    port: address.port,
    options,
    setFaults: (f) => faults.set(f),
    resetFaults: () => faults.reset(),
    setProcessingDelay: (ms) => {
      options.processingDelayMs = checkDelay(ms, 'Processing delay');
    },
    calls: () => store.list(),
    stats: () => ({ ...stats }),
    requests,
    close,
  };
}
