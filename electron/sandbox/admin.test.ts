import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorMessageOf, parseRequestId } from '../../shared/leadsquared';
import { startSandbox, type Sandbox } from './server';
import { apiOf, validCall } from './testing';

function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('error', reject);
    req.end();
  });
}

let sb: Sandbox;
let api: ReturnType<typeof apiOf>;

beforeEach(async () => {
  sb = await startSandbox({ processingDelayMs: 0, rateLimit: { limit: 2, windowMs: 60_000 } });
  api = apiOf(sb);
});
afterEach(() => sb.close());

describe('admin endpoints', () => {
  it('GET /__sandbox/state reports stats, faults, delay and the number of calls', async () => {
    await api.submit(validCall());
    await api.metrics({ key: 'wrong' });
    const r = await api.admin('/state');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      stats: { submits: 1, unauthorized: 1 },
      faults: { latencyMs: 0, dropNext: 0 },
      processingDelayMs: 0,
      calls: 1,
    });
    expect(JSON.stringify(r.body)).not.toContain(sb.apiKey);
  });

  it('GET /__sandbox/calls lists the calls', async () => {
    const body = validCall();
    const id = parseRequestId((await api.submit(body)).body);
    const r = await api.admin('/calls');
    expect(r.status).toBe(200);
    expect(r.body).toEqual([expect.objectContaining({ requestId: id, callSessionId: body.CallSessionId, body, outcome: 'Success', submitCount: 1 })]);
  });

  it('GET /__sandbox/requests lists API requests without keys', async () => {
    await api.metrics();
    const r = await api.admin('/requests');
    expect(r.body).toEqual([expect.objectContaining({ method: 'GET', path: '/1/api/telephony/logcallcomplete/metrics', status: 200 })]);
  });

  it('POST /__sandbox/faults sets faults and POST /__sandbox/reset clears them', async () => {
    const set = await api.admin('/faults', { fail500Next: 1, failureReason: 'MXSomething: nope' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ faults: { fail500Next: 1, failureReason: 'MXSomething: nope' } });
    expect((await api.metrics()).status).toBe(500);

    await api.admin('/faults', { hangNext: 3 });
    const reset = await api.admin('/reset', {});
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ faults: { hangNext: 0, failureReason: 'MXUserNotFound: No user has the agent number' } });
    expect((await api.metrics()).status).toBe(200);
  });

  it('answers 400 for bad fault bodies and leaves faults alone', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{not json', /not valid JSON/],
      ['[]', /object/],
      ['{"dropNext": "2"}', /dropNext/],
      ['{"dropNext": 1.5}', /dropNext/],
      ['{"latencyMs": -1}', /latencyMs/],
      ['{"explode": true}', /explode/],
    ];
    for (const [body, message] of cases) {
      const r = await api.admin('/faults', body);
      expect(r.status, body).toBe(400);
      expect(errorMessageOf(r.body, '')).toMatch(message);
    }
    expect(sb.stats().badRequests).toBe(0); // admin traffic is not API traffic
    expect((await api.admin('/state')).body).toMatchObject({ faults: { dropNext: 0, latencyMs: 0 } });
  });

  it('is exempt from faults and the rate limit', async () => {
    sb.setFaults({ fail500Next: 5, dropNext: 5 });
    for (let i = 0; i < 10; i++) expect((await api.admin('/state')).status).toBe(200);
    sb.resetFaults();
    expect((await api.metrics()).status).toBe(200);
    expect((await api.metrics()).status).toBe(200);
    expect((await api.metrics()).status).toBe(429);
    expect((await api.admin('/calls')).status).toBe(200);
    expect(sb.requests()).toHaveLength(3);
  });

  it("refuses requests without this run's token, with another Host, or with a non-JSON body", async () => {
    expect((await api.admin('/state', undefined, { 'x-sandbox-admin-token': null })).status).toBe(401);
    expect((await api.admin('/state', undefined, { 'x-sandbox-admin-token': 'x'.repeat(sb.adminToken.length) })).status).toBe(401);
    const other = await startSandbox();
    try {
      expect(other.adminToken).not.toBe(sb.adminToken); // per run
      expect((await api.admin('/calls', undefined, { 'x-sandbox-admin-token': other.adminToken })).status).toBe(401);
    } finally {
      await other.close();
    }
    // A page reached through a rebound DNS name sends its own Host (fetch cannot forge it; a raw request can).
    const rebound = await rawGet(sb.port, '/__sandbox/calls', { host: `evil.example:${sb.port}`, 'x-sandbox-admin-token': sb.adminToken });
    expect(rebound.status).toBe(403);
    const form = await api.admin('/faults', 'fail500Next=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const text = await api.admin('/reset', '{}', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(sb.stats().serverErrors).toBe(0);
    expect((await api.admin('/faults')).body).toMatchObject({ faults: { fail500Next: 0 } });
  });

  it('answers 404 for unknown admin paths and 405 for wrong methods', async () => {
    expect((await api.admin('/nope')).status).toBe(404);
    expect((await api.admin('/state', {})).status).toBe(405);
    expect((await api.admin('/reset')).status).toBe(405);
  });
});
