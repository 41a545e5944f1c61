// Test calls in the team's view: a call logged with the built-in sandbox never goes to
// LeadSquared, so the team's history marks it Test (as this computer's does) and the
// team's Dashboard leaves it out of the account's figures. Known by the target each
// desktop copies with the call, not by the missing key fingerprint: an account call
// still waiting for its key has none either.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ENTRY_STATES, isFinalState } from '../../../shared/entry';
import { builtInSandbox } from '../../sandbox-provider';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { callInput, openEngine, waitForState } from '../../../test/support/engine';
import { freshTeamDatabase, runSql, TEAM_TIMING as timing, today as day } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';

const tempDir = useTempDirs();
const { track } = useEngines(tempDir);

const UNMAPPED = 'MXUserNotFound: No user has the agent number 8611795988';

describe('test calls in the team’s view', () => {
  it('are marked Test in the list, the details and the CSV, and counted apart from the account’s calls on the Dashboard', async () => {
    const account = await startSandbox({ processingDelayMs: 50 });
    const db = await freshTeamDatabase();
    try {
      const d = track(await openEngine(tempDir(), { existingSandbox: account, timing, service: { sandbox: builtInSandbox(20) } }));
      await d.svc.updateSettings({ agentName: 'Asha Rao' });
      expect((await d.svc.team.setDatabase(db.url)).state).toBe('connected');
      const delivered = await waitForState(d.svc, d.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['success']);
      account.setFaults({ failureNext: 1 });
      const failed = await waitForState(d.svc, d.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['failure']);
      d.svc.clearKey();
      const keyless = d.svc.logCall(callInput({ agentName: 'Asha Rao' }));
      await d.svc.updateSettings({ useSandbox: true });
      const tests = [d.svc.logCall(callInput({ agentName: 'Asha Rao' })), d.svc.logCall(callInput({ agentName: 'Asha Rao' }))];
      for (const t of tests) await waitForState(d.svc, t.id, ['success']);

      const items = await waitFor('all five calls copied, the test calls final', async () => {
        const l = await d.svc.team.list({});
        return l.items.length === 5 && l.items.filter((i) => i.state === 'success').length === 3 ? l.items : null;
      });
      const testOf = new Map(items.map((i) => [i.callSessionId, i.test]));
      expect(tests.map((t) => testOf.get(t.callSessionId))).toEqual([true, true]);
      expect([delivered, failed, keyless].map((c) => testOf.get(c.callSessionId))).toEqual([false, false, false]);
      // The call waiting for its key went without a fingerprint, as the test calls did: it is the account's all the same.
      const fp = await db.sql('SELECT key_fp FROM calllog.calls WHERE call_session_id = $1', [keyless.callSessionId]);
      expect(fp.rows[0].key_fp).toBeNull();

      const testRow = items.find((i) => i.callSessionId === tests[0]!.callSessionId)!;
      expect(await d.svc.team.get({ desktopId: testRow.desktopId, id: testRow.id })).toMatchObject({ test: true });

      const dash = await d.svc.team.dashboard(day());
      expect(dash.totals).toEqual({ logged: 3, delivered: 1, failed: 1, waiting: 1 });
      expect(dash.testCalls).toBe(2);
      expect(dash.hours.reduce((n, h) => n + h.success + h.failure + h.error + h.pending, 0)).toBe(3);
      expect(dash.failuresByAgent).toEqual([{ agent: 'Asha Rao', failed: 1, total: 3 }]);

      const csv = Papa.parse<Record<string, string>>((await d.svc.team.exportCsv({})).csv, { header: true, skipEmptyLines: true });
      expect(csv.meta.fields?.slice(-2)).toEqual(['Test', 'Desktop']);
      const csvTest = new Map(csv.data.map((r) => [r.CallSessionId, r.Test]));
      expect([...tests, delivered, failed, keyless].map((c) => csvTest.get(c.callSessionId))).toEqual(['yes', 'yes', 'no', 'no', 'no']);
    } finally {
      await account.close();
    }
  }, 60_000);

  it('are left out of the list, count and export on request, so a Dashboard figure opens exactly the calls it counted; a previous version’s reads still list them', async () => {
    const account = await startSandbox({ processingDelayMs: 20 });
    const db = await freshTeamDatabase();
    let builtIn: Sandbox | null = null;
    try {
      const d = track(await openEngine(tempDir(), { existingSandbox: account, timing, service: { sandbox: builtInSandbox(20, (s) => (builtIn = s)) } }));
      expect((await d.svc.team.setDatabase(db.url)).state).toBe('connected');
      const log = () => d.svc.logCall(callInput({ agentName: 'Asha Rao' })).id;
      account.setFaults({ failureNext: 2, failureReason: UNMAPPED });
      const accountFailed = [await waitForState(d.svc, log(), ['failure']), await waitForState(d.svc, log(), ['failure'])];
      await waitForState(d.svc, log(), ['success']);
      // A trainer's test calls: one fails for the same reason, one waits for a key the built-in sandbox refused.
      await d.svc.updateSettings({ useSandbox: true });
      builtIn!.setFaults({ failureNext: 1, failureReason: UNMAPPED });
      const testFailed = await waitForState(d.svc, log(), ['failure']);
      builtIn!.setFaults({ unauthorizedNext: 1 });
      const testWaiting = await waitForState(d.svc, log(), ['needs_key']);
      await d.svc.updateSettings({ useSandbox: false });
      account.setFaults({ unauthorizedNext: 1 });
      const accountWaiting = await waitForState(d.svc, log(), ['needs_key']);
      await waitFor('the six calls in the team’s history, the failures final', async () => {
        const l = await d.svc.team.list({ states: ['failure'] });
        return l.items.length === 3 && (await d.svc.team.count({})).total === 6 ? true : null;
      });

      const dash = await d.svc.team.dashboard(day());
      expect(dash.totals).toMatchObject({ failed: 2, waiting: 1 });
      const failedOfDay = { states: ['failure', 'error'] as const, loggedFrom: day().from, loggedTo: day().to };
      const sessions = async (q: object) => (await d.svc.team.list({ ...failedOfDay, ...q })).items.map((i) => i.callSessionId).sort();
      const ids = (calls: { callSessionId: string }[]) => calls.map((c) => c.callSessionId).sort();

      // The Failed figure's calls, counted as it counts them; the test call's too without the filter.
      expect(await sessions({ excludeTestCalls: true })).toEqual(ids(accountFailed));
      expect(await d.svc.team.count({ ...failedOfDay, excludeTestCalls: true })).toEqual({ total: dash.totals.failed, exact: true });
      expect(await sessions({ reason: UNMAPPED, agent: 'asha rao', excludeTestCalls: true })).toEqual(ids(accountFailed));
      expect(await sessions({})).toEqual(ids([...accountFailed, testFailed]));
      expect(await d.svc.team.count(failedOfDay)).toEqual({ total: 3, exact: true });
      // Waiting now's calls, of any day.
      const notFinal = { states: ENTRY_STATES.filter((s) => !isFinalState(s)) };
      expect(await sessions({ ...notFinal, loggedFrom: undefined, loggedTo: undefined, excludeTestCalls: true })).toEqual(ids([accountWaiting]));
      expect(await d.svc.team.count({ ...notFinal, excludeTestCalls: true })).toEqual({ total: dash.totals.waiting, exact: true });
      expect(await sessions({ ...notFinal, loggedFrom: undefined, loggedTo: undefined })).toEqual(ids([accountWaiting, testWaiting]));
      // No other filter: the account's calls counted, not the trigger's count of every call.
      expect(await d.svc.team.count({ excludeTestCalls: true })).toEqual({ total: 4, exact: true });

      // Export CSV: the list's calls, none of them a test call.
      const exported = Papa.parse<Record<string, string>>((await d.svc.team.exportCsv({ ...failedOfDay, excludeTestCalls: true })).csv, { header: true, skipEmptyLines: true });
      expect(exported.data.map((r) => [r.CallSessionId, r.Test]).sort()).toEqual(ids(accountFailed).map((sid) => [sid, 'no']));

      // A desktop still on the previous version reads through step 12's functions, which stay (test calls and all).
      const [from, to] = [new Date(failedOfDay.loggedFrom), new Date(failedOfDay.loggedTo)];
      const old = await runSql(db.url, `SELECT call_session_id FROM calllog.team_list(NULL, NULL, ARRAY['failure'], NULL, NULL, NULL, NULL, NULL, $1, $2, 500, 0)`, [from, to]);
      expect(old.rows.map((r) => r.call_session_id).sort()).toEqual(ids([...accountFailed, testFailed]));
      const oldCount = await runSql(db.url, `SELECT n::int FROM calllog.team_count(NULL, NULL, ARRAY['failure'], NULL, NULL, NULL, NULL, NULL, $1, $2, 10001)`, [from, to]);
      expect(oldCount.rows[0].n).toBe(3);
    } finally {
      await account.close();
    }
  }, 60_000);

  it('copied by a version before the team database kept targets, are copied again once and marked', async () => {
    const db = await freshTeamDatabase();
    const dataDir = tempDir();
    const sandbox = { service: { sandbox: builtInSandbox(20) }, timing };
    const first = await openEngine(dataDir, sandbox);
    await first.svc.updateSettings({ useSandbox: true });
    const t = await waitForState(first.svc, first.svc.logCall(callInput()).id, ['success']);
    expect((await first.svc.team.setDatabase(db.url)).state).toBe('connected');
    await waitFor('the call copied, final', async () => (await db.sql(`SELECT 1 FROM calllog.calls WHERE state = 'success'`)).rows.length === 1 || null);
    await first.close();
    // As an older version left them: the team's copy without its target, and the desktop with no note of having copied one.
    await db.sql('UPDATE calllog.calls SET target = NULL');
    const outbox = new Database(join(dataDir, 'calls.sqlite'));
    outbox.prepare(`DELETE FROM meta WHERE key = 'team_call_targets_copied'`).run();
    outbox.close();

    const again = track(await openEngine(dataDir, sandbox));
    await waitFor('the desktop to connect again', () => again.svc.team.database().state === 'connected' || null);
    await waitFor('the test call marked in the team’s history', async () => {
      const l = await again.svc.team.list({});
      return l.items.length === 1 && l.items[0]!.test ? l : null;
    });
    const r = await db.sql('SELECT call_session_id, target FROM calllog.calls');
    expect(r.rows).toEqual([{ call_session_id: t.callSessionId, target: 'sandbox' }]);
  }, 60_000);
});
