// Supervisor tools against the real engine and sandbox: import, cancel/resume, export, health, charts.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { PAYLOAD_FIELDS } from '../../shared/call-log';
import { ENTRY_STATES, STATE_LABELS } from '../../shared/entry';
import { AppError } from '../../shared/errors';
import { callInput, waitForState } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';
import { EXPORT_FIELDS, exportRow } from './reports';
import { builtInSandbox } from '../sandbox-provider';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

function row(i: number, over: Record<string, string> = {}): Record<string, string> {
  return {
    SourceNumber: '9611795983',
    DestinationNumber: '+91-8611795988',
    DisplayNumber: '',
    StartTime: `2026-11-24 09:${String(i % 60).padStart(2, '0')}:00`,
    EndTime: `2026-11-24 09:${String(i % 60).padStart(2, '0')}:45`,
    CallDuration: '45',
    Status: 'Answered',
    CallNotes: `imported ${i}`,
    ResourceURL: '',
    Direction: 'Inbound',
    CallSessionId: `imp-${i}`,
    AgentName: 'Ravi',
    ...over,
  };
}
const csvOf = (rows: Record<string, string>[]) => Papa.unparse({ fields: [...PAYLOAD_FIELDS], data: rows.map((r) => PAYLOAD_FIELDS.map((f) => r[f] ?? '')) });

describe('CSV import', () => {
  it('queues valid rows, lists invalid ones with line and reason, reports duplicates, and delivers once', async () => {
    const { svc, sandbox } = await engine();
    svc.logCall(callInput({ callSessionId: 'imp-3' })); // already logged from the form
    const rows = [row(1), row(2, { StartTime: '24/11/2026 09:00' }), row(3), row(4), row(4), row(5, { SourceNumber: '' })];
    const r = await svc.supervisor.importCsv('dialer.csv', csvOf(rows));
    expect(r).toMatchObject({ rows: 6, queued: 2, teamCheck: 'off' });
    expect(r.duplicates).toEqual([
      { line: 4, callSessionId: 'imp-3', where: 'here', elsewhere: null, elsewhereState: null },
      { line: 6, callSessionId: 'imp-4', where: 'file', elsewhere: null, elsewhereState: null },
    ]);
    expect(r.rejects.map((x) => [x.line, x.field])).toEqual([
      [3, 'StartTime'],
      [7, 'SourceNumber'],
    ]);
    expect(r.rejects[0]!.reason).toMatch(/YYYY-MM-DD HH:MM:SS/);
    const rejects = Papa.parse<Record<string, string>>(r.rejectsCsv, { header: true }).data;
    expect(rejects.map((x) => x.Line)).toEqual(['3', '7']);
    expect(rejects[0]!.StartTime).toBe('24/11/2026 09:00');

    await waitFor('imported calls to succeed', () => svc.supervisor.importProgress(r.batchId).final === 2);
    const sessions = sandbox.calls().map((c) => c.callSessionId);
    expect(sessions.filter((s) => s === 'imp-1' || s === 'imp-4')).toHaveLength(2);
    // Importing the same file again sends nothing twice.
    expect((await svc.supervisor.importCsv('dialer.csv', csvOf(rows))).queued).toBe(0);
  });

  it('refuses a file without the API header row, saving nothing', async () => {
    const { svc } = await engine();
    const err = await svc.supervisor.importCsv('notes.csv', 'name,phone\nAsha,123').then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect(err?.code).toBe('invalid_input');
    expect(err?.message).toMatch(/notes\.csv: The header row is missing SourceNumber/);
    expect(svc.listEntries({}).total).toBe(0);
  });

  it('sends imported UTC times in the zone chosen in Settings', async () => {
    const { svc, sandbox } = await engine();
    await svc.updateSettings({ timeZone: 'Asia/Kolkata' });
    const r = await svc.supervisor.importCsv('x.csv', csvOf([row(7)]));
    await waitFor('delivery', () => svc.supervisor.importProgress(r.batchId).final === 1);
    expect(sandbox.calls()[0]!.body).toMatchObject({ StartTime: '2026-11-24 14:37:00', EndTime: '2026-11-24 14:37:45' });
  });

  it('cancel leaves the unsent rows saved and paused; resume sends them', async () => {
    const rateLimit = { limit: 2, windowMs: 1000 };
    const { svc, sandbox } = await engine({ sandbox: { rateLimit }, timing: { rateLimit } });
    const r = await svc.supervisor.importCsv('big.csv', csvOf(Array.from({ length: 12 }, (_, i) => row(i + 100))));
    await waitFor('a first submit', () => sandbox.calls().length >= 1);
    const p = svc.supervisor.cancelImport(r.batchId);
    expect(p.paused).toBeGreaterThan(0);
    expect(p.total).toBe(12);
    const sentAtCancel = sandbox.calls().length;
    await new Promise((res) => setTimeout(res, 1500));
    expect(sandbox.calls().length - sentAtCancel).toBeLessThanOrEqual(2); // only what was already on the wire
    expect(svc.listEntries({ states: ['paused'] }).total).toBe(p.paused);
    // A window reloaded now finds the paused import, to show it and its Resume again.
    expect(svc.supervisor.runningImport()).toMatchObject({ fileName: 'big.csv', result: { batchId: r.batchId, queued: 12 } });

    const resumed = svc.supervisor.resumeImport(r.batchId);
    expect(resumed.paused).toBe(0);
    expect(resumed.unsent).toBeGreaterThan(0);
    expect(resumed.etaSeconds).toBeNull(); // too few rows sent lately to measure the pace: "estimating"
    await waitFor('all delivered', () => svc.supervisor.importProgress(r.batchId).final === 12, 30_000);
    expect(new Set(sandbox.calls().map((c) => c.callSessionId)).size).toBe(12);
    await waitFor('no row left to send', () => svc.supervisor.importProgress(r.batchId).unsent === 0);
    expect(svc.supervisor.runningImport()).toBeNull();
  });
});

