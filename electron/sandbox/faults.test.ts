import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRequestId, parseTaskStatus } from '../../shared/leadsquared';
import { waitFor } from '../../test/support/wait';
import { DEFAULT_FAILURE_REASON, ERROR_REASON } from './faults';
import { startSandbox, type Sandbox } from './server';
import { apiOf, sleep, validCall } from './testing';

let sb: Sandbox;
let api: ReturnType<typeof apiOf>;

beforeEach(async () => {
  sb = await startSandbox({ processingDelayMs: 0, rateLimit: false });
  api = apiOf(sb);
});
afterEach(() => sb.close());

const submitId = async (body = validCall()) => {
  const r = await api.submit(body);
  expect(r.status).toBe(200);
  return parseRequestId(r.body)!;
};

describe('request faults', () => {
  it('fail500Next answers 500 to the next N requests on any endpoint', async () => {
    sb.setFaults({ fail500Next: 2 });
    expect((await api.submit(validCall())).status).toBe(500);
    expect((await api.metrics()).status).toBe(500);
    expect((await api.metrics()).status).toBe(200);
    expect(sb.calls()).toHaveLength(0);
    expect(sb.stats().serverErrors).toBe(2);
  });

  it('dropNext destroys the socket with no answer', async () => {
    sb.setFaults({ dropNext: 1 });
    await expect(api.submit(validCall())).rejects.toThrow();
    expect((await api.metrics()).status).toBe(200);
    expect(sb.requests().map((r) => r.status)).toEqual(['dropped', 200]);
    expect(sb.stats().dropped).toBe(1);
    expect(sb.calls()).toHaveLength(0);
  });

  it('hangNext never answers, so a client timeout fires', async () => {
    sb.setFaults({ hangNext: 1 });
    await expect(api.metrics({ signal: AbortSignal.timeout(200) })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect((await api.metrics()).status).toBe(200);
    expect(sb.requests().map((r) => r.status)).toEqual(['hung', 200]);
  });

  it('latencyMs delays every answer: requests that came in under it are answered after one that came in later without it', async () => {
    sb.setFaults({ latencyMs: 2000 });
    const order: string[] = [];
    const noted = <T>(name: string, answer: Promise<T>) => answer.then((r) => (order.push(name), r));
    const accepted = noted('200 under latency', api.metrics());
    const refused = noted('401 under latency', api.metrics({ key: 'wrong' }));
    await waitFor('both requests in the sandbox', () => sb.requests().length === 2);
    sb.setFaults({ latencyMs: 0 });
    expect((await noted('200 without latency', api.metrics())).status).toBe(200);
    expect((await accepted).status).toBe(200);
    expect((await refused).status).toBe(401);
    expect(order[0]).toBe('200 without latency');
    expect(order).toHaveLength(3);
  });

  it('a submit that times out under latency was still taken, and its resend dedupes', async () => {
    sb.setFaults({ latencyMs: 300 });
    const body = validCall();
    await expect(api.submit(body, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(sb.calls()).toHaveLength(1);
    sb.setFaults({ latencyMs: 0 });
    const id = await submitId(body);
    expect(id).toBe(sb.calls()[0]!.requestId);
    expect(sb.calls()[0]!.submitCount).toBe(2);
  });

  it('unauthorizedNext answers 401 even with the right key', async () => {
    sb.setFaults({ unauthorizedNext: 1 });
    const r = await api.metrics();
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ ExceptionType: 'AuthenticationException' });
    expect((await api.metrics()).status).toBe(200);
    expect(sb.stats().unauthorized).toBe(1);
  });

  it('badRequestNext answers 400 to the next N submits only', async () => {
    sb.setFaults({ badRequestNext: 1 });
    expect((await api.metrics()).status).toBe(200);
    const r = await api.submit(validCall());
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ Status: 'Error', ExceptionMessage: expect.stringMatching(/specification/) });
    expect((await api.submit(validCall())).status).toBe(200);
    expect(sb.calls()).toHaveLength(1);
    expect(sb.stats()).toMatchObject({ badRequests: 1, submits: 2 });
  });

  it('takes at most one fault per request, drop first', async () => {
    sb.setFaults({ dropNext: 1, fail500Next: 1 });
    await expect(api.metrics()).rejects.toThrow();
    expect((await api.metrics()).status).toBe(500);
    expect((await api.metrics()).status).toBe(200);
  });
});

describe('outcome faults', () => {
  it('failureNext ends the next accepted submit in FAILURE with failureReason', async () => {
    sb.setFaults({ failureNext: 1 });
    const failed = await submitId();
    const ok = await submitId();
    expect(parseTaskStatus((await api.status(failed)).body)).toMatchObject({ final: 'failure', statusReason: DEFAULT_FAILURE_REASON });
    expect(parseTaskStatus((await api.status(ok)).body)).toMatchObject({ final: 'success' });

    sb.setFaults({ failureNext: 1, failureReason: 'MXDuplicateEntryException: already logged' });
    const custom = await submitId();
    expect(parseTaskStatus((await api.status(custom)).body)!.statusReason).toBe('MXDuplicateEntryException: already logged');
  });

  it('errorNext ends the next accepted submit in ERROR', async () => {
    sb.setFaults({ errorNext: 1 });
    const errored = await submitId();
    expect(parseTaskStatus((await api.status(errored)).body)).toMatchObject({ final: 'error', statusReason: ERROR_REASON, message: null });
    expect(sb.calls()[0]!.outcome).toBe('ERROR');
  });

  it('is not spent by invalid bodies or deduplicated resends, and stays In-Queue until the delay passes', async () => {
    sb.setProcessingDelay(100);
    sb.setFaults({ failureNext: 1 });
    const body = validCall();
    const first = await submitId(body);
    const invalid = await submitId(validCall({ StartTime: 'now' }));
    expect(await submitId(body)).toBe(first);
    expect(parseTaskStatus((await api.status(first)).body)!.status).toBe('In-Queue');
    await sleep(120);
    expect(parseTaskStatus((await api.status(first)).body)!.final).toBe('failure');
    expect(parseTaskStatus((await api.status(invalid)).body)!.statusReason).toMatch(/^MXInvalidInputException: StartTime/);
    expect(sb.calls().map((c) => c.outcome)).toEqual(['FAILURE', 'FAILURE']);
  });

  it('rejects faults of the wrong shape', () => {
    expect(() => sb.setFaults({ dropNext: -1 })).toThrow(/dropNext/);
    expect(() => sb.setFaults({ bogus: 1 } as never)).toThrow(/bogus/);
    sb.setFaults({ hangNext: 2 });
    sb.resetFaults();
    expect(() => sb.setFaults({})).not.toThrow();
  });
});

describe('close()', () => {
  it('resolves with a hung socket still open', async () => {
    const other = await startSandbox({ rateLimit: false });
    other.setFaults({ hangNext: 1 });
    const pending = apiOf(other).metrics().then(
      () => 'answered',
      () => 'failed',
    );
    while (!other.requests().some((r) => r.status === 'hung')) await sleep(5);
    await other.close(); // resolving at all is the point: a hung socket must not keep it open
    expect(await pending).toBe('failed');
    await other.close(); // twice is fine
  });

  it('resolves while a latency wait is in progress', async () => {
    const other = await startSandbox({ rateLimit: false });
    other.setFaults({ latencyMs: 60_000 });
    const pending = apiOf(other).metrics().catch(() => 'failed');
    while (other.requests().length === 0) await sleep(5);
    await other.close();
    expect(await pending).toBe('failed');
  });
});
