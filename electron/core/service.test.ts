// The engine end to end: real HTTP to the sandbox on 127.0.0.1, a real SQLite file.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { callInput, openEngine, waitForState, type EngineFixture } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';

const tempDir = useTempDirs();
const { engine, track } = useEngines(tempDir);

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('logging a call', () => {
  it('saves it, sends it, and follows its RequestID to Success', async () => {
    const { svc, sandbox } = await engine();
    const input = callInput({ direction: 'Outbound', leadNumber: '9611795983', agentNumber: '+91-8611795988' });
    const r = svc.logCall(input);
    expect(r.state).toBe('queued');
    const done = await waitForState(svc, r.id, ['success']);
    const call = sandbox.calls().find((c) => c.requestId === done.requestId);
    expect(call?.body).toMatchObject({
      SourceNumber: '+91-8611795988', // outbound: the agent called the lead
      DestinationNumber: '9611795983',
      StartTime: '2026-11-24 09:00:' + input.startTime.slice(17, 19),
      CallDuration: '95',
      Direction: 'Outbound',
      CallSessionId: input.callSessionId,
    });
    expect(done.transitions.map((t) => t.to)).toEqual(expect.arrayContaining(['queued', 'sending', 'accepted', 'success']));
    expect(done.attempts).toBe(1);
  });

  it('writes times in the zone chosen in Settings', async () => {
    const { svc, sandbox } = await engine();
    await svc.updateSettings({ timeZone: 'Asia/Kolkata' });
    const r = svc.logCall(callInput({ startTime: '2026-11-24T10:00:00.000Z', endTime: '2026-11-24T10:01:35.000Z' }));
    const e = await waitForState(svc, r.id, ['success']);
    expect(sandbox.calls().find((c) => c.requestId === e.requestId)?.body).toMatchObject({
      StartTime: '2026-11-24 15:30:00',
      EndTime: '2026-11-24 15:31:35',
    });
  });

  it('refuses a second call with the same CallSessionId, keeping the first', async () => {
    const { svc } = await engine();
    const input = callInput();
    const first = svc.logCall(input);
    const err = appError(() => svc.logCall({ ...input, notes: 'again' }));
    expect(err.code).toBe('conflict');
    expect(err.field).toBe('callSessionId');
    expect(err.message).toMatch(/already logged/);
    expect(svc.listEntries({}).total).toBe(1);
    expect(svc.getEntry(first.id).payload.CallNotes).toBe('Asked about pricing');
  });

  it('refuses bad input with the field and saves nothing', async () => {
    const { svc } = await engine();
    const err = appError(() => svc.logCall({ ...callInput(), leadNumber: 'call me' }));
    expect(err).toMatchObject({ code: 'invalid_input', field: 'leadNumber' });
    expect(err.message).toMatch(/Lead phone number/);
    expect(svc.listEntries({}).total).toBe(0);
  });
});

