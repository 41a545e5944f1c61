// Calls logged for the sandbox and for the account, replicated whatever mode the
// desktop is in when it copies them: the team knows an account call by the
// account's key (so a watcher can follow it), and a sandbox call by no key (no
// other desktop can ever check it, and the account must never be asked about it).
import { describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { SandboxProvider } from '../service';
import { callInput, openEngine, waitForState } from '../../../test/support/engine';
import { freshTeamDatabase, withQuickWatcher } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';

const tempDir = useTempDirs();
const { engine, track } = useEngines(tempDir);
const watcher = { everyMs: 200, staleMs: 1500, leaseMs: 5000 };
const timing = { teamDb: { retryMs: 200 }, team: { replication: { heartbeatMs: 200 }, watcher } };

/** A built-in sandbox that outlives being switched off, as the desktop's own would within a run. */
function builtIn(processingDelayMs: number) {
  let sb: Sandbox | null = null;
  const provider: SandboxProvider = {
    async start() {
      sb ??= await startSandbox({ processingDelayMs });
      return { host: sb.host, callLogUrl: sb.callLogUrl, apiKey: sb.apiKey };
    },
    async stop() {},
  };
  return { provider, close: () => sb?.close() };
}

describe('replicating calls of either target', () => {
  it('a sandbox call copied after the sandbox was switched off carries no key: no desktop asks the account about it', async () => {
    const account = await startSandbox({ processingDelayMs: 60_000 });
    const sandbox = builtIn(60_000);
    const db = await withQuickWatcher(await freshTeamDatabase());
    try {
      const a = track(await openEngine(tempDir(), { existingSandbox: account, timing, service: { sandbox: sandbox.provider } }));
      await a.svc.updateSettings({ useSandbox: true });
      const sent = await waitForState(a.svc, a.svc.logCall(callInput()).id, ['accepted', 'in_queue']);
      await a.svc.updateSettings({ useSandbox: false });
      const real = await waitForState(a.svc, a.svc.logCall(callInput()).id, ['accepted', 'in_queue']);
      expect((await a.svc.team.setDatabase(db.url)).state).toBe('connected');
      const rows = await waitFor('both calls copied', async () => {
        const r = await db.sql('SELECT request_id, key_fp FROM calllog.calls');
        return r.rows.length === 2 ? new Map(r.rows.map((x) => [x.request_id as string, x.key_fp as string | null])) : null;
      });
      expect(rows.get(sent.requestId!)).toBeNull();
      expect(rows.get(real.requestId!)).toMatch(/^[0-9a-f]{16}$/);
      await a.close();

      // Another desktop on the account follows the account's call, never the sandbox's.
      const b = await engine({ existingSandbox: account, timing });
      expect((await b.svc.team.setDatabase(db.url)).state).toBe('connected');
      await waitFor('the watcher to check the account call', () => account.requests().filter((r) => r.path.includes(real.requestId!)).length >= 2 || null, 20_000);
      expect(account.requests().filter((r) => r.path.includes(sent.requestId!))).toEqual([]);
    } finally {
      await account.close();
      await sandbox.close();
    }
  }, 60_000);

  it('an account call copied while the desktop is on the sandbox keeps the account’s key, and is watched when its desktop goes away', async () => {
    const account = await startSandbox({ processingDelayMs: 3000 });
    const sandbox = builtIn(50);
    const db = await withQuickWatcher(await freshTeamDatabase());
    try {
      const a = track(await openEngine(tempDir(), { existingSandbox: account, timing, service: { sandbox: sandbox.provider } }));
      const sent = await waitForState(a.svc, a.svc.logCall(callInput()).id, ['accepted', 'in_queue']);
      await a.svc.updateSettings({ useSandbox: true });
      expect((await a.svc.team.setDatabase(db.url)).state).toBe('connected');
      await waitFor('the call copied', async () => (await db.sql('SELECT 1 FROM calllog.calls WHERE request_id = $1', [sent.requestId])).rows.length === 1 || null);
      await a.close();

      const b = await engine({ existingSandbox: account, timing });
      expect((await b.svc.team.setDatabase(db.url)).state).toBe('connected');
      await waitFor('the watcher to record LeadSquared’s answer', async () => {
        const r = await db.sql('SELECT watched_state FROM calllog.calls WHERE request_id = $1', [sent.requestId]);
        return r.rows[0]?.watched_state === 'success' || null;
      }, 30_000);
    } finally {
      await account.close();
      await sandbox.close();
    }
  }, 60_000);
});
