// A process killed with SIGKILL in the middle of a burst loses nothing and, once
// restarted, gets every call into LeadSquared exactly once.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { afterEach, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';

const tempDir = useTempDirs();
let sandbox: Sandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
});

const CHILD = fileURLToPath(new URL('../../../test/support/crash-child.ts', import.meta.url));
const run = (args: string[]) => spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });

it('SIGKILL mid-burst, restart: every logged call reaches the sandbox exactly once', async () => {
  const N = 60;
  sandbox = await startSandbox({ processingDelayMs: 30, rateLimit: { limit: 10, windowMs: 500 } });
  sandbox.setFaults({ latencyMs: 40 }); // keep requests on the wire when the kill lands
  const dir = tempDir();
  const args = [dir, sandbox.host, sandbox.callLogUrl, sandbox.apiKey, String(N)];

  const first = run(['log', ...args]);
  let out = '';
  first.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor('the burst to be logged', () => out.includes('logged'), 30_000);
  await waitFor('some calls to reach the sandbox', () => sandbox!.calls().length >= 12, 30_000);
  first.kill('SIGKILL');
  await once(first, 'exit');
  const atKill = sandbox.calls().length;
  expect(atKill).toBeLessThan(N); // the kill really was mid-burst

  const second = run(['drain', ...args]);
  let summary = '';
  second.stdout.on('data', (d: Buffer) => (summary += d.toString()));
  const [code] = (await once(second, 'exit')) as [number];
  expect(code).toBe(0);
  const result = JSON.parse(summary.trim()) as { total: number; states: string[]; recovered: number };

  expect(result.total).toBe(N); // nothing lost
  expect(result.states.every((s) => s === 'success')).toBe(true);
  const calls = sandbox.calls();
  const bySession = new Map<string, number>();
  for (const c of calls) bySession.set(c.callSessionId!, (bySession.get(c.callSessionId!) ?? 0) + 1);
  expect(bySession.size).toBe(N);
  expect([...bySession.values()].every((n) => n === 1)).toBe(true); // exactly one call log per session
  // Only calls that were on the wire at the kill were posted again (and deduplicated by CallSessionId).
  const reposts = calls.reduce((n, c) => n + c.submitCount - 1, 0);
  console.info(`crash test: ${atKill}/${N} in the sandbox at the kill, ${result.recovered} recovered from "sending", ${reposts} re-posted`);
  expect(reposts).toBeLessThanOrEqual(result.recovered);
}, 90_000);