describe('LeadSquared answers', () => {
  it('401 pauses every call for that key until the key changes, then all go through', async () => {
    const { svc, sandbox } = await engine({ key: 'wrong-key-1234' });
    const ids = [svc.logCall(callInput()).id, svc.logCall(callInput()).id, svc.logCall(callInput()).id];
    for (const id of ids) {
      const e = await waitForState(svc, id, ['needs_key']);
      expect(e.lastError).toMatch(/rejected the API key|API key/);
    }
    const refused = sandbox.stats().unauthorized;
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(refused).toBeLessThanOrEqual(4); // at most what was already on the wire
    const later = svc.logCall(callInput());
    expect(later.state).toBe('needs_key'); // known bad key: not even tried
    await new Promise((r) => setTimeout(r, 200));
    expect(sandbox.stats().unauthorized).toBe(refused);

    svc.setKey(sandbox.apiKey);
    for (const id of [...ids, later.id]) await waitForState(svc, id, ['success']);
    expect(sandbox.calls()).toHaveLength(4);
  });

  it('404 fails the call with LeadSquared’s message', async () => {
    const { svc, sandbox } = await engine();
    await svc.updateSettings({ callLogUrl: sandbox.callLogUrl.replace(/[0-9a-f]{6}$/, 'abcdef') });
    const e = await waitForState(svc, svc.logCall(callInput()).id, ['failure']);
    expect(e.statusReason).toMatch(/404.*Connector not found/);
  });

  it('400 fails the call with LeadSquared’s message', async () => {
    const { svc, sandbox } = await engine();
    sandbox.setFaults({ badRequestNext: 1 });
    const e = await waitForState(svc, svc.logCall(callInput()).id, ['failure']);
    expect(e.statusReason).toMatch(/400/);
    expect(e.attempts).toBe(1);
  });

  it('a call refused as malformed (400) is not retried as it is, only edited and resent', async () => {
    const { svc, sandbox } = await engine();
    sandbox.setFaults({ badRequestNext: 1 });
    const input = callInput();
    const { id } = svc.logCall(input);
    await waitForState(svc, id, ['failure']);
    const err = appError(() => svc.retryNow(id));
    expect(err.code).toBe('not_allowed');
    expect(err.message).toMatch(/malformed \(400\).*Edit and resend/);
    // Nothing sent again, and the call left as it was.
    expect(sandbox.stats().submits).toBe(1);
    expect(svc.getEntry(id)).toMatchObject({ state: 'failure', attempts: 1 });
    svc.editAndResend(id, { ...input, notes: 'Corrected' });
    expect((await waitForState(svc, id, ['success'])).payload.CallNotes).toBe('Corrected');
  });

  it.each([
    ['500s', { fail500Next: 2 }],
    ['dropped connections', { dropNext: 2 }],
    ['timeouts', { hangNext: 1 }],
  ])('%s are retried with backoff until accepted, and logged once', async (_name, faults) => {
    const { svc, sandbox } = await engine({ timing: { requestTimeoutMs: 300 } });
    sandbox.setFaults(faults);
    const id = svc.logCall(callInput()).id;
    const e = await waitForState(svc, id, ['success']);
    expect(e.attempts).toBeGreaterThan(1);
    expect(e.transitions.some((t) => t.to === 'retry_wait' && /next try in/.test(t.note ?? ''))).toBe(true);
    expect(sandbox.calls().filter((c) => c.callSessionId === e.callSessionId)).toHaveLength(1);
  });

  it('429 from a stricter server is honoured (Retry-After) and every call still lands once', async () => {
    const { svc, sandbox } = await engine({ sandbox: { rateLimit: { limit: 3, windowMs: 400 } }, timing: { rateLimit: { limit: 10, windowMs: 400 } } });
    const ids = Array.from({ length: 8 }, () => svc.logCall(callInput()).id);
    for (const id of ids) await waitForState(svc, id, ['success']);
    expect(sandbox.stats().rateLimited).toBeGreaterThan(0);
    expect(new Set(sandbox.calls().map((c) => c.callSessionId)).size).toBe(8);
    expect(sandbox.calls()).toHaveLength(8);
  });

  it('stays inside a strict limiter: zero 429s for a burst larger than the budget', async () => {
    const rateLimit = { limit: 5, windowMs: 400 };
    const { svc, sandbox } = await engine({ sandbox: { rateLimit, processingDelayMs: 10 }, timing: { rateLimit } });
    const ids = Array.from({ length: 23 }, () => svc.logCall(callInput()).id);
    for (const id of ids) await waitForState(svc, id, ['success'], 30_000);
    expect(sandbox.stats().rateLimited).toBe(0);
    expect(sandbox.calls()).toHaveLength(23);
  });
});

