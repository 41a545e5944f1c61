// `--outbox-status` asked of real data dirs: the exit code the uninstaller
// tests for, and the same answer in the log and in outbox-status.json, which is
// all IT sees on Windows (a GUI program's console output goes nowhere). The last
// test runs the built main bundle with the flag, against the shared electron mock.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { callInput, openEngine } from '../../test/support/engine';
import { useTempDirs } from '../../test/support/temp-dir';
import { EXIT_UNSENT } from '../core/outbox/unsent';
import { EXIT_UNKNOWN, OUTBOX_STATUS_FILE, reportOutboxStatus } from './outbox-status';

const tempDir = useTempDirs();
const root = fileURLToPath(new URL('../..', import.meta.url));

/** A data dir whose outbox holds `n` calls that cannot send (no API key). */
async function dataDirWithUnsent(n: number): Promise<string> {
  const dir = tempDir();
  const engine = await openEngine(dir, { key: null });
  for (let i = 0; i < n; i++) engine.svc.logCall(callInput());
  await engine.close();
  return dir;
}

const statusFile = (dir: string) => JSON.parse(readFileSync(join(dir, OUTBOX_STATUS_FILE), 'utf8'));
const logText = (dir: string) => readFileSync(join(dir, 'logs', 'calllog.log'), 'utf8');

describe('reportOutboxStatus', () => {
  it('calls waiting: exit code 3, and the count in the log and in outbox-status.json', async () => {
    const dir = await dataDirWithUnsent(2);
    const printed: string[] = [];
    const status = reportOutboxStatus(dir, { print: (l) => printed.push(l) });
    expect(status).toMatchObject({ unsent: 2, exitCode: EXIT_UNSENT });
    expect(EXIT_UNSENT).toBe(3);
    expect(printed).toEqual(['2 calls on this computer have not reached LeadSquared yet. Open Call Log and let them send (or export them) before uninstalling.']);
    expect(statusFile(dir)).toEqual({ checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), dataDir: dir, unsent: 2, exitCode: 3, message: printed[0] });
    expect(logText(dir)).toMatch(/\[warn\]\s+\[outbox-status\] --outbox-status: 2 calls on this computer have not reached LeadSquared yet\..* \(exit code 3\)/);
    if (process.platform !== 'win32') expect(statSync(join(dir, OUTBOX_STATUS_FILE)).mode & 0o777).toBe(0o600);
  });

  it('a data folder with no database yet: exit code 0, written down the same way', () => {
    const dir = join(tempDir(), 'Call Log for LeadSquared');
    const status = reportOutboxStatus(dir, { print: () => {} });
    expect(status).toMatchObject({ unsent: 0, exitCode: 0 });
    expect(statusFile(dir)).toMatchObject({ unsent: 0, exitCode: 0, message: expect.stringMatching(/^Outbox empty/) });
    expect(logText(dir)).toMatch(/\[info\]\s+\[outbox-status\] --outbox-status: Outbox empty.* \(exit code 0\)/);
  });

  it('an outbox that cannot be read is "not known", never "empty"', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'calls.sqlite'), 'this is not a SQLite database, it only has the name of one');
    const status = reportOutboxStatus(dir, { print: () => {} });
    expect(status.exitCode).toBe(EXIT_UNKNOWN);
    expect(status.exitCode).not.toBe(0);
    expect(statusFile(dir)).toMatchObject({ unsent: null, exitCode: EXIT_UNKNOWN, message: expect.stringContaining('could not be read') });
  });

  it('opens the outbox with the SQLite addon it is given (an unpackaged Electron run has its own build)', async () => {
    const dir = await dataDirWithUnsent(1);
    const status = reportOutboxStatus(dir, { print: () => {}, sqlite: { nativeBinding: join(dir, 'no-such-addon.node') } });
    expect(status).toMatchObject({ unsent: null, exitCode: EXIT_UNKNOWN });
  });

  it('the answer stands when it cannot be written down', async () => {
    const dir = await dataDirWithUnsent(1);
    mkdirSync(join(dir, OUTBOX_STATUS_FILE)); // a folder where the file should go
    expect(reportOutboxStatus(dir, { print: () => {} }).exitCode).toBe(EXIT_UNSENT);
  });
});

describe('the built app with --outbox-status', () => {
  const out = join(root, 'node_modules', '.cache', `calllog-outbox-status-${process.pid}`);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('exits with the code for the outbox, writes the answer down and opens no window', async () => {
    execFileSync(process.execPath, ['scripts/build-electron.mjs', out], { cwd: root, stdio: 'pipe' });
    const run = (userData: string) =>
      JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', '--import', './test/support/outbox-status-smoke.mjs', join(out, 'main.mjs'), '--outbox-status'], {
          cwd: root,
          env: { ...process.env, CALLLOG_SMOKE_USERDATA: userData },
          timeout: 25_000,
          encoding: 'utf8',
        })
          .trim()
          .split('\n')
          .at(-1)!,
      );
    const waiting = await dataDirWithUnsent(3);
    expect(run(waiting)).toEqual({ exitCode: 3, windows: 0, ipcHandlers: 0 });
    expect(statusFile(waiting)).toMatchObject({ unsent: 3, exitCode: 3 });

    const fresh = join(tempDir(), 'fresh');
    mkdirSync(fresh);
    expect(run(fresh)).toEqual({ exitCode: 0, windows: 0, ipcHandlers: 0 });
    expect(existsSync(join(fresh, 'calls.sqlite'))).toBe(false); // asking created no outbox
  });
});
