// Each call goes only where it was logged for: the built-in sandbox or the LeadSquared
// account ("the account" here is a second sandbox reached as a real account would be,
// useSandbox off). Switching "Use sandbox" must never send a waiting call, or check a
// RequestID, with the other mode's endpoint and key. Real HTTP, real SQLite files.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { callInput, openEngine, waitForState } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';
import { builtInSandbox } from '../sandbox-provider';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { otherTargetCheckReason, otherTargetReason } from './connection';
import { MIGRATIONS } from './outbox/migrations';
import type { CallLogService, SandboxProvider } from './service';

const tempDir = useTempDirs();
const { engine, track } = useEngines(tempDir);

/** The CallSessionIds that reached a sandbox, one per accepted submit. */
const sessionsIn = (s: Sandbox) => s.calls().map((c) => (c.body as { CallSessionId?: string }).CallSessionId);

/** The app's built-in sandbox, with every instance it started kept so the test can see what reached it. */
function builtIn() {
  const started: Sandbox[] = [];
  let running: Sandbox | null = null;
  const provider: SandboxProvider = {
    async start() {
      running ??= await startSandbox({ processingDelayMs: 50 });
      started.push(running);
      return { host: running.host, callLogUrl: running.callLogUrl, apiKey: running.apiKey };
    },
    async stop() {
      const s = running;
      running = null;
      await s?.close();
    },
  };
  return {
    provider,
    current: () => running!,
    sessions: () => started.flatMap(sessionsIn),
    paths: () => started.flatMap((s) => s.requests().map((r) => r.path)),
  };
}

/** Logs a call and waits for it to reach Success: proof that the sender and tracker ran in this mode. */
function deliverOne(svc: CallLogService) {
  return waitForState(svc, svc.logCall(callInput()).id, ['success']);
}

/** A call as the API takes it, for files written outside the app (a transfer file, an old outbox). */
const payloadOf = (callSessionId: string) => ({
  SourceNumber: '+91-9611795983',
  DestinationNumber: '8611795988',
  StartTime: '2026-11-24 09:00:00',
  EndTime: '2026-11-24 09:01:35',
  CallDuration: '95',
  Status: 'Answered',
  Direction: 'Inbound',
  CallSessionId: callSessionId,
});

function notAllowed(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_allowed') return err.message;
    throw err;
  }
  throw new Error('expected not_allowed');
}

