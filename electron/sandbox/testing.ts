// Helpers for the sandbox's own tests (and anyone else's): thin fetch wrappers that
// speak to a started sandbox the way the app's client does.
import { ADMIN_PREFIX, ADMIN_TOKEN_HEADER, API_PREFIX, type Sandbox } from './server';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function validCall(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    SourceNumber: '+91-8611795988',
    DestinationNumber: '9611795983',
    DisplayNumber: '08045678901',
    StartTime: '2024-05-01 09:30:00',
    EndTime: '2024-05-01 09:32:05',
    CallDuration: '125',
    Status: 'Answered',
    CallNotes: 'Asked for a callback',
    ResourceURL: '',
    Direction: 'Inbound',
    CallSessionId: `session-${Math.random().toString(36).slice(2)}`,
    AgentName: 'Asha',
    ...overrides,
  };
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

async function toJson(res: Response): Promise<JsonResponse> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // leave as text
  }
  return { status: res.status, headers: res.headers, body };
}

export interface ApiCallOptions {
  key?: string | null;
  signal?: AbortSignal;
  contentType?: string;
}

export function apiOf(sb: Sandbox) {
  const headers = (o: ApiCallOptions, json: boolean): Record<string, string> => {
    const h: Record<string, string> = {};
    const key = o.key === undefined ? sb.apiKey : o.key;
    if (key !== null) h['x-api-key'] = key;
    if (json) h['content-type'] = o.contentType ?? 'application/json';
    return h;
  };
  const init = (o: ApiCallOptions): RequestInit => (o.signal ? { signal: o.signal } : {});
  return {
    /** POST to the first connector's URL, or to `url`. A non-string body is JSON-encoded. */
    async submit(body: unknown, o: ApiCallOptions & { url?: string } = {}): Promise<JsonResponse> {
      const res = await fetch(o.url ?? sb.callLogUrl, {
        ...init(o),
        method: 'POST',
        headers: headers(o, true),
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return toJson(res);
    },
    async status(requestId: string, o: ApiCallOptions = {}): Promise<JsonResponse> {
      const res = await fetch(`${sb.url}${API_PREFIX}/status?RequestID=${encodeURIComponent(requestId)}`, {
        ...init(o),
        headers: headers(o, false),
      });
      return toJson(res);
    },
    async metrics(o: ApiCallOptions = {}): Promise<JsonResponse> {
      const res = await fetch(`${sb.url}${API_PREFIX}/metrics`, { ...init(o), headers: headers(o, false) });
      return toJson(res);
    },
    async get(path: string, o: ApiCallOptions = {}): Promise<JsonResponse> {
      const res = await fetch(`${sb.url}${path}`, { ...init(o), headers: headers(o, false) });
      return toJson(res);
    },
    /** The admin routes with this run's token; `headers` override (or, as null, drop) the defaults. */
    async admin(path: string, body?: unknown, headers: Record<string, string | null> = {}): Promise<JsonResponse> {
      const h: Record<string, string | null> = { [ADMIN_TOKEN_HEADER]: sb.adminToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers };
      const res = await fetch(`${sb.url}${ADMIN_PREFIX}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: Object.fromEntries(Object.entries(h).filter((e): e is [string, string] => e[1] !== null)),
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return toJson(res);
    },
  };
}
