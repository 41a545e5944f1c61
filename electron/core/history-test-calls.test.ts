// History without test calls, on this computer: what the Dashboard's Failed and Waiting now
// figures open, listed, counted and exported as the figures count them. A real engine, a real
// SQLite file, the account's sandbox and the built-in one (test calls), each failing on request.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ENTRY_STATES, isFinalState, type ListQuery } from '../../shared/entry';
import { callInput, waitForState } from '../../test/support/engine';
import { today } from '../../test/support/team';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';
import { builtInSandbox } from '../sandbox-provider';
import { startSandbox, type Sandbox } from '../sandbox/server';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

const UNMAPPED = 'MXUserNotFound: No user has the agent number 8611795988';
const FAILED = ['failure', 'error'] as const;
const NOT_FINAL = ENTRY_STATES.filter((s) => !isFinalState(s));

describe('History’s test calls left out on this computer', () => {
  it('lists, counts and exports the account’s calls the Dashboard counts, and every call without the filter', async () => {
    const account = await startSandbox({ processingDelayMs: 20 });
    let builtIn: Sandbox | null = null;
    try {
      const { svc } = await engine({ existingSandbox: account, service: { sandbox: builtInSandbox(20, (s) => (builtIn = s)) } });
      const log = (lead: string) => svc.logCall(callInput({ agentName: 'Asha Rao', leadNumber: lead })).id;
      account.setFaults({ failureNext: 2, failureReason: UNMAPPED });
      const accountFailed = [await waitForState(svc, log('+91-9000000001'), ['failure']), await waitForState(svc, log('+91-9000000002'), ['failure'])];
      await waitForState(svc, log('+91-9000000003'), ['success']);

      // A trainer's test calls: one fails, one goes through, one waits for a key the built-in sandbox refused.
      await svc.updateSettings({ useSandbox: true });
      await waitForState(svc, log('+91-9000000004'), ['success']);
      builtIn!.setFaults({ failureNext: 1, failureReason: UNMAPPED });
      const testFailed = await waitForState(svc, log('+91-9000000005'), ['failure']);
      builtIn!.setFaults({ unauthorizedNext: 1 });
      const testWaiting = await waitForState(svc, log('+91-9000000006'), ['needs_key']);
      await svc.updateSettings({ useSandbox: false });
      account.setFaults({ unauthorizedNext: 1 });
      const accountWaiting = await waitForState(svc, log('+91-9000000007'), ['needs_key']);

      const day = today();
      const { local } = await svc.supervisor.queueHealth(day);
      expect(local).toMatchObject({ failed: 2, waiting: 1, testCalls: 3 });
      const leads = (q: Omit<ListQuery, 'offset' | 'limit'>) => svc.listEntries({ ...q, limit: 50 }).items.map((e) => e.leadNumber);
      const failedOfDay = { states: [...FAILED], loggedFrom: day.from, loggedTo: day.to };

      // The Failed figure's calls, as many as it says; the test call's too without the filter.
      expect(leads({ ...failedOfDay, excludeTestCalls: true })).toEqual(accountFailed.map((e) => e.leadNumber).reverse());
      expect(svc.listEntries({ ...failedOfDay, excludeTestCalls: true, limit: 1 }).total).toBe(local.failed);
      expect(leads(failedOfDay)).toEqual([testFailed, ...accountFailed.slice().reverse()].map((e) => e.leadNumber));
      expect(leads({ ...failedOfDay, excludeTestCalls: false })).toEqual(leads(failedOfDay));
      // Waiting now's calls (any day), with the other filters as well: an agent's, a reason's.
      expect(leads({ states: NOT_FINAL, excludeTestCalls: true })).toEqual([accountWaiting.leadNumber]);
      expect(leads({ states: NOT_FINAL })).toEqual([accountWaiting, testWaiting].map((e) => e.leadNumber));
      expect(leads({ ...failedOfDay, reason: UNMAPPED, agent: 'asha rao', excludeTestCalls: true })).toHaveLength(2);
      expect(svc.listEntries({ excludeTestCalls: true }).total).toBe(4);

      // Export CSV: the same calls as the list, none of them a test call.
      const rowsOf = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
      const exported = rowsOf(svc.supervisor.exportCsv({ ...failedOfDay, excludeTestCalls: true }).csv);
      expect(exported.map((r) => [r.CallSessionId, r.Test])).toEqual(accountFailed.map((e) => [e.callSessionId, 'no']));
      expect(rowsOf(svc.supervisor.exportCsv(failedOfDay).csv).map((r) => r.Test)).toEqual(['no', 'no', 'yes']);
    } finally {
      await account.close();
    }
  });

  it('refuses a value that is not yes or no (main parses every input)', async () => {
    const { svc } = await engine();
    const refused = expect.objectContaining({ code: 'invalid_input', field: 'excludeTestCalls' });
    expect(() => svc.listEntries({ excludeTestCalls: 'yes' })).toThrow(refused);
    expect(() => svc.supervisor.exportCsv({ excludeTestCalls: 1 })).toThrow(refused);
  });
});
