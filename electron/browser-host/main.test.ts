// `npm start` where Electron is missing runs this entry point: on a first run the built-in
// sandbox serves the app, and the terminal says once how to reach its admin routes (faults,
// logged calls) with this run's token, which goes nowhere else: not the log, not the data dir.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_HEADER } from '../sandbox/server';
import { useTempDirs } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';

const tempDir = useTempDirs();
const built = existsSync(fileURLToPath(new URL('../../dist/renderer/index.html', import.meta.url)));
if (!built) console.info('browser host start test skipped: dist/renderer is not built (run `npm run build:renderer`; `npm test` does)');

const ADMIN_LINE = /^Built-in sandbox admin \(faults, logged calls\): (http:\/\/127\.0\.0\.1:\d+)\/__sandbox\/state with header x-sandbox-admin-token: (\S+)$/m;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

// Linux only: the child is kept off this machine's keyring by a D-Bus address that answers nothing.
describe.skipIf(!built || process.platform !== 'linux')('npm run start:browser', () => {
  it('prints the built-in sandbox admin URL and token once; they work, and the token is in no file', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./main.ts', import.meta.url))], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CALLLOG_DATA_DIR: dataDir, BROWSER: 'none', PORT: '', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await waitFor('the browser host to print its URL', () => out.includes('Open http') || child.exitCode !== null, 30_000);
      const [, sandboxUrl, token] = ADMIN_LINE.exec(out) ?? [];
      expect(sandboxUrl, `stdout:\n${out}\nstderr:\n${err}`).toBeDefined();
      expect(out.match(new RegExp(ADMIN_LINE.source, 'gm'))).toHaveLength(1);

      const state = await fetch(`${sandboxUrl}/__sandbox/state`, { headers: { [ADMIN_TOKEN_HEADER]: token! } });
      expect(state.status).toBe(200);
      expect((await fetch(`${sandboxUrl}/__sandbox/state`)).status).toBe(401);

      expect(err).not.toContain(token);
      for (const file of filesUnder(dataDir)) expect(readFileSync(file).includes(token!), file).toBe(false);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
