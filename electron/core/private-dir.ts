// The data directory holds customers' phone numbers and notes and the encrypted
// key, on PCs shared between shifts: owner-only. New files are created 0600
// (SQLite gives its WAL and SHM files the database file's mode), and start-up
// tightens what an older version left readable. Only what the app itself keeps
// there is touched: CALLLOG_DATA_DIR may name a folder that also holds the
// user's own files (a home folder, a shared drive), whose permissions are theirs.
// On Windows the data directory sits in the user's own profile, whose ACL
// already keeps other users out.
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const POSIX = process.platform !== 'win32';

/** The browser host's launch file (the URL with its token), written here and deleted once used. */
export const LAUNCH_FILE = 'open-call-log.html';

/** Files the app writes at the top of the data directory. */
const OWN_FILES = new Set([
  'calls.sqlite',
  'calls.sqlite-wal',
  'calls.sqlite-shm',
  'calls.sqlite-journal',
  'settings.json',
  'api-key.json',
  'vault.key',
  'team-db.json',
  'policy-applied.json',
  'outbox-status.json', // --outbox-status's answer for IT (electron/desktop/outbox-status.ts)
  LAUNCH_FILE,
]);
/** The app's own folders (the log, exported diagnostics and transfer files): everything in them is its. */
const OWN_FOLDERS = new Set(['logs', 'diagnostics', 'transfer']);
/** A settings file kept aside because it could not be read; a private write's temp file left by a crash. */
const OWN_LEFTOVERS = [/^settings\.json\.bad-\d+$/, /^(?:api-key\.json|vault\.key|team-db\.json|open-call-log\.html)\.[0-9a-f]{12}\.tmp$/];

const isOwn = (name: string) => OWN_FILES.has(name) || OWN_FOLDERS.has(name) || OWN_LEFTOVERS.some((re) => re.test(name));

/** Removes group and other permissions from `path` and, for one of the app's folders, from everything under it. */
function tighten(path: string, recurse: boolean): void {
  let st;
  try {
    st = lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  // Symlinks (Chromium's Singleton* links under Electron) point elsewhere: not ours to change.
  if (st.isSymbolicLink()) return;
  if ((st.mode & 0o077) !== 0) chmodSync(path, st.mode & 0o700);
  if (recurse && st.isDirectory()) for (const name of readdirSync(path)) tighten(join(path, name), true);
}

/** Creates `dir` owner-only, or makes an existing one so, with the app's own files and folders in it. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!POSIX) return;
  tighten(dir, false);
  for (const name of readdirSync(dir)) if (isOwn(name)) tighten(join(dir, name), true);
}

/** Creates one of the app's own folders in the data directory owner-only, or makes it so with what is in it. */
export function makePrivateFolder(dataDir: string, folder: string): string {
  // Start-up tightens only the folders named above: one missing there would stay as loose as it was made.
  if (!OWN_FOLDERS.has(folder)) throw new Error(`${folder} is not one of the app's folders`);
  const path = join(dataDir, folder);
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (POSIX) tighten(path, true);
  return path;
}

/** Creates `file` empty and owner-only if it does not exist yet (so whatever opens it next inherits 0600). */
export function createPrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  if (POSIX) chmodSync(file, 0o600);
}
