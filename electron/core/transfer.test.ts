// Moving an agent: the old PC's unsent calls and settings go into one file
// (never the key) and are paused there; the new PC imports them and sends
// them with their own CallSessionIds, exactly once.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callInput, openEngine, type EngineFixture } from '../../test/support/engine';
import { useKeyCollectors } from '../../test/support/key-collector';
import { useTempDirs } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';
import { CallLogService } from './service';
import { MOVED_NOTE } from './transfer';
import { FileKeyCipher } from './vault';

const tempDir = useTempDirs();
const collector = useKeyCollectors();
const open: EngineFixture[] = [];
const services: CallLogService[] = [];
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
  for (const s of services.splice(0)) await s.close();
});

/** A new PC as installed: default settings, no key (loopback allowed, as the tests' engines do). */
async function newPc(dataDir: string) {
  const svc = await CallLogService.open({ dataDir, cipher: new FileKeyCipher(dataDir), env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1' } });
  services.push(svc);
  return svc;
}

const transferFile = (settings: Record<string, unknown>) => JSON.stringify({ kind: 'calllog-transfer', version: 1, exportedAt: '2026-11-30T00:00:00Z', settings, calls: [] });

async function engine(...args: Parameters<typeof openEngine>) {
  const e = await openEngine(...args);
  open.push(e);
  return e;
}

describe('move to a new PC', () => {
  it('exports unsent calls and settings without the key, pauses them here, and the new PC sends each once', async () => {
    const old = await engine(tempDir());
    const key = old.sandbox.apiKey;
    await old.svc.updateSettings({ agentName: 'Asha Rao', callStatuses: ['Answered', 'Callback'] });
    const delivered = old.svc.logCall(callInput());
    await waitFor('the first call to reach LeadSquared', () => old.svc.getEntry(delivered.id).state === 'success');
    old.svc.clearKey(); // the rest wait on this PC
    const waiting = [old.svc.logCall(callInput()), old.svc.logCall(callInput())];
    expect(old.svc.getEntry(waiting[0]!.id).state).toBe('needs_key');

    // Saved into the data dir when the host has no save dialog (the browser host).
    const out = await old.svc.transfer.exportFile({ logDir: tempDir(), about: () => ({}) });
    expect(out).toMatchObject({ saved: true, calls: 2 });
    expect(out.path).toMatch(/transfer[\\/]calllog-transfer-.*\.json$/);
    const text = readFileSync(out.path!, 'utf8');
    expect(text).not.toContain(key);
    expect(text).not.toMatch(/apiKey|x-api-key/i);
    // Each call says where it goes, so the new PC never sends a sandbox call to the account or back.
    expect((JSON.parse(text) as { calls: { target: string }[] }).calls.map((c) => c.target)).toEqual(['leadsquared', 'leadsquared']);
    for (const w of waiting) {
      const e = old.svc.getEntry(w.id);
      expect(e.state).toBe('paused');
      expect(e.transitions.at(-1)?.note).toBe(MOVED_NOTE);
    }
    // Even with the key back, the old PC does not send what moved.
    old.svc.setKey(key);

    const fresh = await engine(tempDir(), { existingSandbox: old.sandbox, key: null });
    const r = await fresh.svc.transfer.importFile('calllog-transfer.json', text);
    expect(r).toMatchObject({ calls: 2, duplicates: 0, skipped: [] });
    expect(r.settings).toEqual(expect.arrayContaining(['agentName', 'callStatuses']));
    expect(fresh.svc.getSettings()).toMatchObject({ agentName: 'Asha Rao', callStatuses: ['Answered', 'Callback'] });
    // No key on the new PC yet: the calls wait for it, then go.
    expect(fresh.svc.countByState()).toEqual({ needs_key: 2 });
    fresh.svc.setKey(key);
    await waitFor('both moved calls to succeed', () => fresh.svc.countByState().success === 2);
    const sessions = waiting.map((w) => w.callSessionId);
    const moved = old.sandbox.calls().filter((c) => sessions.includes(c.callSessionId ?? ''));
    expect(moved.map((c) => c.submitCount)).toEqual([1, 1]);
    expect(old.svc.countByState()).toEqual({ success: 1, paused: 2 });

    // The same file twice adds nothing.
    expect(await fresh.svc.transfer.importFile('calllog-transfer.json', text)).toMatchObject({ calls: 0, duplicates: 2 });
  });

  it('keeps what IT locked on the new PC, and refuses a file that is not a transfer', async () => {
    const policyDir = tempDir();
    const policy = join(policyDir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ setBy: 'Contoso IT', settings: { timeZone: 'Asia/Kolkata' }, locked: ['timeZone'] }));
    const e = await engine(tempDir(), { service: { env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1', CALLLOG_POLICY_FILE: policy } } });
    const file = JSON.stringify({ kind: 'calllog-transfer', version: 1, exportedAt: '2026-11-30T00:00:00Z', settings: { timeZone: 'UTC', agentName: 'Ravi' }, calls: [] });
    const r = await e.svc.transfer.importFile('t.json', file);
    expect(r.settings).toEqual(['agentName']);
    expect(r.skipped).toEqual(['Time zone for call times: Time zone for call times is locked: it was set by Contoso IT and cannot be changed here']);
    expect(e.svc.getSettings().timeZone).toBe('Asia/Kolkata');
    await expect(e.svc.transfer.importFile('calls.csv', 'SourceNumber\n1')).rejects.toThrow('calls.csv is not a Call Log transfer file (not JSON)');
    await expect(e.svc.transfer.importFile('x.json', '{"kind":"other"}')).rejects.toThrow('x.json: kind: This is not a Call Log transfer file');
  });

  it('never takes the host trust from a file, nor a host outside LeadSquared: the key pasted next stays on this computer', async () => {
    const thief = await collector();
    const svc = await newPc(tempDir());
    // The order matters to an importer that applies field by field: the trust first makes the host acceptable.
    const file = transferFile({
      trustedHost: thief.host,
      asyncHost: thief.host,
      useSandbox: false,
      callLogUrl: `http://${thief.host}/1/api/Telephony/LogCallComplete/abcdef123456`,
      agentName: 'Ravi',
    });
    const r = await svc.transfer.importFile('from-a-colleague.json', file);
    expect(r.settings.sort()).toEqual(['agentName', 'callLogUrl', 'useSandbox']);
    expect(r.skipped).toEqual([
      `Trust this host outside LeadSquared: a file cannot confirm a host for your API key; tick it in Settings on this computer if your key may really go to ${thief.host}`,
      `Async API host: ${thief.host} is not a LeadSquared host, so it was not taken from the file; enter it in Settings and confirm it there if your API key may really go there`,
    ]);
    expect(svc.getSettings()).toMatchObject({ asyncHost: '', trustedHost: '', useSandbox: false, agentName: 'Ravi' });

    // The agent pastes the key as the message asks: it is refused until a host is chosen here, and goes nowhere.
    expect(() => svc.setKey('the-agents-real-api-key-1234')).toThrow(/Fill in the Async API host first/);
    expect((await svc.testConnection()).ok).toBe(false);
    expect(thief.keys).toEqual([]);

    // A LeadSquared host is taken from the file like any other setting (no key is saved, so nothing is sent).
    const ls = await svc.transfer.importFile('t.json', transferFile({ asyncHost: 'https://asyncapi-in21.leadsquared.com/', trustedHost: '' }));
    expect(ls).toMatchObject({ settings: ['asyncHost'], skipped: [] });
    expect(svc.getSettings().asyncHost).toBe('asyncapi-in21.leadsquared.com');
  });
});
