// What the support features (diagnostics, moving to a new PC) need from the
// host they run in: where the logs are, what versions run, and how a file is
// saved: Electron asks with its save dialog; without one, files go into the
// data dir and the page says where.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makePrivateFolder } from './private-dir';

export interface SaveKind {
  name: string;
  extension: string;
}

export interface HostSupport {
  /** The log folder (<data dir>/logs). */
  logDir: string;
  /** Host, app and runtime versions, for diagnostics. */
  about: () => Record<string, string>;
  /** A save dialog (null = cancelled); absent: <data dir>/<folder>/<suggested>. */
  choosePath?: (suggested: string, kind: SaveKind) => Promise<string | null>;
}

export interface SavedFile {
  saved: boolean;
  path: string | null;
}

/** Writes `bytes` where the host says (readable by this user only); nothing when the agent cancels. */
export async function saveFile(host: HostSupport, dataDir: string, folder: string, name: string, kind: SaveKind, bytes: () => Uint8Array | string): Promise<SavedFile> {
  const path = host.choosePath ? await host.choosePath(name, kind) : join(dataDir, folder, name);
  if (!path) return { saved: false, path: null };
  // Into the data dir, the folder is the app's and as private as the rest of it; a
  // folder the agent picked in the save dialog keeps the permissions it has.
  if (host.choosePath) mkdirSync(dirname(path), { recursive: true });
  else makePrivateFolder(dataDir, folder);
  writeFileSync(path, bytes(), { mode: 0o600 });
  return { saved: true, path };
}

/** A file name stamp: 2026-11-30T14-37-40Z. */
export const fileStamp = (now = new Date()) => now.toISOString().replace(/[:.]/g, '-').replace(/-\d\d\dZ$/, 'Z');
