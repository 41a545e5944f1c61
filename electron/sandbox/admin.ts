// Control endpoints for people and e2e tests driving a sandbox in another process.
// No key: the server only ever listens on loopback. They bypass faults and the rate
// limit so a test can always inspect and repair the sandbox it has broken.
import type { IncomingMessage } from 'node:http';
import { FaultsError, parseFaultsPatch, type SandboxFaults } from './faults';
import { errorReply, methodNotAllowed, parseJson, readBody, type Reply } from './http';

export const ADMIN_PREFIX = '/__sandbox';
const MAX_ADMIN_BODY_BYTES = 64 * 1024;

export interface AdminTarget {
  state(): unknown;
  calls(): unknown;
  requests(): unknown;
  faults(): SandboxFaults;
  setFaults(patch: Partial<SandboxFaults>): void;
  resetFaults(): void;
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
    case '/reset':
      if (method !== 'POST') return methodNotAllowed(method, 'POST');
      req.resume();
      target.resetFaults();
      return { status: 200, body: { faults: target.faults() } };
    case '/faults':
      if (method === 'GET') return { status: 200, body: { faults: target.faults() } };
      if (method !== 'POST') return methodNotAllowed(method, 'GET, POST');
      return postFaults(target, req);
    default:
      return errorReply(404, 'Unknown sandbox admin endpoint; try /__sandbox/state, /calls, /requests, /faults or /reset');
  }
}

async function postFaults(target: AdminTarget, req: IncomingMessage): Promise<Reply | null> {
  const read = await readBody(req, MAX_ADMIN_BODY_BYTES);
  if (read.kind === 'aborted') return null;
  if (read.kind === 'too-large') return errorReply(413, 'Faults body is too large');
  if (read.kind === 'bad-encoding') return errorReply(400, 'Faults body is not valid UTF-8');
  const parsed = parseJson(read.text);
  if (!parsed.ok) return errorReply(400, parsed.message);
  try {
    target.setFaults(parseFaultsPatch(parsed.value));
  } catch (err) {
    if (err instanceof FaultsError) return errorReply(400, err.message);
    throw err;
  }
  return { status: 200, body: { faults: target.faults() } };
}
