// The data directory holds customers' phone numbers and notes and the encrypted
// key, on PCs shared between shifts: owner-only. New files are created 0600
// (SQLite gives its WAL and SHM files the database file's mode), and start-up
// tightens what an older version left readable. On Windows the data directory
// sits in the user's own profile, whose ACL already keeps other users out.
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const POSIX = process.platform !== 'win32';

/** Removes group and other permissions from `path` and, for a directory, from everything under it. */
function tighten(path: string): void {
  const st = lstatSync(path);
  // Symlinks (Chromium's Singleton* links under Electron) point elsewhere: not ours to change.
  if (st.isSymbolicLink()) return;
  if ((st.mode & 0o077) !== 0) chmodSync(path, st.mode & 0o700);
  if (st.isDirectory()) for (const name of readdirSync(path)) tighten(join(path, name));
}

/** Creates `dir` owner-only, or makes an existing one so, with everything in it. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX) tighten(dir);
}

/** Creates `file` empty and owner-only if it does not exist yet (so whatever opens it next inherits 0600). */
export function createPrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  if (POSIX) chmodSync(file, 0o600);
}
