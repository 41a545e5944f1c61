import { afterEach, describe, expect, it } from 'vitest';
import { errorMessageOf } from '../../shared/leadsquared';
import { startSandbox, type Sandbox } from './server';
import { SlidingWindowLimiter, retryAfterSeconds } from './rate-limit';
import { apiOf, sleep } from './testing';

describe('SlidingWindowLimiter', () => {
  it('admits at most `limit` in any (t - window, t] and only counts admissions', () => {
    const l = new SlidingWindowLimiter({ limit: 2, windowMs: 1000 });
    expect(l.admit('k', 0)).toEqual({ admitted: true });
    expect(l.admit('k', 900)).toEqual({ admitted: true });
    expect(l.admit('k', 950)).toEqual({ admitted: false, retryAfterMs: 50 });
    expect(l.admit('k', 999)).toEqual({ admitted: false, retryAfterMs: 1 });
    // At t=1000 the admission at 0 is outside (0, 1000].
    expect(l.admit('k', 1000)).toEqual({ admitted: true });
    // A fixed 1 s bucket would admit here; the sliding window still holds 900 and 1000.
    expect(l.admit('k', 1500)).toEqual({ admitted: false, retryAfterMs: 400 });
    // The refusals at 950, 999 and 1500 did not push anything back.
    expect(l.admit('k', 1900)).toEqual({ admitted: true });
  });

  it('keeps separate windows per key', () => {
    const l = new SlidingWindowLimiter({ limit: 1, windowMs: 1000 });
    expect(l.admit('a', 0).admitted).toBe(true);
    expect(l.admit('b', 0).admitted).toBe(true);
    expect(l.admit('a', 10).admitted).toBe(false);
  });

  it('rounds Retry-After up to whole seconds', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
  });

  it('rejects nonsense configuration', () => {
    expect(() => new SlidingWindowLimiter({ limit: 0, windowMs: 1000 })).toThrow();
    expect(() => new SlidingWindowLimiter({ limit: 1, windowMs: 0 })).toThrow();
  });
});

describe('rate limit over HTTP', () => {
  let sb: Sandbox | undefined;
  afterEach(async () => {
    await sb?.close();
    sb = undefined;
  });

  // A 3 s window: wide enough that seven requests fit inside it even on a loaded machine.
  it('refuses the 6th request of 5/3000ms with 429 and Retry-After, then admits again', async () => {
    sb = await startSandbox({ rateLimit: { limit: 5, windowMs: 3000 }, processingDelayMs: 0 });
    const api = apiOf(sb);
    // Submits, status checks and metrics share one budget.
    const { body } = await api.submit({ CallSessionId: 'x' });
    const id = (body as { RequestID: string }).RequestID;
    expect((await api.status(id)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await api.metrics()).status).toBe(200);

    const refused = await api.metrics();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(3);
    expect(errorMessageOf(refused.body, '')).toBe('API calls exceeded the limit of 5 in 3 second(s)');
    expect((await api.status(id)).status).toBe(429);

    // The window runs from when the first request arrived (however slow the machine was to send it).
    await sleep(sb.requests()[0]!.at + 3050 - Date.now());
    expect((await api.metrics()).status).toBe(200);
    expect(sb.stats().rateLimited).toBe(2);
    expect(sb.requests().map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 200]);
  });

  it('checks the key before the limit, so bad keys do not spend the budget', async () => {
    sb = await startSandbox({ rateLimit: { limit: 2, windowMs: 10_000 } });
    const api = apiOf(sb);
    for (let i = 0; i < 4; i++) expect((await api.metrics({ key: 'wrong' })).status).toBe(401);
    expect((await api.metrics()).status).toBe(200);
    expect((await api.metrics()).status).toBe(200);
    expect((await api.metrics()).status).toBe(429);
  });

  it('can be switched off', async () => {
    sb = await startSandbox({ rateLimit: false });
    const api = apiOf(sb);
    const answers = await Promise.all(Array.from({ length: 40 }, () => api.metrics()));
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });

  it('uses the default 25 per 5 s budget', async () => {
    sb = await startSandbox();
    const api = apiOf(sb);
    const answers = await Promise.all(Array.from({ length: 26 }, () => api.metrics()));
    expect(answers.filter((a) => a.status === 429)).toHaveLength(1);
    const refused = answers.find((a) => a.status === 429)!;
    expect(errorMessageOf(refused.body, '')).toBe('API calls exceeded the limit of 25 in 5 second(s)');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(4);
  });
});
