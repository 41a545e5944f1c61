import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorMessageOf, parseRequestId } from '../../shared/leadsquared';
import { startSandbox, type Sandbox } from './server';
import { apiOf, validCall } from './testing';

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

  it('answers 404 for unknown admin paths and 405 for wrong methods', async () => {
    expect((await api.admin('/nope')).status).toBe(404);
    expect((await api.admin('/state', {})).status).toBe(405);
    expect((await api.admin('/reset')).status).toBe(405);
  });
});
