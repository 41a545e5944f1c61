import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessageOf, parseMetrics, parseRequestId, parseTaskStatus } from '../../shared/leadsquared';
import { API_PREFIX, startSandbox, type Sandbox } from './server';
import { apiOf, sleep, validCall } from './testing';

const TOKEN = '159f38f2aa6d4e0f8c1b2a3d4e5f6a7b';
const UTC_TOKEN = '2477c266aa6d4e0f8c1b2a3d4e5f6a7b';
const UTC_GUID = 'c378b61d-e30c-4a5b-9c8d-0123456789ab';

let sb: Sandbox;
let api: ReturnType<typeof apiOf>;

beforeAll(async () => {
  sb = await startSandbox({
    apiKey: 'test-key',
    processingDelayMs: 100,
    rateLimit: false,
    connectors: [{ token: TOKEN }, { token: UTC_TOKEN, guid: UTC_GUID }],
  });
  api = apiOf(sb);
});
afterAll(() => sb.close());

const requestIdOf = (body: unknown) => {
  const id = parseRequestId(body);
  if (!id) throw new Error(`no RequestID in ${JSON.stringify(body)}`);
  return id;
};

describe('addresses', () => {
  it('describes itself in the forms the app needs', () => {
    expect(sb.url).toBe(`http://127.0.0.1:${sb.port}`);
    expect(sb.host).toBe(`127.0.0.1:${sb.port}`);
    expect(sb.callLogUrl).toBe(`${sb.url}/1/api/telephony/logcallcomplete/${TOKEN}`);
    expect(sb.apiKey).toBe('test-key');
  });

  it('generates a key and a connector by default', async () => {
    const other = await startSandbox();
    try {
      expect(other.apiKey).toMatch(/^sandbox-[0-9a-f]{24}$/);
      expect(other.callLogUrl).toMatch(/\/1\/api\/telephony\/logcallcomplete\/[0-9a-f]{32}$/);
      expect(other.options.processingDelayMs).toBe(1500);
      expect(other.options.rateLimit).toEqual({ limit: 25, windowMs: 5000 });
    } finally {
      await other.close();
    }
  });

  it('refuses to listen anywhere but loopback', async () => {
    await expect(startSandbox({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    await expect(startSandbox({ host: 'example.com' })).rejects.toThrow(/loopback/);
  });
});

describe('authentication', () => {
  it('answers 401 without a key and with a wrong key', async () => {
    for (const key of [null, 'wrong-key', 'TEST-KEY', '']) {
      const r = await api.submit(validCall(), { key });
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ Status: 'Error', ExceptionType: 'AuthenticationException' });
    }
    expect((await api.metrics({ key: null })).status).toBe(401);
    expect((await api.status('whatever', { key: 'nope' })).status).toBe(401);
  });

  it('never puts the key in a response or the request log', async () => {
    const r = await api.submit('not json', { key: 'test-key' });
    expect(JSON.stringify(r.body)).not.toContain('test-key');
    expect(JSON.stringify(sb.requests())).not.toContain('test-key');
  });
});

describe('submit', () => {
  it('answers 400 for a body that is not JSON, or not a JSON object', async () => {
    const notJson = await api.submit('{"SourceNumber": ');
    expect(notJson.status).toBe(400);
    expect(errorMessageOf(notJson.body, '')).toMatch(/not valid JSON/);
    for (const [body, word] of [['[1,2]', 'array'], ['null', 'null'], ['"text"', 'string'], ['', 'empty']] as const) {
      const r = await api.submit(body);
      expect(r.status).toBe(400);
      expect(errorMessageOf(r.body, '')).toContain(word);
    }
  });

  it('answers 400 for a body that is not sent as JSON', async () => {
    const r = await api.submit(validCall(), { contentType: 'text/plain' });
    expect(r.status).toBe(400);
    expect(errorMessageOf(r.body, '')).toMatch(/Content-Type/);
  });

  it('answers 413 for a body over 256 KiB', async () => {
    const r = await api.submit(validCall({ CallNotes: 'x'.repeat(300 * 1024) }));
    expect(r.status).toBe(413);
  });

  it('answers 404 for an unknown token and for a UTC connector with a wrong or missing guid', async () => {
    const base = `${sb.url}${API_PREFIX}`;
    for (const url of [
      `${base}/0000aaaa`,
      `${base}/${UTC_TOKEN}/c378b61d-0000-0000-0000-000000000000`,
      `${base}/${UTC_TOKEN}`,
      `${base}/${TOKEN}/${UTC_GUID}`,
      `${base}/${UTC_TOKEN}/${UTC_GUID}/extra`,
    ]) {
      const r = await api.submit(validCall(), { url });
      expect(r.status, url).toBe(404);
      expect(errorMessageOf(r.body, '')).toBe('Connector not found');
    }
  });

  it('accepts the right two-segment URL, and paths in any case', async () => {
    const r = await api.submit(validCall(), { url: `${sb.url}${API_PREFIX}/${UTC_TOKEN}/${UTC_GUID}` });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ Status: 'Request accepted. Please use below request id to check the status' });
    expect(requestIdOf(r.body)).toMatch(/^[0-9a-f-]{36}$/);
    const mixed = `${sb.url}/1/api/Telephony/LogCallComplete/${UTC_TOKEN.toUpperCase()}/${UTC_GUID.toUpperCase()}`;
    expect((await api.submit(validCall(), { url: mixed })).status).toBe(200);
  });

  it('goes In-Queue, then Success after the processing delay', async () => {
    // Long enough that a loaded machine still asks while the call is queued.
    sb.setProcessingDelay(1000);
    const body = validCall();
    const accepted = await api.submit(body);
    expect(accepted.status).toBe(200);
    const id = requestIdOf(accepted.body);

    const first = await api.status(id);
    expect(first.status).toBe(200);
    expect(parseTaskStatus(first.body)).toMatchObject({ requestId: id, status: 'In-Queue', final: null, message: null });
    expect(first.body).toMatchObject({ TaskStatus: { TaskType: 'Telephony-LogCall', RequestBody: JSON.stringify(body) } });

    await sleep(1050);
    const done = parseTaskStatus((await api.status(id)).body)!;
    expect(done).toMatchObject({ status: 'Success', final: 'success', statusReason: null });
    expect(JSON.parse(done.message!)).toMatchObject({ Status: 'Success', Message: { Id: expect.any(String) } });

    const call = sb.calls().find((c) => c.requestId === id)!;
    expect(call).toMatchObject({ callSessionId: body.CallSessionId, outcome: 'Success', submitCount: 1, body });
    expect(call.completesAt - call.receivedAt).toBe(1000);
  });

  it('ends FAILURE with an MX reason when LeadSquared could not use the call', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ StartTime: '2024-05-01T09:30:00Z' }, /StartTime/],
      [{ EndTime: '2024-02-30 10:00:00' }, /EndTime/],
      [{ SourceNumber: '' }, /SourceNumber/],
      [{ DestinationNumber: undefined }, /DestinationNumber/],
      [{ CallDuration: '12.5' }, /CallDuration/],
      [{ CallDuration: -3 }, /CallDuration/],
    ];
    sb.setProcessingDelay(0);
    try {
      for (const [overrides, field] of cases) {
        const r = await api.submit(validCall(overrides));
        expect(r.status).toBe(200); // accepted first, judged later: that is how the async API works
        const task = parseTaskStatus((await api.status(requestIdOf(r.body))).body)!;
        expect(task.final).toBe('failure');
        expect(task.statusReason).toMatch(/^MX/);
        expect(task.statusReason).toMatch(field);
      }
      // Numbers are fine where LeadSquared takes whole seconds.
      const ok = await api.submit(validCall({ CallDuration: 125 }));
      expect(parseTaskStatus((await api.status(requestIdOf(ok.body))).body)!.final).toBe('success');
    } finally {
      sb.setProcessingDelay(100);
    }
  });

  it('dedupes by CallSessionId: same RequestID, submitCount 2, nothing new', async () => {
    const body = validCall();
    const before = sb.calls().length;
    const a = requestIdOf((await api.submit(body)).body);
    const b = requestIdOf((await api.submit({ ...body, CallNotes: 'edited while queued' })).body);
    expect(b).toBe(a);
    expect(sb.calls()).toHaveLength(before + 1);
    expect(sb.calls().find((c) => c.requestId === a)!.submitCount).toBe(2);
    await sleep(120);
    // Still deduped once it has succeeded.
    expect(requestIdOf((await api.submit(body)).body)).toBe(a);
    const call = sb.calls().find((c) => c.requestId === a)!;
    expect(call.submitCount).toBe(3);
    expect((call.body as Record<string, unknown>).CallNotes).toBe(body.CallNotes);
  });

  it('does not dedupe calls without a CallSessionId', async () => {
    const body = validCall({ CallSessionId: '' });
    const a = requestIdOf((await api.submit(body)).body);
    const b = requestIdOf((await api.submit(body)).body);
    expect(a).not.toBe(b);
  });

  it('creates a new call when a call that ended FAILURE is resent', async () => {
    const session = `resend-${Date.now()}`;
    const bad = requestIdOf((await api.submit(validCall({ CallSessionId: session, StartTime: 'yesterday' }))).body);
    await sleep(120);
    expect(parseTaskStatus((await api.status(bad)).body)!.final).toBe('failure');

    const fixed = requestIdOf((await api.submit(validCall({ CallSessionId: session }))).body);
    expect(fixed).not.toBe(bad);
    const calls = sb.calls().filter((c) => c.callSessionId === session);
    expect(calls.map((c) => c.outcome)).toEqual(['FAILURE', 'Success']);
    // The failed one can still be looked up, and a further resend dedupes onto the new one.
    expect((await api.status(bad)).status).toBe(200);
    expect(requestIdOf((await api.submit(validCall({ CallSessionId: session }))).body)).toBe(fixed);
  });
});

