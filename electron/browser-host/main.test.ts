// `npm start` where Electron is missing runs this entry point: on a first run the built-in
// sandbox serves the app, and the terminal says once how to reach its admin routes (faults,
// logged calls) with this run's token, which goes nowhere else: not the log, not the data dir.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_HEADER } from '../sandbox/server';
import { freshTeamDatabase } from '../../test/support/team';
import { useTempDirs } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';

const tempDir = useTempDirs();
const built = existsSync(fileURLToPath(new URL('../../dist/renderer/index.html', import.meta.url)));
if (!built) console.info('browser host start test skipped: dist/renderer is not built (run `npm run build:renderer`; `npm test` does)');
if (process.platform !== 'linux') console.info(`browser host start test skipped on ${process.platform}: the child is kept off the OS keyring by a D-Bus address that answers nothing, which only Linux's keyring goes through`);

const ADMIN_LINE = /^Built-in sandbox admin \(faults, logged calls\): (http:\/\/127\.0\.0\.1:\d+)\/__sandbox\/state with header x-sandbox-admin-token: (\S+)$/m;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** main.ts in a child process of its own, as `npm start` runs it; its output so far and its exit. */
function startMain(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./main.ts', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CALLLOG_DATA_DIR: dataDir, BROWSER: 'none', PORT: '', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
  });
  const io = { out: '', err: '' };
  child.stdout.on('data', (d: Buffer) => (io.out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (io.err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, io, exited };
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

  // Ctrl+C in `npm start`'s terminal reaches the app several times at once (the terminal's, npm's
  // and start.mjs's forwarded copies), and when-exit raises a signal again after its own cleanup:
  // none of them may cut the close short, or the floor is not told this desktop signed off and its
  // calls still In-Queue wait three minutes for a watcher.
  it.each([
    ['one SIGTERM', ['SIGTERM']],
    ['Ctrl+C under npm start (SIGINT three times at once)', ['SIGINT', 'SIGINT', 'SIGINT']],
  ] as const)('closes cleanly on %s: exit code 0, signed off in the team database', async (_name, signals) => {
    const db = await freshTeamDatabase();
    const { child, io, exited } = startMain(tempDir());
    try {
      await waitFor('the browser host to print its URL', () => /Open (http\S+)/.test(io.out) || child.exitCode !== null, 30_000);
      const [, origin, token] = /Open (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(io.out) ?? [];
      expect(origin, `stdout:\n${io.out}\nstderr:\n${io.err}`).toBeDefined();
      const res = await fetch(`${origin}/api/setTeamDatabase`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-calllog-token': token!, origin: origin! },
        body: JSON.stringify({ url: db.url }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      await waitFor('the desktop registered in the team database', async () => (await db.sql('SELECT 1 FROM calllog.desktops')).rowCount === 1);

      for (const sig of signals) child.kill(sig);
      expect(await exited, `stderr:\n${io.err}`).toBe(0);
      const row = (await db.sql('SELECT signed_off_at FROM calllog.desktops')).rows[0] as { signed_off_at: Date | null };
      expect(row.signed_off_at).not.toBeNull();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    }
  }, 60_000);
});
