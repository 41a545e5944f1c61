import { describe, expect, it } from 'vitest';
import { flush, ManualClock } from '../../../test/support/manual-clock';
import { LocalBudget } from './local-budget';
import type { Permit, Priority } from './types';

function setup(limit = 5, windowMs = 1000, congestion = {}) {
  const clock = new ManualClock();
  const budget = new LocalBudget({ limit, windowMs, marginMs: 0, clock, random: () => 0.5, congestion });
  const granted: { at: number; p: Permit; prio: Priority }[] = [];
  const ask = (prio: Priority = 'agent', backlog = 10) =>
    void budget.acquire(prio, undefined, backlog).then((p) => granted.push({ at: clock.now(), p, prio }));
  return { clock, budget, granted, ask };
}

/** A budget that has already heard from LeadSquared once (a window ago), as after a first call. */
async function answered(limit = 5, windowMs = 1000, congestion = {}) {
  const s = setup(limit, windowMs, congestion);
  s.ask();
  await flush();
  s.granted.pop()!.p.done();
  await s.clock.advance(windowMs);
  return s;
}

describe('LocalBudget alone on a key', () => {
  it('grants up to the limit, spread over half a window, then waits a full window after the oldest answered', async () => {
    const { clock, granted, ask } = await answered(5, 1000);
    for (let i = 0; i < 6; i++) ask();
    await clock.advance(499);
    expect(granted.map((g) => g.at - granted[0]!.at)).toEqual([0, 100, 200, 300, 400]);
    granted[0]!.p.done(); // answered at +499
    for (const g of granted.slice(1)) g.p.done();
    await clock.advance(998);
    expect(granted).toHaveLength(5);
    await clock.advance(2);
    expect(granted).toHaveLength(6);
    expect(granted[5]!.at - granted[0]!.at).toBe(1499);
  });

  it('until LeadSquared has answered once, sends one request at a time', async () => {
    const { clock, granted, ask } = setup(5, 1000);
    for (let i = 0; i < 3; i++) ask();
    await clock.advance(900);
    expect(granted).toHaveLength(1); // a floor starting together learns of the others first
    granted[0]!.p.done();
    await clock.advance(200);
    expect(granted).toHaveLength(3); // then spread as usual
  });

  it('holds a slot while the request is on the wire, however long it takes', async () => {
    const { clock, granted, ask } = setup(1, 50);
    ask();
    ask();
    await clock.advance(500);
    expect(granted).toHaveLength(1);
    granted[0]!.p.done();
    await clock.advance(49);
    expect(granted).toHaveLength(1);
    await clock.advance(1);
    expect(granted).toHaveLength(2);
  });

  it('serves an agent’s call before metrics, status checks and bulk work, and a Settings test before all', async () => {
    const { clock, budget, granted, ask } = setup(1, 30, { bulkReserve: 0 });
    ask('agent');
    await flush();
    for (const prio of ['bulk', 'status', 'metrics', 'agent', 'interactive'] as const) ask(prio);
    granted[0]!.p.done();
    for (let i = 0; i < 5; i++) {
      await clock.advance(30);
      granted.at(-1)!.p.done();
    }
    expect(granted.map((g) => g.prio)).toEqual(['agent', 'interactive', 'agent', 'metrics', 'status', 'bulk']);
    expect(budget.waiting).toBe(0);
  });

  it('gives a cancelled slot back at once', async () => {
    const { clock, granted, ask } = setup(1, 10_000);
    ask();
    await flush();
    granted[0]!.p.cancel();
    ask();
    await clock.advance(1);
    expect(granted).toHaveLength(2);
  });
});

describe('LocalBudget when others share the key', () => {
  it('after a 429 keeps only the slots it was admitted in the last window, and says the key is busy', async () => {
    const { clock, budget, granted, ask } = await answered(10, 1000);
    for (let i = 0; i < 4; i++) ask();
    await clock.advance(200);
    granted.slice(0, 3).forEach((g) => g.p.done());
    granted[3]!.p.rateLimited(1000); // the window is full: 3 of it were ours
    expect(budget.state()).toMatchObject({ source: 'local', slowed: true, rate: 3, limit: 10 });
    for (let i = 0; i < 10; i++) ask();
    await clock.advance(900);
    expect(granted).toHaveLength(4); // our 3 slots are still in the window
    await clock.advance(200);
    expect(granted).toHaveLength(7); // each reused as it frees
    await clock.advance(600);
    expect(granted).toHaveLength(7);
  });

  it('probes for one slot more now and then, and keeps it when LeadSquared takes it', async () => {
    const { clock, budget, granted, ask } = await answered(10, 1000, { probeIntervalPerSharerMs: 50 });
    ask();
    ask();
    await clock.advance(100);
    granted[0]!.p.done();
    granted[1]!.p.rateLimited(null);
    expect(budget.state().rate).toBe(1);
    ask();
    ask();
    // Ten sharers estimated (the limit over our one slot) x 50 ms: a probe half a window
    // later, while our own slot is still taken.
    await clock.advance(499);
    expect(granted).toHaveLength(2);
    await clock.advance(1);
    expect(granted).toHaveLength(3);
    granted[2]!.p.done();
    expect(budget.state().rate).toBe(2);
  });

  it('leaves room in the window for other desktops’ agents while bulk work runs on a busy key', async () => {
    const { clock, budget, granted, ask } = await answered(10, 1000);
    for (let i = 0; i < 9; i++) ask('bulk');
    await clock.advance(1000);
    expect(granted).toHaveLength(9); // alone: all but one slot
    granted.slice(0, 8).forEach((g) => g.p.done());
    granted[8]!.p.rateLimited(1000);
    // Cut to what it was admitted (and by two at least: bulk work yields)...
    expect(budget.state().rate).toBe(8);
    for (let i = 0; i < 10; i++) ask('bulk');
    await clock.advance(2000);
    // ...and four more kept free for others while the key is busy.
    expect(granted.slice(9)).toHaveLength(4);
  });

  it('a desktop with little waiting keeps room for an agent’s calls after a 429, not for its status checks', async () => {
    const { clock, budget, granted, ask } = setup(10, 1000);
    ask('agent', 1);
    await clock.advance(10);
    granted[0]!.p.rateLimited(1000);
    // Nothing of ours was admitted in the last window: down to the least share...
    expect(budget.state().rate).toBe(0.2);
    ask('status', 1);
    await clock.advance(1000);
    expect(granted).toHaveLength(1); // ...so a status check waits some windows,
    await clock.advance(5000);
    expect(granted).toHaveLength(2);
    granted[1]!.p.rateLimited(1000); // and a 429 to it is a cut like any other,
    // ...but an agent's calls (two of them) still go straight away.
    ask('agent', 1);
    ask('agent', 2);
    await clock.advance(200);
    expect(granted.map((g) => g.prio)).toEqual(['agent', 'status', 'agent', 'agent']);
    expect(budget.state().rate).toBe(0.2);
  });

  it('a desktop that was draining a backlog keeps no room for its last calls (a floor of them would crowd the key)', async () => {
    const { clock, granted, ask } = setup(10, 1000);
    ask('agent', 3);
    await clock.advance(10);
    granted[0]!.p.rateLimited(1000);
    ask('agent', 2);
    ask('agent', 1);
    await clock.advance(1000);
    expect(granted).toHaveLength(1); // at the least share, like any other request
    await clock.advance(30_000);
    expect(granted.length).toBeGreaterThan(1);
  });
});