describe('export, health and charts', () => {
  it('exports the filtered history with RequestID, state, reason and timestamps, and it reads back', async () => {
    const { svc, sandbox } = await engine();
    sandbox.setFaults({ failureNext: 1, failureReason: 'MXInvalidAgent' });
    const failed = svc.logCall(callInput({ notes: 'first' })).id;
    await waitForState(svc, failed, ['failure']);
    const ok = svc.logCall(callInput({ notes: 'second' })).id;
    const done = await waitForState(svc, ok, ['success']);

    const all = Papa.parse<Record<string, string>>(svc.supervisor.exportCsv({}).csv, { header: true }).data;
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ RequestID: done.requestId, State: 'Success', CallNotes: 'second', CallSessionId: done.callSessionId });
    // Written as StartTime is (what spreadsheets read as a date-time), in the UTC the column names.
    const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    expect(all[1]!.SavedAtUTC).toBe(utc(done.createdAt));
    for (const c of ['FirstSentAtUTC', 'AcceptedAtUTC', 'FinalAtUTC']) expect(all[1]![c], c).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const onlyFailed = Papa.parse<Record<string, string>>(svc.supervisor.exportCsv({ states: ['failure'] }).csv, { header: true }).data;
    expect(onlyFailed).toEqual([expect.objectContaining({ State: 'Failure', StatusReason: 'MXInvalidAgent', CallNotes: 'first' })]);
  });

  it('writes each state in the words History shows, not its internal name', () => {
    const call = { payload: '{}', request_id: null, status_reason: null, created_at: 0, first_sent_at: null, accepted_at: null, final_at: null, test: false };
    const stateCell = EXPORT_FIELDS.indexOf('State');
    for (const state of ENTRY_STATES) expect(exportRow({ ...call, state })[stateCell], state).toBe(STATE_LABELS[state]);
    expect(exportRow({ ...call, state: 'retry_wait' })[stateCell]).toBe('Waiting to retry');
  });

  it('reports LeadSquared’s queue and this machine’s day, and the chart buckets', async () => {
    const { svc } = await engine();
    const ids = [svc.logCall(callInput()).id, svc.logCall(callInput()).id];
    for (const id of ids) await waitForState(svc, id, ['success']);
    const now = Date.now();
    const day = { from: now - 3_600_000, to: now + 3_600_000 };
    const health = await svc.supervisor.queueHealth(day);
    expect(health.leadsquared).toMatchObject({ pendingMessages: expect.any(Number), maxDelaySeconds: expect.any(Number) });
    expect(health.local).toMatchObject({ loggedToday: 2, delivered: 2, failed: 0, waiting: 0 });
    expect(health.local.medianSecondsToSuccess).toBeGreaterThan(0);
    const stats = svc.supervisor.deliveryStats(day);
    expect(stats.hours.reduce((n, h) => n + h.success, 0)).toBe(2);
    expect(stats.timeToSuccess.reduce((n, b) => n + b.count, 0)).toBe(2);
  });

  it('does not spend the budget on LeadSquared’s queue while nothing of ours is in flight, and marks the last reading old', async () => {
    const { svc, sandbox } = await engine({ timing: { metricsMaxAgeMs: 300 } });
    const metricsAsked = () => sandbox.requests().filter((r) => r.path.includes('metrics')).length;
    await waitForState(svc, svc.logCall(callInput()).id, ['success']);
    const now = Date.now();
    const day = { from: now - 3_600_000, to: now + 3_600_000 };
    await waitFor('the reading to age', async () => (await svc.supervisor.queueHealth(day)).leadsquaredOld !== null);
    const asked = metricsAsked();
    const idle = await svc.supervisor.queueHealth(day);
    expect(idle.leadsquaredOld).toBe('idle');
    expect(idle.leadsquared).not.toBeNull(); // the reading taken while the call was followed, shown as old
    expect(metricsAsked()).toBe(asked);

    // A call on its way: the queue is worth a request again, and the reading is current.
    sandbox.setFaults({ latencyMs: 1000 });
    const id = svc.logCall(callInput()).id;
    const busy = await svc.supervisor.queueHealth(day);
    expect(busy.leadsquaredOld).toBeNull();
    expect(busy.leadsquared!.at).toBeGreaterThan(idle.leadsquared!.at);
    expect(metricsAsked()).toBeGreaterThan(asked);
    sandbox.resetFaults();
    // The status check waits for that reading too, and still runs once it lands.
    await waitForState(svc, id, 'final');
  });

  it('counts the account’s calls of the day: test calls (the built-in sandbox) are counted apart, and the CSV says which rows are tests', async () => {
    const { svc, sandbox } = await engine({ service: { sandbox: builtInSandbox(20) } });
    sandbox.setFaults({ failureNext: 1 });
    const account = [svc.logCall(callInput()).id, svc.logCall(callInput()).id];
    for (const id of account) await waitForState(svc, id, 'final');
    await svc.updateSettings({ useSandbox: true });
    const tests = [svc.logCall(callInput()).id, svc.logCall(callInput()).id, svc.logCall(callInput()).id];
    for (const id of tests) await waitForState(svc, id, ['success']);
    // Counted apart once the sandbox is off (while it is on they are counted: dashboard-test-calls.test.ts).
    await svc.updateSettings({ useSandbox: false });
    const now = Date.now();
    const day = { from: now - 3_600_000, to: now + 3_600_000 };

    const health = await svc.supervisor.queueHealth(day);
    expect(health.local).toMatchObject({ loggedToday: 2, delivered: 1, failed: 1, waiting: 0, testCalls: 3 });
    const stats = svc.supervisor.deliveryStats(day);
    expect(stats.hours.reduce((n, h) => n + h.success + h.failure + h.error + h.pending, 0)).toBe(2);
    expect(stats.timeToSuccess.reduce((n, b) => n + b.count, 0)).toBe(1);

    const csv = Papa.parse<Record<string, string>>(svc.supervisor.exportCsv({}).csv, { header: true, skipEmptyLines: true });
    const testOf = new Map(csv.data.map((r) => [r.CallSessionId, r.Test]));
    for (const id of account) expect(testOf.get(svc.getEntry(id).callSessionId)).toBe('no');
    for (const id of tests) expect(testOf.get(svc.getEntry(id).callSessionId)).toBe('yes');
  });
});