describe('status tracking', () => {
  it('records FAILURE and ERROR with LeadSquared’s reason', async () => {
    const { svc, sandbox } = await engine();
    sandbox.setFaults({ failureNext: 1, failureReason: 'MXUserNotFound: no user has 8611795988' });
    const failed = await waitForState(svc, svc.logCall(callInput()).id, ['failure']);
    expect(failed.statusReason).toBe('MXUserNotFound: no user has 8611795988');
    expect(failed.requestId).toBeTruthy();
    sandbox.setFaults({ errorNext: 1 });
    expect((await waitForState(svc, svc.logCall(callInput()).id, ['error'])).state).toBe('error');
  });

  it('times the first check from the queue’s reported delay: one check per call', async () => {
    const { svc, sandbox } = await engine({
      sandbox: { processingDelayMs: 600 },
      timing: { schedule: { firstMinMs: 20, firstUnknownMs: 20, slackMs: 100, laterMs: [300] } },
    });
    const first = svc.logCall(callInput()).id;
    await waitFor('metrics', () => sandbox.stats().metricsCalls > 0);
    const ids = [first, ...Array.from({ length: 4 }, () => svc.logCall(callInput()).id)];
    const done = await Promise.all(ids.map((id) => waitForState(svc, id, ['success'])));
    expect(done.slice(1).every((e) => e.statusChecks === 1)).toBe(true);
  });

  it('keeps following In-Queue requests and resumes after a restart', async () => {
    const dir = tempDir();
    const timing = { schedule: { firstMinMs: 20, firstUnknownMs: 20, slackMs: 0, laterMs: [100] } };
    const a = await openEngine(dir, { sandbox: { processingDelayMs: 300 }, timing });
    await a.svc.testConnection(); // metrics now say "no delay": the first check will come too early
    a.sandbox.setProcessingDelay(1500);
    const id = a.svc.logCall(callInput()).id;
    await waitForState(a.svc, id, ['in_queue']);
    await a.svc.close();
    const b = await openEngine(dir, { existingSandbox: a.sandbox, timing });
    track(b);
    track({ ...a, close: () => a.sandbox.close() });
    const e = await waitForState(b.svc, id, ['success']);
    expect(e.statusChecks).toBeGreaterThan(1);
    expect(a.sandbox.calls()).toHaveLength(1);
  });
});

describe('agent actions', () => {
  it('edit-and-resend fixes a failed call, keeping its session ID and timeline', async () => {
    const { svc, sandbox } = await engine();
    sandbox.setFaults({ failureNext: 1 });
    const input = callInput();
    const id = svc.logCall(input).id;
    await waitForState(svc, id, ['failure']);
    svc.editAndResend(id, { ...input, notes: 'Corrected agent number', agentNumber: '8611795999' });
    const e = await waitForState(svc, id, ['success']);
    expect(e.payload.CallNotes).toBe('Corrected agent number');
    expect(e.callSessionId).toBe(input.callSessionId);
    expect(e.transitions.map((t) => t.to)).toEqual(expect.arrayContaining(['failure', 'queued', 'success']));
    expect(appError(() => svc.editAndResend(id, input)).code).toBe('not_allowed');
  });

  it('retry now skips the backoff wait', async () => {
    const { svc, sandbox } = await engine({ timing: { backoff: { baseMs: 60_000, capMs: 60_000 } } });
    sandbox.setFaults({ fail500Next: 1 });
    const id = svc.logCall(callInput()).id;
    await waitForState(svc, id, ['retry_wait']);
    svc.retryNow(id);
    await waitForState(svc, id, ['success'], 5000);
  });

  it('reports an unknown entry as not found', async () => {
    const { svc } = await engine();
    expect(appError(() => svc.getEntry(999)).code).toBe('not_found');
    expect(appError(() => svc.getEntry('1')).code).toBe('invalid_input');
  });

  it('tests the connection: OK with the queue numbers, or the reason', async () => {
    const { svc } = await engine();
    const ok = await svc.testConnection();
    expect(ok).toMatchObject({ ok: true, pendingMessages: 0 });
    svc.setKey('another-wrong-key');
    const bad = await svc.testConnection();
    expect(bad).toMatchObject({ ok: false });
    expect(bad.message).toMatch(/401/);
  });

  it('an offline LeadSquared makes calls wait, then they go through when it is back', async () => {
    const { svc, sandbox } = await engine();
    const port = sandbox.port;
    await sandbox.close();
    const id = svc.logCall(callInput()).id;
    const waiting = await waitForState(svc, id, ['retry_wait']);
    expect(waiting.lastError).toMatch(/connect|reach|refused/i);
    const { startSandbox } = await import('../sandbox/server');
    const back = await startSandbox({ port, apiKey: sandbox.apiKey, connectors: sandbox.options.connectors, processingDelayMs: 20 });
    track({ ...({} as EngineFixture), close: () => back.close() });
    await waitForState(svc, id, ['success'], 10_000);
  });
});
