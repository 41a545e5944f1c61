// One 401 parks every call and every status check of that key (the others would be refused too),
// the banner is told why, and Try again (retryRefusedKey) lets them all go again: in sandbox mode,
// where Settings has no key to change, as well as for the account. A key refused again parks
// them again after at most what was on the wire: no storm. Real sandboxes over HTTP, the
// browser host's contract in front of the service, real SQLite files.
import { describe, expect, it } from 'vitest';
import { callInput, waitForState } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';
import { contractValue, serveContract, type ContractHost } from '../../test/support/world';
import { builtInSandbox } from '../sandbox-provider';
import type { Sandbox } from '../sandbox/server';
import { refusedKeyReason } from './connection';
import type { ConnectionInfo } from './service';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

/** The app's built-in sandbox, kept so the test can inject faults into it. */
function builtIn(processingDelayMs: number) {
  let running: Sandbox | null = null;
  const provider = builtInSandbox(processingDelayMs, (s) => (running = s));
  return { provider, current: () => running! };
}

const info = (h: ContractHost) => contractValue<ConnectionInfo>(h, 'getConnectionInfo');
const refused = (h: ContractHost) => waitFor('the key to be refused', async () => ((await info(h)).keyRefused ? info(h) : null));
const quiet = () => new Promise((r) => setTimeout(r, 300));

describe('Try again after a 401', () => {
  it('sandbox mode: a test-fault 401 parks the calls and the status checks; Try again sends and checks them all', async () => {
    const sb = builtIn(1500);
    const { svc, dataDir } = await engine({ key: null, service: { sandbox: sb.provider } });
    const h = await serveContract(svc, dataDir);
    try {
      await svc.updateSettings({ useSandbox: true });
      // Two calls the sandbox accepted, still processing (1.5 s): their status checks are due.
      const early = [svc.logCall(callInput()).id, svc.logCall(callInput()).id];
      for (const id of early) await waitForState(svc, id, ['accepted', 'in_queue']);
      sb.current().setFaults({ unauthorizedNext: 1 });
      const late = [svc.logCall(callInput()).id, svc.logCall(callInput()).id];

      const stopped = await refused(h);
      expect(stopped).toMatchObject({ mode: 'sandbox', ready: false, keyRefused: true, reason: refusedKeyReason('sandbox') });
      expect(stopped.reason).toMatch(/sandbox refused its key \(401\), a test fault\. Press Try again/);
      for (const id of late) expect((await waitForState(svc, id, ['needs_key'])).lastError).toBe(refusedKeyReason('sandbox'));
      // The accepted calls are not checked while the key is refused (each check would be refused
      // too), and the banner says so rather than leaving them looking stuck.
      expect(stopped.checksWaiting).toBe(svc.listEntries({ states: ['accepted', 'in_queue'] }).total);
      expect(stopped.checksWaiting).toBeGreaterThan(0);
      await quiet(); // what was already on the wire when the 401 came back lands
      const seen = sb.current().requests().length;
      await quiet();
      expect(sb.current().requests().length).toBe(seen); // parked: nothing more goes out
      expect(sb.current().stats().unauthorized).toBe(1);

      const after = await contractValue<ConnectionInfo>(h, 'retryRefusedKey');
      expect(after).toMatchObject({ ready: true, reason: null, keyRefused: false, checksWaiting: 0 });
      for (const id of [...early, ...late]) await waitForState(svc, id, ['success']);
    } finally {
      await h.host.close();
    }
  });

  it('account mode: a key refused again parks the calls again after one round; Try again once it is fine sends them', async () => {
    const { svc, sandbox, dataDir } = await engine();
    const h = await serveContract(svc, dataDir);
    try {
      sandbox.setFaults({ unauthorizedNext: 1000 }); // LeadSquared keeps refusing the key
      const ids = [svc.logCall(callInput()).id, svc.logCall(callInput()).id, svc.logCall(callInput()).id];
      const first = await refused(h);
      expect(first).toMatchObject({ mode: 'leadsquared', ready: false, reason: refusedKeyReason('leadsquared') });
      expect(first.reason).toMatch(/rejected the API key \(401\)\. Press Try again.*open Settings and enter a valid key/);
      for (const id of ids) await waitForState(svc, id, ['needs_key']);
      const once = sandbox.stats().unauthorized;

      await contractValue(h, 'retryRefusedKey');
      await waitFor('the key to be refused again', async () => (sandbox.stats().unauthorized > once && (await info(h)).keyRefused ? true : null));
      for (const id of ids) await waitForState(svc, id, ['needs_key']);
      await quiet();
      const twice = sandbox.stats().unauthorized;
      expect(twice - once).toBeLessThanOrEqual(4); // at most what was already on the wire
      await quiet();
      expect(sandbox.stats().unauthorized).toBe(twice); // parked again, not retried on its own

      sandbox.setFaults({ unauthorizedNext: 0 });
      await contractValue(h, 'retryRefusedKey');
      for (const id of ids) await waitForState(svc, id, ['success']);
      // Nothing refused any more: a second press changes nothing.
      expect(await contractValue<ConnectionInfo>(h, 'retryRefusedKey')).toMatchObject({ ready: true, keyRefused: false });
    } finally {
      await h.host.close();
    }
  });
});
