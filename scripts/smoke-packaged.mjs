// After `npm run dist` (release workflow): start the packaged app once, as IT's
// uninstall check does (`--outbox-status`), against a data folder holding one
// unsent call. Only a packaged build loads its ES-module main from app.asar
// under the fuses (asar integrity, only-from-asar), its externals from the
// asar, and better-sqlite3 rebuilt for Electron from app.asar.unpacked; the
// tests run none of that. Exit code 3 and "1 unsent" prove all of it loaded.
// Usage: node scripts/smoke-packaged.mjs [release-dir]   (Linux: under xvfb-run)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const release = resolve(process.argv[2] ?? 'release');
const product = 'Call Log for LeadSquared';

/** @returns {string} the unpacked app's executable electron-builder leaves beside the installers */
function packagedBinary() {
  if (process.platform === 'win32') return join(release, 'win-unpacked', `${product}.exe`);
  if (process.platform === 'darwin') {
    const dir = process.arch === 'arm64' ? 'mac-arm64' : 'mac';
    return join(release, dir, `${product}.app`, 'Contents', 'MacOS', product);
  }
  return join(release, 'linux-unpacked', 'leadsquared-call-log');
}

/** @param {string} msg */
function fail(msg) {
  console.error(`smoke-packaged: ${msg}`);
  process.exit(1);
}

const bin = packagedBinary();
if (!existsSync(bin)) fail(`no packaged app at ${bin} (run npm run dist first)`);

const dataDir = mkdtempSync(join(tmpdir(), 'calllog-smoke-'));
try {
  // One call waiting, written without the app (node_modules' better-sqlite3 is now built for
  // Electron, not for this Node): the table and column --outbox-status counts.
  const seed = "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE entries (state TEXT NOT NULL)'); c.execute(\"INSERT INTO entries VALUES ('queued')\"); c.commit()";
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!python) fail('python3 is needed to write the test outbox');
  const seeded = spawnSync(/** @type {string} */ (python), ['-c', seed, join(dataDir, 'calls.sqlite')], { stdio: 'inherit' });
  if (seeded.status !== 0) fail('could not write the test outbox');

  // spawnSync waits for a windowed (GUI) program too, and gets its exit code.
  const run = spawnSync(bin, ['--outbox-status'], { env: { ...process.env, CALLLOG_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 120_000 });
  const answerFile = join(dataDir, 'outbox-status.json');
  const answer = existsSync(answerFile) ? JSON.parse(readFileSync(answerFile, 'utf8')) : null;
  if (run.status !== 3 || answer?.unsent !== 1) {
    fail(
      `the packaged app answered exit code ${run.status ?? run.signal ?? run.error?.message} (want 3) and ${JSON.stringify(answer)} (want unsent 1)\n` +
        `stdout: ${run.stdout}\nstderr: ${run.stderr}`,
    );
  }
  console.log(`smoke-packaged: ${bin} started, read its outbox and answered: ${answer.message}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
