// `npm run start:browser`: the app for a browser, where Electron is not installed.
// Env: CALLLOG_DATA_DIR (settings, SQLite, key file), PORT (default: a free one),
// BROWSER=none to only print the URL.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInSandbox } from '../sandbox-provider';
import { adminHowTo } from '../sandbox/server';
import { startBrowserApp } from './app';
import { browserCommand, removeLaunchFile, writeLaunchFile } from './launch-file';

function defaultDataDir(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'leadsquared-call-log');
}

/** Opens the launch file, never the URL itself: the token must not appear on a command line. */
function openBrowser(launchFile: string): void {
  const [cmd, args] = browserCommand(launchFile);
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write('Could not open a browser; open the URL above by hand.\n'));
  child.unref();
}

const dataDir = resolve(process.env.CALLLOG_DATA_DIR || defaultDataDir());
const rendererDir = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
if (!existsSync(join(rendererDir, 'index.html'))) {
  process.stderr.write('The renderer is not built yet: run `npm run build:renderer` first.\n');
  process.exit(1);
}
const port = process.env.PORT ? Number(process.env.PORT) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`PORT must be a port number (got "${process.env.PORT}")\n`);
  process.exit(1);
}

let launchFile: string | null = null;
// Logs go to <data dir>/logs (redacted) and to the terminal.
const { service, host, close } = await startBrowserApp({
  dataDir,
  rendererDir,
  port,
  console: true,
  // For a developer or trainer injecting faults: stdout (this user's terminal) only, never the log
  // file, which diagnostics exports carry.
  sandbox: builtInSandbox(undefined, (s) => process.stdout.write(`Built-in sandbox admin (faults, logged calls): ${adminHowTo(s)}\n`)),
  // The page has the token now: the file holding it has done its job.
  onFirstAuthorized: () => launchFile && removeLaunchFile(launchFile),
});
const info = service.connectionInfo();
// stdout is this user's terminal: printing the URL there shows it to no one else.
process.stdout.write(`Open ${host.url}\n`);
if (info.mode === 'sandbox') process.stderr.write('No LeadSquared account configured: calls go to the built-in sandbox (see Settings).\n');
if (process.env.BROWSER !== 'none') {
  launchFile = writeLaunchFile(dataDir, host.url);
  openBrowser(launchFile);
}

// A signal closes the app as quitting does: the team database hears that this desktop signed off
// (a few seconds at most), so its calls still In-Queue are followed at once. One Ctrl+C or one kill
// arrives as several signals together: the terminal's, those npm and `npm start` forward, and the
// same signal raised again by when-exit (conf's atomic writes hook it). Only one sent later, by
// someone tired of waiting, means "now".
const QUIT_NOW_AFTER_MS = 2000;
let stoppingSince: number | null = null;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stoppingSince !== null) {
      if (Date.now() - stoppingSince >= QUIT_NOW_AFTER_MS) process.exit(1);
      return;
    }
    stoppingSince = Date.now();
    if (launchFile) removeLaunchFile(launchFile);
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`Closing failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  });
}