describe('a call goes only where it was logged for', () => {
  it('a customer call waiting for its key is not sent to the sandbox; it goes to the account once the key is back', async () => {
    const sb = builtIn();
    const { svc, sandbox: account } = await engine({ key: null, service: { sandbox: sb.provider } });
    const real = svc.logCall(callInput());
    expect(real.state).toBe('needs_key');

    await svc.updateSettings({ useSandbox: true });
    const test = await deliverOne(svc);
    expect(test.transitions.find((t) => t.to === 'accepted')?.note).toBe(`Accepted by the sandbox, RequestID ${test.requestId}`);
    const waiting = svc.getEntry(real.id);
    expect(waiting).toMatchObject({ state: 'needs_setup', lastError: otherTargetReason('leadsquared'), requestId: null, attempts: 0 });
    expect(waiting.lastError).toMatch(/Switch “Use sandbox” off/);
    expect(svc.listEntries({ states: ['needs_setup'] }).items.map((e) => e.id)).toEqual([real.id]);
    expect(notAllowed(() => svc.retryNow(real.id))).toBe(otherTargetReason('leadsquared'));
    expect(sb.sessions()).not.toContain(waiting.callSessionId);

    await svc.updateSettings({ useSandbox: false });
    expect(svc.getEntry(real.id).state).toBe('needs_key'); // its own mode's reason again
    svc.setKey(account.apiKey);
    const done = await waitForState(svc, real.id, ['success']);
    expect(done.transitions.find((t) => t.to === 'accepted')?.note).toBe(`Accepted by LeadSquared, RequestID ${done.requestId}`);
    expect(sessionsIn(account).filter((id) => id === done.callSessionId)).toHaveLength(1);
    expect(sb.sessions()).not.toContain(done.callSessionId);
    // The sandbox's call never went to the account either.
    expect(sessionsIn(account)).not.toContain(test.callSessionId);
  });

  it('a sandbox call still waiting when the sandbox is switched off is not sent to the account; it goes when the sandbox is back', async () => {
    const sb = builtIn();
    const { svc, sandbox: account } = await engine({ service: { sandbox: sb.provider } });
    await svc.updateSettings({ useSandbox: true });
    sb.current().setFaults({ fail500Next: 1_000_000 });
    const test = svc.logCall(callInput());
    await waitForState(svc, test.id, ['retry_wait']);

    // Switched off, possibly mid-send: whatever comes back, the call waits for the sandbox.
    await svc.updateSettings({ useSandbox: false });
    await deliverOne(svc);
    const waiting = await waitForState(svc, test.id, ['needs_setup']);
    expect(waiting.lastError).toBe(otherTargetReason('sandbox'));
    expect(waiting.lastError).toMatch(/Switch “Use sandbox” on/);
    expect(svc.listEntries({}).items.find((e) => e.id === test.id)?.lastError).toBe(otherTargetReason('sandbox'));
    expect(sessionsIn(account)).not.toContain(waiting.callSessionId);

    sb.current().setFaults({ fail500Next: 0 }); // the same sandbox (it runs on while switched off), healthy again
    await svc.updateSettings({ useSandbox: true });
    const done = await waitForState(svc, test.id, ['success']);
    expect(done.transitions.find((t) => t.to === 'accepted')?.note).toBe(`Accepted by the sandbox, RequestID ${done.requestId}`);
    expect(sessionsIn(account)).not.toContain(done.callSessionId);
  });

  it('a RequestID from the account is not checked against the sandbox; its checks resume when the account is back', async () => {
    const sb = builtIn();
    const { svc, sandbox: account } = await engine({ sandbox: { processingDelayMs: 3000 }, service: { sandbox: sb.provider } });
    const real = svc.logCall(callInput());
    const tracked = await waitForState(svc, real.id, ['accepted', 'in_queue']);

    await svc.updateSettings({ useSandbox: true });
    await deliverOne(svc); // the tracker ran in sandbox mode: it checked the sandbox's own RequestID
    expect(sb.paths().some((p) => p.includes(tracked.requestId!))).toBe(false);
    expect(['accepted', 'in_queue']).toContain(svc.getEntry(real.id).state);
    expect(notAllowed(() => svc.retryNow(real.id))).toBe(otherTargetCheckReason('leadsquared'));

    await svc.updateSettings({ useSandbox: false });
    const done = await waitForState(svc, real.id, ['success']);
    expect(done.requestId).toBe(tracked.requestId);
    expect(account.requests().some((r) => r.path.includes(tracked.requestId!))).toBe(true);
    expect(sb.paths().some((p) => p.includes(tracked.requestId!))).toBe(false);
  });
});

describe('moving to a new PC', () => {
  it('sandbox calls in a transfer file stay sandbox calls; calls from an older file go where the new PC sends', async () => {
    const { svc, sandbox: account } = await engine({ service: { sandbox: builtIn().provider } });
    const call = (target?: string) => {
      const input = callInput();
      const payload = payloadOf(input.callSessionId);
      return { payload, input, source: 'form', startAt: Date.parse(input.startTime), ...(target ? { target } : {}) };
    };
    const calls = [call('sandbox'), call()];
    const text = JSON.stringify({ kind: 'calllog-transfer', version: 1, exportedAt: '2026-11-30T00:00:00Z', settings: {}, calls });
    expect(await svc.transfer.importFile('move.json', text)).toMatchObject({ calls: 2 });
    const [test, older] = calls.map((c) => svc.listEntries({ search: c.payload.CallSessionId }).items[0]!);
    await waitForState(svc, older!.id, ['success']);
    expect(svc.getEntry(test!.id)).toMatchObject({ state: 'needs_setup', lastError: otherTargetReason('sandbox') });
    expect(sessionsIn(account)).not.toContain(test!.callSessionId);
  });
});

