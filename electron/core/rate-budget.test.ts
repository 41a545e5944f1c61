import { describe, expect, it } from 'vitest';
import { RateBudget, type Permit } from './rate-budget';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RateBudget', () => {
  it('grants up to the limit at once, then waits a full window after the oldest finished', async () => {
    const b = new RateBudget({ limit: 3, windowMs: 200, marginMs: 0 });
    const t0 = Date.now();
    const first = await Promise.all([b.acquire('submit'), b.acquire('submit'), b.acquire('submit')]);
    first.forEach((p) => p.done());
    const fourth = await b.acquire('submit');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(195);
    fourth.done();
  });

  it('holds a slot while the request is on the wire, however long it takes', async () => {
    const b = new RateBudget({ limit: 1, windowMs: 50, marginMs: 0 });
    const p1 = await b.acquire('submit');
    let granted = false;
    const next = b.acquire('submit').then((p) => {
      granted = true;
      return p;
    });
    await sleep(120);
    expect(granted).toBe(false); // two windows passed, but p1 has not answered
    const answeredAt = Date.now();
    p1.done();
    (await next).done();
    expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(45);
  });

  it('serves submits before status checks, and interactive before both', async () => {
    const b = new RateBudget({ limit: 1, windowMs: 30, marginMs: 0 });
    const hold = await b.acquire('submit');
    const order: string[] = [];
    const take = (name: string, prio: 'status' | 'submit' | 'interactive' | 'metrics') =>
      b.acquire(prio).then((p: Permit) => {
        order.push(name);
        p.done();
      });
    const all = [take('status', 'status'), take('metrics', 'metrics'), take('submit', 'submit'), take('test', 'interactive')];
    hold.done();
    await Promise.all(all);
    expect(order).toEqual(['test', 'submit', 'metrics', 'status']);
  });

  it('gives a cancelled slot back at once', async () => {
    const b = new RateBudget({ limit: 1, windowMs: 10_000, marginMs: 0 });
    (await b.acquire('submit')).cancel();
    const t0 = Date.now();
    (await b.acquire('submit')).done();
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('pauses everything after a 429', async () => {
    const b = new RateBudget({ limit: 10, windowMs: 10, marginMs: 0 });
    b.pause(150);
    const t0 = Date.now();
    (await b.acquire('interactive')).done();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('drops a waiter whose signal aborts', async () => {
    const b = new RateBudget({ limit: 1, windowMs: 10_000, marginMs: 0 });
    await b.acquire('submit');
    const ac = new AbortController();
    const waiting = b.acquire('submit', ac.signal);
    ac.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(b.waiting).toBe(0);
  });

  it('never has more than the limit in any window over a long run', async () => {
    const b = new RateBudget({ limit: 5, windowMs: 100, marginMs: 0 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, () =>
        b.acquire('submit').then(async (p) => {
          starts.push(Date.now());
          await sleep(Math.random() * 10);
          p.done();
        }),
      ),
    );
    starts.sort((a, b) => a - b);
    for (let i = 5; i < starts.length; i++) expect(starts[i]! - starts[i - 5]!).toBeGreaterThanOrEqual(99);
  });
});
