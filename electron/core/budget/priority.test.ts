// On one desktop, with no team database: a call the agent just logged goes
// before the import in progress, over real HTTP to a strict sandbox.
import { expect, it } from 'vitest';
import { callInput, waitForState } from '../../../test/support/engine';
import { importFile } from '../../../test/support/import-file';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

it('a call logged during an import is sent with the next free slot, before the import’s remaining rows', async () => {
  const rateLimit = { limit: 5, windowMs: 1000 };
  const { svc, sandbox } = await engine({ sandbox: { rateLimit, processingDelayMs: 50 }, timing: { rateLimit } });
  await svc.supervisor.importCsv('big.csv', importFile(40, `prio-${Date.now()}`));
  await waitFor('the import to be under way', () => sandbox.calls().length >= 8, 20_000);
  const loggedAt = Date.now();
  const e = await waitForState(svc, svc.logCall(callInput()).id, ['accepted', 'in_queue', 'success'], 20_000);
  const receivedAt = sandbox.calls().find((c) => c.callSessionId === e.callSessionId)!.receivedAt;
  // Only the import's requests already on their way got there first.
  expect(sandbox.requests().filter((r) => r.at > loggedAt && r.at < receivedAt).length).toBeLessThanOrEqual(4);
  expect(sandbox.calls().filter((c) => c.callSessionId?.startsWith('prio-')).length).toBeLessThan(40);
  expect(sandbox.stats().rateLimited).toBe(0);
});
