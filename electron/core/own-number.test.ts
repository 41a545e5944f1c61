// A call whose lead number is the agent's own is refused where a new call enters (main's logCall and
// Edit and resend through the contract as the UI calls them; CSV import rows), never where a stored
// call is read back. Real engine, real SQLite in a temp dir, real HTTP to the sandbox.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { PAYLOAD_FIELDS } from '../../shared/call-log';
import { callInput, waitForState } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';
import { createHandlers, dispatch } from '../ipc-handlers';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

const OWN = /^This is the agent's own number/;

describe("a new call whose lead number is the agent's own", () => {
  it('is refused by logCall, through the contract, on leadNumber, whatever the formatting; nothing is saved or sent', async () => {
    const { svc, sandbox } = await engine();
    const handlers = createHandlers(svc);
    for (const [leadNumber, agentNumber] of [
      ['8611795988', '8611795988'],
      ['+91-86117 95988', '8611795988'],
      ['086117-95988', '+91 8611795988'],
    ]) {
      const r = await dispatch(handlers, 'logCall', callInput({ leadNumber, agentNumber }));
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'leadNumber' } });
      expect(!r.ok && r.error.message).toMatch(OWN);
    }
    // The service refuses it too, for a host that calls it without the contract.
    expect(() => svc.logCall(callInput({ direction: 'Outbound', leadNumber: '8611795988', agentNumber: '8611795988' }))).toThrow(OWN);
    expect(svc.listEntries({}).total).toBe(0);
    expect(sandbox.calls()).toHaveLength(0);
    const ok = await dispatch(handlers, 'logCall', callInput({ leadNumber: '9611795983', agentNumber: '8611795988' }));
    expect(ok.ok).toBe(true);
  });

  it('is refused by Edit and resend, on call.leadNumber, leaving the failed call as it was', async () => {
    const { svc, sandbox } = await engine();
    sandbox.setFaults({ failureNext: 1 });
    const input = callInput();
    const { id } = svc.logCall(input);
    await waitForState(svc, id, ['failure']);
    const r = await dispatch(createHandlers(svc), 'editAndResend', { id, call: { ...input, leadNumber: input.agentNumber } });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'call.leadNumber' } });
    expect(!r.ok && r.error.message).toMatch(OWN);
    expect(svc.getEntry(id)).toMatchObject({ state: 'failure', input: { leadNumber: input.leadNumber }, payload: { SourceNumber: input.leadNumber } });
  });

  it("is a rejected CSV row, named on the lead's column with the reason, while the file's other rows are queued", async () => {
    const { svc } = await engine();
    const row = (id: string, direction: string, source: string, destination: string) => ({ SourceNumber: source, DestinationNumber: destination, StartTime: '2024-05-01 09:00:00', EndTime: '2024-05-01 09:00:45', CallDuration: '45', Status: 'Answered', Direction: direction, CallSessionId: id });
    const rows = [
      row('good-in', 'Inbound', '+91-9611795983', '8611795988'),
      row('own-in', 'Inbound', '+91-8611795988', '8611795988'),
      row('good-out', 'Outbound', '8611795988', '9611795983'),
      row('own-out', 'Outbound', '8611795988', '08611795988'),
    ];
    const csv = Papa.unparse({ fields: [...PAYLOAD_FIELDS], data: rows.map((r) => PAYLOAD_FIELDS.map((f) => (r as Record<string, string>)[f] ?? '')) });
    const r = await svc.supervisor.importCsv('dialer.csv', csv);
    expect(r.queued).toBe(2);
    expect(r.rejects.map((x) => [x.line, x.field])).toEqual([
      [3, 'SourceNumber'],
      [5, 'DestinationNumber'],
    ]);
    expect(r.rejects[0]!.reason).toMatch(/^SourceNumber is the agent's own number \(the same as DestinationNumber\) — are the columns swapped\?/);
    // The rejects file a supervisor downloads to fix the rows carries the same reason.
    const back = Papa.parse<Record<string, string>>(r.rejectsCsv, { header: true }).data;
    expect(back.map((x) => [x.Line, x.CallSessionId, x.Reason])).toEqual([
      ['3', 'own-in', r.rejects[0]!.reason],
      ['5', 'own-out', r.rejects[1]!.reason],
    ]);
    await waitFor('the two good rows to succeed', () => svc.supervisor.importProgress(r.batchId).final === 2);
    expect(svc.listEntries({}).items.map((e) => e.callSessionId).sort()).toEqual(['good-in', 'good-out']);
  });
});

describe('a stored call is never checked against the rule', () => {
  it('a call saved with the agent as the lead (moved from a PC before the rule) is read, sent and tracked', async () => {
    const { svc } = await engine();
    const input = callInput({ leadNumber: '8611795988', agentNumber: '8611795988' });
    const payload = { SourceNumber: '8611795988', DestinationNumber: '8611795988', StartTime: '2026-11-24 09:00:00', EndTime: '2026-11-24 09:01:35', CallDuration: '95', Status: 'Answered', Direction: 'Inbound', CallSessionId: input.callSessionId };
    const text = JSON.stringify({ kind: 'calllog-transfer', version: 1, exportedAt: '2026-11-30T00:00:00Z', settings: {}, calls: [{ payload, input, source: 'form', startAt: Date.parse(input.startTime) }] });
    expect(await svc.transfer.importFile('move.json', text)).toMatchObject({ calls: 1 });
    const { id } = svc.listEntries({ search: input.callSessionId }).items[0]!;
    await waitForState(svc, id, ['success']);
  });
});
