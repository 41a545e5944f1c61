// The Dashboard's failures of one day on this computer ("This computer" scope), against the real
// engine, a real SQLite file and the sandbox's failure faults: grouped by reason, and by agent
// when more than one agent's name was used that day; test calls and other days left out.
import { describe, expect, it } from 'vitest';
import { callInput, waitForState } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';
import { builtInSandbox } from '../sandbox-provider';
import { DEFAULT_FAILURE_REASON, ERROR_REASON } from '../sandbox/faults';
import type { Sandbox } from '../sandbox/server';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

const UNMAPPED = DEFAULT_FAILURE_REASON;
const DUPLICATE = 'MXDuplicateEntry: A call with this session is already logged';

describe('failed calls of a day on this computer', () => {
  it('counts the account’s failed calls of the day by reason and by agent, leaving out test calls and other days', async () => {
    let builtIn: Sandbox | null = null;
    const { svc, sandbox } = await engine({ service: { sandbox: builtInSandbox(20, (s) => (builtIn = s)) } });
    const ids: number[] = [];
    /** One call, submitted (a fault takes the next submit); `fault` makes that sandbox end it in Failure (a reason) or Error. */
    const logged = async (agentName: string, fault?: string | 'error', on: Sandbox = sandbox) => {
      if (fault === 'error') on.setFaults({ errorNext: 1 });
      else if (fault) on.setFaults({ failureNext: 1, failureReason: fault });
      const { id } = svc.logCall(callInput({ agentName }));
      ids.push(id);
      await waitForState(svc, id, ['accepted', 'in_queue', 'success', 'failure', 'error']);
    };
    const allFinal = async () => {
      for (const id of ids.splice(0)) await waitForState(svc, id, 'final');
    };

    // The day before: one of Asha's calls failed.
    const dayBefore = Date.now() - 1000;
    await logged('Asha Rao', UNMAPPED);
    await allFinal();
    const dayBeforeEnds = Date.now();
    await waitFor('the next day to begin', () => Date.now() > dayBeforeEnds);

    // The day: Asha 2 unmapped, 1 duplicate, 1 Error, 1 through; Vikram (one name, two spellings) 1 unmapped of 3.
    await logged('Asha Rao', UNMAPPED);
    await logged('Asha Rao', UNMAPPED);
    await logged('Asha Rao', DUPLICATE);
    await logged('Asha Rao', 'error');
    await logged('Asha Rao');
    await logged('VIKRAM SHAH', UNMAPPED);
    await logged('Vikram Shah');
    await logged('Vikram Shah');
    await allFinal();
    // Test calls (the built-in sandbox) of the day, one failed for the same reason: not counted once
    // the sandbox is off (while it is on they are: dashboard-test-calls.test.ts).
    await svc.updateSettings({ useSandbox: true });
    await waitFor('the built-in sandbox', () => builtIn);
    await logged('Trainer', UNMAPPED, builtIn!);
    await logged('Trainer', 'error', builtIn!);
    await allFinal();
    await svc.updateSettings({ useSandbox: false });
    expect(svc.countByState()).toEqual({ success: 3, failure: 6, error: 2 });
    const day = { from: dayBeforeEnds + 1, to: Date.now() + 3_600_000 };

    const stats = svc.supervisor.deliveryStats(day);
    expect(stats.failuresByReason).toEqual([
      { reason: UNMAPPED, count: 3 },
      { reason: DUPLICATE, count: 1 },
      { reason: ERROR_REASON, count: 1 },
    ]);
    expect(stats.failuresByAgent).toEqual([
      { agent: 'Asha Rao', failed: 4, total: 5 },
      { agent: 'Vikram Shah', failed: 1, total: 3 },
    ]);
    // The same figures as the day's totals.
    expect((await svc.supervisor.queueHealth(day)).local).toMatchObject({ loggedToday: 8, failed: 5, testCalls: 2 });

    // A reason's row opens History (This computer) filtered as the Dashboard grouped it: exactly its calls, of every day.
    const reasonRows = svc.listEntries({ states: ['failure', 'error'], reason: UNMAPPED, limit: 50 }).items;
    expect(reasonRows.map((e) => [e.agentName, e.test])).toEqual([
      ['Trainer', true],
      ['VIKRAM SHAH', false],
      ['Asha Rao', false],
      ['Asha Rao', false],
      ['Asha Rao', false],
    ]);
    expect(svc.listEntries({ states: ['failure', 'error'], agent: 'Vikram Shah', limit: 50 }).total).toBe(1);

    // The day before, one agent's name only: by reason, and no table by agent.
    const before = svc.supervisor.deliveryStats({ from: dayBefore, to: dayBeforeEnds });
    expect(before.failuresByReason).toEqual([{ reason: UNMAPPED, count: 1 }]);
    expect(before.failuresByAgent).toBeNull();
  });

  it('lists no failure on a day whose calls all went through, and every agent’s when more than one logged calls', async () => {
    const { svc } = await engine();
    for (const agentName of ['Asha Rao', 'Vikram Shah']) await waitForState(svc, svc.logCall(callInput({ agentName })).id, ['success']);
    const day = { from: Date.now() - 3_600_000, to: Date.now() + 3_600_000 };
    expect(svc.supervisor.deliveryStats(day)).toMatchObject({ failuresByReason: [], failuresByAgent: [] });
  });
});