describe('calls saved before calls had a target (migration 6)', () => {
  it('belong to the mode the app opens in, and stay there when "Use sandbox" changes', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'calls.sqlite');
    // An outbox as the previous version left it: migrations 1-5 and a call waiting for its key.
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const m of MIGRATIONS.filter((m) => m.version <= 5)) {
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
    }
    const input = callInput();
    const payload = payloadOf(input.callSessionId);
    old
      .prepare(`INSERT INTO entries (call_session_id, state, payload, lead_number, lead_digits, direction, start_time, start_at,
        last_error, created_at, updated_at, next_attempt_at) VALUES (?, 'needs_key', ?, '+91-9611795983', '919611795983', 'Inbound',
        '2026-11-24 09:00:00', 0, 'No API key saved yet', 1, 1, 1)`)
      .run(input.callSessionId, JSON.stringify(payload));
    old.close();

    // That version had the account configured (sandbox off) and no key.
    const account = await startSandbox({ processingDelayMs: 50 });
    try {
      writeFileSync(
        join(dataDir, 'settings.json'),
        JSON.stringify({ useSandbox: false, asyncHost: account.host, trustedHost: account.host, callLogUrl: account.callLogUrl }),
      );
      const sb = builtIn();
      const { svc } = track(await openEngine(dataDir, { key: null, existingSandbox: account, service: { sandbox: sb.provider } }));
      const legacy = svc.listEntries({}).items[0]!;
      expect(legacy).toMatchObject({ callSessionId: input.callSessionId, state: 'needs_key' });

      await svc.updateSettings({ useSandbox: true });
      await deliverOne(svc);
      expect(svc.getEntry(legacy.id)).toMatchObject({ state: 'needs_setup', lastError: otherTargetReason('leadsquared') });
      expect(sb.sessions()).not.toContain(input.callSessionId);

      await svc.updateSettings({ useSandbox: false });
      svc.setKey(account.apiKey);
      await waitForState(svc, legacy.id, ['success']);
      expect(sessionsIn(account).filter((id) => id === input.callSessionId)).toHaveLength(1);
    } finally {
      await account.close();
    }
    const after = new Database(file, { readonly: true });
    try {
      expect(after.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: MIGRATIONS.at(-1)!.version });
      expect(after.prepare('SELECT COUNT(*) AS n FROM entries WHERE target IS NULL').get()).toEqual({ n: 0 });
    } finally {
      after.close();
    }
  });
});

describe('a sandbox test call followed to its end', () => {
  it('switched off and on again within a run, the sandbox still knows the calls it accepted', async () => {
    const { svc } = await engine({ service: { sandbox: builtInSandbox(1500) } });
    await svc.updateSettings({ useSandbox: true });
    const id = svc.logCall(callInput()).id;
    await waitForState(svc, id, ['accepted', 'in_queue']);
    await svc.updateSettings({ useSandbox: false });
    await svc.updateSettings({ useSandbox: true });
    expect(await waitForState(svc, id, ['success'], 20_000)).toMatchObject({ state: 'success' });
  });

  it('after a restart the sandbox knows none of them: each ends in Error saying so, instead of being asked forever', async () => {
    const dataDir = tempDir();
    const before = track(await openEngine(dataDir, { service: { sandbox: builtInSandbox(60_000) } }));
    await before.svc.updateSettings({ useSandbox: true });
    const id = before.svc.logCall(callInput()).id;
    await waitForState(before.svc, id, ['accepted', 'in_queue']);
    await before.close();

    const { svc } = track(await openEngine(dataDir, { service: { sandbox: builtInSandbox(50) } }));
    await svc.updateSettings({ useSandbox: true });
    const e = await waitForState(svc, id, ['error'], 20_000);
    expect(e.statusReason).toMatch(/the sandbox no longer knows this RequestID.*nothing reached LeadSquared/);
  });
});
