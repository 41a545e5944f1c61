// countFailedCalls: this computer's calls in Failure or Error, which the menu's indicator counts
// as needing the agent. A call leaves the count when the agent resends it (Edit and resend,
// Retry); a later successful call does not hide an earlier failure. Test calls are counted apart.
// Real engine, real SQLite in a temp dir, real HTTP to the sandbox, through the contract.
import { describe, expect, it } from 'vitest';
import { callInput, waitForState } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';
import type { Sandbox } from '../sandbox/server';
import { builtInSandbox } from '../sandbox-provider';
import { createHandlers, dispatch } from '../ipc-handlers';
import type { CallLogService } from './service';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

const failedOf = async (svc: CallLogService) => {
  const r = await dispatch(createHandlers(svc), 'countFailedCalls', {}, { checkOutput: true });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('failed calls that need the agent', () => {
  it('stay counted after a later call succeeds, and leave when edited and resent or retried', async () => {
    const { svc, sandbox } = await engine();
    sandbox.setFaults({ failureNext: 1 });
    const first = callInput();
    const failed = svc.logCall(first).id;
    await waitForState(svc, failed, ['failure']);
    await waitForState(svc, svc.logCall(callInput()).id, ['success']);
    expect(await failedOf(svc)).toEqual({ account: 1, test: 0 });

    svc.editAndResend(failed, { ...first, notes: 'Corrected' });
    expect(await failedOf(svc)).toEqual({ account: 0, test: 0 });
    await waitForState(svc, failed, ['success']);
    expect(await failedOf(svc)).toEqual({ account: 0, test: 0 });

    sandbox.setFaults({ failureNext: 1 });
    const again = svc.logCall(callInput()).id;
    await waitForState(svc, again, ['failure']);
    expect(await failedOf(svc)).toEqual({ account: 1, test: 0 });
    svc.retryNow(again);
    expect(await failedOf(svc)).toEqual({ account: 0, test: 0 });
  });

  it('count test calls (built-in sandbox) apart from the account’s', async () => {
    let builtIn: Sandbox | null = null;
    const { svc, sandbox } = await engine({ service: { sandbox: builtInSandbox(20, (s) => (builtIn = s)) } });
    sandbox.setFaults({ failureNext: 1 });
    await waitForState(svc, svc.logCall(callInput()).id, ['failure']);
    await svc.updateSettings({ useSandbox: true });
    builtIn!.setFaults({ failureNext: 1 });
    await waitForState(svc, svc.logCall(callInput()).id, ['failure']);
    expect(await failedOf(svc)).toEqual({ account: 1, test: 1 });
  });
});
