// History filtered by when calls were logged (the Dashboard's day carried over), on this
// computer: a real engine, a real SQLite file, the sandbox's failure faults. Two "days" are
// two stretches of real time with a boundary between them, as the Dashboard's days are
// windows of epoch ms; every call started on one fixed date (callInput), days before either.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ListQuery } from '../../shared/entry';
import { callInput, waitForState } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';
import { startSandbox } from '../sandbox/server';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

const UNMAPPED = 'MXUserNotFound: No user has the agent number 8611795988';
const DUPLICATE = 'MXDuplicateEntry: A call with this session is already logged';
const FAILED = ['failure', 'error'] as const;

describe('History’s logged-on filter on this computer', () => {
  it('lists, counts and exports only the calls logged in the range, with the state, agent and reason filters as well', async () => {
    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      const { svc } = await engine({ existingSandbox: sandbox });
      /** One call to its final state; `failWith` makes LeadSquared fail it with that reason. Its session ID. */
      const logged = async (agentName: string, failWith?: string) => {
        if (failWith) sandbox.setFaults({ failureNext: 1, failureReason: failWith });
        const e = await waitForState(svc, svc.logCall(callInput({ agentName })).id, [failWith ? 'failure' : 'success']);
        return e.callSessionId;
      };

      const dayBefore = { from: Date.now(), to: 0 };
      const before = [await logged('Asha Rao', UNMAPPED), await logged('Vikram Shah', UNMAPPED), await logged('Asha Rao')];
      dayBefore.to = Date.now();
      await waitFor('the next day to begin', () => Date.now() > dayBefore.to);
      const dayFrom = Date.now();
      const ashaUnmapped = await logged('Asha Rao', UNMAPPED);
      const ashaDuplicate = await logged('asha rao', DUPLICATE);
      const vikramUnmapped = await logged('Vikram Shah', UNMAPPED);
      const through = await logged('Asha Rao');
      const day = { loggedFrom: dayFrom, loggedTo: Date.now() };

      const sessions = (q: Omit<ListQuery, 'offset' | 'limit'>) => svc.listEntries({ ...q, limit: 50 }).items.map((e) => e.callSessionId);
      expect(sessions(day)).toEqual([through, vikramUnmapped, ashaDuplicate, ashaUnmapped]);
      expect(sessions({ loggedFrom: dayBefore.from, loggedTo: dayBefore.to })).toEqual([...before].reverse());
      expect(sessions({ ...day, states: [...FAILED] })).toEqual([vikramUnmapped, ashaDuplicate, ashaUnmapped]);
      expect(sessions({ ...day, states: [...FAILED], agent: 'Asha Rao' })).toEqual([ashaDuplicate, ashaUnmapped]);
      expect(sessions({ ...day, states: [...FAILED], reason: UNMAPPED })).toEqual([vikramUnmapped, ashaUnmapped]);
      expect(sessions({ ...day, states: [...FAILED], reason: UNMAPPED, agent: 'Vikram Shah' })).toEqual([vikramUnmapped]);
      // Either end alone: from the boundary on, or up to it.
      expect(sessions({ loggedFrom: dayFrom, states: [...FAILED] })).toEqual([vikramUnmapped, ashaDuplicate, ashaUnmapped]);
      expect(sessions({ loggedTo: dayBefore.to, states: [...FAILED] })).toEqual([before[1], before[0]]);
      // The count the page shows, beside a page shorter than the whole.
      expect(svc.listEntries({ ...day, states: [...FAILED], limit: 1 })).toMatchObject({ total: 3, items: [{ callSessionId: vikramUnmapped }] });

      // The day the calls were logged, not the day they started: all started days before either.
      expect(sessions({ from: dayFrom, to: day.loggedTo })).toEqual([]);

      // Export CSV: the same calls as the list.
      const csv = Papa.parse<Record<string, string>>(svc.supervisor.exportCsv({ ...day, states: [...FAILED], agent: 'asha rao' }).csv, { header: true, skipEmptyLines: true });
      expect(csv.data.map((r) => r.CallSessionId)).toEqual([ashaUnmapped, ashaDuplicate]);
    } finally {
      await sandbox.close();
    }
  });

  it('refuses a range that is not a time (main parses every input)', async () => {
    const { svc } = await engine();
    const refused = (field: string) => expect.objectContaining({ code: 'invalid_input', field });
    expect(() => svc.listEntries({ loggedFrom: -1 })).toThrow(refused('loggedFrom'));
    expect(() => svc.listEntries({ loggedTo: 'today' })).toThrow(refused('loggedTo'));
    expect(() => svc.supervisor.exportCsv({ loggedFrom: 1.5 })).toThrow(refused('loggedFrom'));
    // A bound of another name is no filter and is refused, not ignored.
    expect(() => svc.listEntries({ loggedOn: '2026-12-02' })).toThrow(expect.objectContaining({ code: 'invalid_input', message: 'Unexpected field: loggedOn' }));
  });
});
