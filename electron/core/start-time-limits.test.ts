// A call cannot start in the future: refused where a new call enters (main's logCall and Edit and
// resend, through the contract as the UI calls them; CSV import rows), never where a stored call is
// read back, so calls saved long ago, or under a clock that was wrong, still send, retry and read.
// Real engine, real SQLite in a temp dir, real HTTP to the sandbox.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { PAYLOAD_FIELDS } from '../../shared/call-log';
import { CLOCK_SKEW_MS } from '../../shared/start-time-limits';
import { callInput, waitForState } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';
import { createHandlers, dispatch } from '../ipc-handlers';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

const FUTURE = /^Start time is in the future: check the date and time/;
/** A call of `minutes` length starting at `startMs`. */
const at = (startMs: number, minutes = 1) => callInput({ startTime: new Date(startMs).toISOString(), endTime: new Date(startMs + minutes * 60_000).toISOString(), durationSeconds: minutes * 60 });

describe('a new call starting in the future', () => {
  it('is refused by logCall, through the contract, with the error on Start time, and nothing is saved; within the clock skew or long ago it goes', async () => {
    const { svc, sandbox } = await engine();
    const handlers = createHandlers(svc);
    const r = await dispatch(handlers, 'logCall', callInput({ startTime: '2099-01-01T10:00:00.000Z', endTime: '2099-01-01T10:01:35.000Z' }));
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'startTime' } });
    expect(!r.ok && r.error.message).toMatch(FUTURE);
    // The service refuses it too, for a host that calls it without the contract.
    expect(() => svc.logCall(at(Date.now() + CLOCK_SKEW_MS + 60_000))).toThrow(FUTURE);
    expect(svc.listEntries({}).total).toBe(0);
    expect(sandbox.calls()).toHaveLength(0);
    // A PC a few minutes fast is not refused, nor a call from long ago (main has no past limit).
    const soon = svc.logCall(at(Date.now() + CLOCK_SKEW_MS - 60_000));
    const old = svc.logCall(at(Date.UTC(1999, 0, 1, 0, 0, 0)));
    await waitForState(svc, soon.id, ['success']);
    await waitForState(svc, old.id, ['success']);
  });

  it('is refused by Edit and resend, on call.startTime, leaving the failed call as it was', async () => {
    const { svc, sandbox } = await engine();
    sandbox.setFaults({ failureNext: 1 });
    const input = callInput();
    const { id } = svc.logCall(input);
    await waitForState(svc, id, ['failure']);
    const r = await dispatch(createHandlers(svc), 'editAndResend', { id, call: { ...input, startTime: '2099-01-01T10:00:00.000Z', endTime: '2099-01-01T10:01:35.000Z' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'call.startTime' } });
    expect(!r.ok && r.error.message).toMatch(FUTURE);
    expect(svc.getEntry(id)).toMatchObject({ state: 'failure', startTime: input.startTime.slice(0, 10) + ' 09:00:' + input.startTime.slice(17, 19) });
  });

  it('is a rejected CSV row (StartTime), while imported calls from years back are queued', async () => {
    const { svc } = await engine();
    const row = (id: string, start: string, end: string) => ({ SourceNumber: '9611795983', DestinationNumber: '8611795988', StartTime: start, EndTime: end, CallDuration: '45', Status: 'Answered', Direction: 'Inbound', CallSessionId: id });
    const rows = [row('past', '2024-05-01 09:00:00', '2024-05-01 09:00:45'), row('future', '2099-01-01 10:00:00', '2099-01-01 10:00:45')];
    const csv = Papa.unparse({ fields: [...PAYLOAD_FIELDS], data: rows.map((r) => PAYLOAD_FIELDS.map((f) => (r as Record<string, string>)[f] ?? '')) });
    const r = await svc.supervisor.importCsv('dialer.csv', csv);
    expect(r.queued).toBe(1);
    expect(r.rejects.map((x) => [x.line, x.field])).toEqual([[3, 'StartTime']]);
    expect(r.rejects[0]!.reason).toMatch(FUTURE);
    await waitFor('the old imported call to succeed', () => svc.supervisor.importProgress(r.batchId).final === 1);
  });
});

describe('a stored call is never checked against today', () => {
  it('a call saved with a future start (moved from a PC whose clock was wrong) is read, sent, failed, retried and tracked', async () => {
    const { svc, sandbox } = await engine();
    const input = callInput({ startTime: '2099-01-01T10:00:00.000Z', endTime: '2099-01-01T10:01:35.000Z' });
    const payload = { SourceNumber: '+91-9611795983', DestinationNumber: '8611795988', StartTime: '2099-01-01 10:00:00', EndTime: '2099-01-01 10:01:35', CallDuration: '95', Status: 'Answered', Direction: 'Inbound', CallSessionId: input.callSessionId };
    const text = JSON.stringify({ kind: 'calllog-transfer', version: 1, exportedAt: '2026-11-30T00:00:00Z', settings: {}, calls: [{ payload, input, source: 'form', startAt: Date.parse(input.startTime) }] });
    sandbox.setFaults({ failureNext: 1 });
    expect(await svc.transfer.importFile('move.json', text)).toMatchObject({ calls: 1 });
    const { id } = svc.listEntries({ search: input.callSessionId }).items[0]!;
    await waitForState(svc, id, ['failure']);
    svc.retryNow(id);
    const done = await waitForState(svc, id, ['success']);
    expect(done).toMatchObject({ startTime: '2099-01-01 10:00:00', payload: { StartTime: '2099-01-01 10:00:00' } });
    expect(svc.listEntries({ states: ['success'] }).total).toBe(1);
  });
});
