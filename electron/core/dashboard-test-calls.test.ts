// This computer's Dashboard counts test calls while the sandbox is on (someone trying or teaching
// the app logs nothing else) and leaves them out once it is off, main deciding which from the
// setting. Real engine, real SQLite file in a temp dir, the account's sandbox and the built-in one.
import { describe, expect, it } from 'vitest';
import { ENTRY_STATES, isFinalState } from '../../shared/entry';
import type { ChannelOutput } from '../../shared/ipc';
import { callInput, waitForState } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';
import { createHandlers, dispatch } from '../ipc-handlers';
import { builtInSandbox } from '../sandbox-provider';
import type { Sandbox } from '../sandbox/server';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

const UNMAPPED = 'MXUserNotFound: No user has the agent number 8611795988';
const DUPLICATE = 'MXDuplicateEntry: A call with this session is already logged';
const FAILED = ['failure', 'error'] as const;
const NOT_FINAL = ENTRY_STATES.filter((s) => !isFinalState(s));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('the Dashboard’s figures and test calls', () => {
  it('count the day’s test calls while the sandbox is on, as the lists they open do; leave them out once it is off', async () => {
    let builtIn: Sandbox | null = null;
    const { svc, sandbox: account } = await engine({ service: { sandbox: builtInSandbox(20, (s) => (builtIn = s)) } });
    const log = (agentName: string) => svc.logCall(callInput({ agentName })).id;
    // The account: one Success, one Failure (Asha).
    await waitForState(svc, log('Asha Rao'), ['success']);
    account.setFaults({ failureNext: 1, failureReason: DUPLICATE });
    await waitForState(svc, log('Asha Rao'), ['failure']);

    // A trainer's day in the sandbox: two through, two failed, one waiting for a key it refused.
    await svc.updateSettings({ useSandbox: true });
    await waitFor('the built-in sandbox', () => builtIn);
    for (const agent of ['Trainer', 'Trainee']) await waitForState(svc, log(agent), ['success']);
    builtIn!.setFaults({ failureNext: 2, failureReason: UNMAPPED });
    for (const agent of ['Trainer', 'Trainee']) await waitForState(svc, log(agent), ['failure']);
    builtIn!.setFaults({ unauthorizedNext: 1 });
    await waitForState(svc, log('Trainee'), ['needs_key']);

    const now = Date.now();
    const day = { from: now - 3_600_000, to: now + 3_600_000 };
    const handlers = createHandlers(svc);
    const report = async () => {
      // checkOutput: the page's contract carries the flag, as the page reads it.
      const health = await dispatch(handlers, 'queueHealth', day, { checkOutput: true });
      const stats = await dispatch(handlers, 'deliveryStats', day, { checkOutput: true });
      if (!health.ok || !stats.ok) throw new Error('the Dashboard’s reports failed');
      return { local: (health.value as ChannelOutput<'queueHealth'>).local, stats: stats.value as ChannelOutput<'deliveryStats'> };
    };
    const listed = (q: object) => svc.listEntries({ ...q, limit: 1 }).total;

    // Sandbox on: every call of the day, through the contract as the page reads it.
    const on = await report();
    expect(on.local).toEqual({ loggedToday: 7, delivered: 3, failed: 3, waiting: 1, medianSecondsToSuccess: expect.any(Number), testCalls: 5, withTestCalls: true });
    expect(sum(on.stats.hours.map((h) => h.success + h.failure + h.error + h.pending))).toBe(7);
    expect(sum(on.stats.timeToSuccess.map((b) => b.count))).toBe(3);
    expect(on.stats.failuresByReason).toEqual([
      { reason: UNMAPPED, count: 2 },
      { reason: DUPLICATE, count: 1 },
    ]);
    expect(on.stats.failuresByAgent).toEqual([
      { agent: 'Asha Rao', failed: 1, total: 2 },
      { agent: 'Trainee', failed: 1, total: 3 },
      { agent: 'Trainer', failed: 1, total: 2 },
    ]);
    expect(on.stats.withTestCalls).toBe(true);
    // What the drill-downs open (no "Test calls left out"): as many calls as each figure says.
    const failedOfDay = { states: [...FAILED], loggedFrom: day.from, loggedTo: day.to };
    expect(listed(failedOfDay)).toBe(on.local.failed);
    expect(listed({ ...failedOfDay, reason: UNMAPPED })).toBe(2);
    expect(listed({ ...failedOfDay, agent: 'trainee' })).toBe(1);
    expect(listed({ states: NOT_FINAL })).toBe(on.local.waiting);

    // Sandbox off: the account's calls only, the test calls counted apart, as before.
    await svc.updateSettings({ useSandbox: false });
    const off = await report();
    expect(off.local).toMatchObject({ loggedToday: 2, delivered: 1, failed: 1, waiting: 0, testCalls: 5, withTestCalls: false });
    expect(sum(off.stats.hours.map((h) => h.success + h.failure + h.error + h.pending))).toBe(2);
    expect(sum(off.stats.timeToSuccess.map((b) => b.count))).toBe(1);
    expect(off.stats).toMatchObject({ failuresByReason: [{ reason: DUPLICATE, count: 1 }], failuresByAgent: null, withTestCalls: false });
    expect(listed({ ...failedOfDay, excludeTestCalls: true })).toBe(off.local.failed);
  });

  it('the page cannot ask for test calls: the day window is all the reports take', async () => {
    const { svc } = await engine();
    const r = await dispatch(createHandlers(svc), 'deliveryStats', { from: 0, to: 1, withTestCalls: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
