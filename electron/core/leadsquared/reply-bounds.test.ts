// What LeadSquared (or anything answering in its place) sends back is read only
// up to a bound, and only bounded text from it reaches the outbox.
import { describe, expect, it } from 'vitest';
import { MAX_REPLY_TEXT, parseRequestId, parseTaskStatus } from '../../../shared/leadsquared';
import { callInput, waitForState } from '../../../test/support/engine';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

describe('reply bounds', () => {
  it('an oversized answer is not read: the call is sent again and still lands once', async () => {
    const { svc, sandbox } = await engine();
    sandbox.setFaults({ oversizeNext: 1 });
    const { id } = svc.logCall(callInput());
    const done = await waitForState(svc, id, 'final');
    expect(done.state).toBe('success');
    expect(done.transitions.some((t) => /larger than 64 KiB and was not read/.test(t.note ?? ''))).toBe(true);
    expect(sandbox.calls()).toHaveLength(1);
  });

  it('stores at most MAX_REPLY_TEXT characters of a status reason', async () => {
    const { svc, sandbox } = await engine();
    sandbox.setFaults({ failureNext: 1, failureReason: `MXLong: ${'reason '.repeat(1200)}` });
    const { id } = svc.logCall(callInput());
    const done = await waitForState(svc, id, 'final');
    expect(done.state).toBe('failure');
    expect(done.statusReason!.startsWith('MXLong: reason')).toBe(true);
    expect(done.statusReason!.length).toBe(MAX_REPLY_TEXT);
  });

  it('keeps a status reason on one line, so the Dashboard’s row for it opens its calls in History', async () => {
    const { svc, sandbox } = await engine();
    sandbox.setFaults({ failureNext: 1, failureReason: '  MXUserNotFound:\r\n\tagent 8611795988\u0000 is not mapped  \n' });
    const { id } = svc.logCall(callInput());
    const done = await waitForState(svc, id, 'final');
    const reason = 'MXUserNotFound: agent 8611795988 is not mapped';
    expect(done.statusReason).toBe(reason);
    const day = { from: Date.now() - 3_600_000, to: Date.now() + 3_600_000 };
    expect(svc.supervisor.deliveryStats(day).failuresByReason).toEqual([{ reason, count: 1 }]);
    expect(svc.listEntries({ states: ['failure', 'error'], reason }).items.map((e) => e.id)).toEqual([id]);
    // Only blanks is no reason at all.
    expect(parseTaskStatus({ TaskStatus: { Status: 'FAILURE', StatusReason: ' \n\t ' } })!.statusReason).toBeNull();
  });

  it('takes a RequestID only when it looks like one', () => {
    expect(parseRequestId({ RequestID: ' 8eca6fa6-1d2c-4a4e-9f0b-4a0f2b1c3d4e ' })).toBe('8eca6fa6-1d2c-4a4e-9f0b-4a0f2b1c3d4e');
    for (const bad of ['x'.repeat(101), 'has space', 'nul\u0000', '']) expect(parseRequestId({ RequestID: bad }), JSON.stringify(bad)).toBeNull();
    const task = parseTaskStatus({ RequestId: 'r'.repeat(5000), TaskStatus: { Status: 'FAILURE', StatusReason: 'x'.repeat(5000) }, Message: 'm'.repeat(5000) })!;
    for (const v of [task.requestId, task.statusReason, task.message]) expect(v!.length).toBe(MAX_REPLY_TEXT);
  });
});