describe('status and metrics', () => {
  it('answers 404 for an unknown RequestID and 400 without one', async () => {
    const unknown = await api.status('8eca6fa6-0000-0000-0000-000000000000');
    expect(unknown.status).toBe(404);
    expect(errorMessageOf(unknown.body, '')).toBe('No request found with this RequestID');
    expect((await api.get(`${API_PREFIX}/status`)).status).toBe(400);
    expect((await api.get(`${API_PREFIX}/status?RequestID=`)).status).toBe(400);
  });

  it('takes the RequestID parameter in any case', async () => {
    const id = requestIdOf((await api.submit(validCall())).body);
    const r = await api.get(`${API_PREFIX}/Status?requestid=${id}`);
    expect(r.status).toBe(200);
    expect(parseTaskStatus(r.body)!.requestId).toBe(id);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    expect((await api.get(`${API_PREFIX}/nothing/here/at/all`)).status).toBe(404);
    expect((await api.get('/favicon.ico')).status).toBe(404);
    const getSubmit = await api.get(`${API_PREFIX}/${TOKEN}`);
    expect(getSubmit.status).toBe(405);
    expect(getSubmit.headers.get('allow')).toBe('POST');
    const postMetrics = await fetch(`${sb.url}${API_PREFIX}/metrics`, { method: 'POST', headers: { 'x-api-key': sb.apiKey } });
    expect(postMetrics.status).toBe(405);
  });

  it('reports queue depth, the longest delay and the processing rate', async () => {
    const fresh = await startSandbox({ processingDelayMs: 1500, rateLimit: false });
    try {
      const f = apiOf(fresh);
      expect(parseMetrics((await f.metrics()).body)).toEqual({ pendingMessages: 0, maxDelaySeconds: 0, processingRatePerMinute: 0 });
      await f.submit(validCall());
      await f.submit(validCall());
      fresh.setProcessingDelay(0);
      await f.submit(validCall());
      const r = await f.metrics();
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ PendingMessages: 2, MaxDelayInSeconds: 2, ProcessingratePerMinute: 0.1 });
      expect(fresh.stats()).toMatchObject({ submits: 3, metricsCalls: 2 });
    } finally {
      await fresh.close();
    }
  });
});
