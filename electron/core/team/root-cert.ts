// The certificate file a connection string names in sslrootcert. It is read on
// main's thread, on every connect and reconnect, from a string anyone may paste
// or a policy file sets, so only a small regular file on this computer is read:
// a FIFO or /dev/stdin would block main until something wrote to it, /dev/zero
// would fill memory, and on Windows a \\server\share path makes the PC sign in
// to that server (handing it the user's NTLM hash) before any file is read.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, win32 } from 'node:path';

/** A CA bundle is a few KB; a system's whole store is under 300 KB. */
export const MAX_ROOT_CERT_BYTES = 1024 * 1024;

export type RootCert = { ok: true; pem: string } | { ok: false; problem: string };

const shown = (file: string) => file.slice(0, 120);

const tooBig = (file: string, bytes: number) =>
  `the certificate file in sslrootcert is ${(bytes / 1024 / 1024).toFixed(1)} MB, more than a CA certificate can be (at most 1 MB): check the path (${shown(file)})`;

function notAFile(file: string, st: Stats): string | null {
  if (st.isDirectory()) return `sslrootcert names a folder, not a certificate file (${shown(file)})`;
  if (!st.isFile()) return `sslrootcert is not an ordinary file (a pipe or a device?): give the path of the certificate file itself (${shown(file)})`;
  return st.size > MAX_ROOT_CERT_BYTES ? tooBig(file, st.size) : null;
}

/** Up to buf.length bytes, or to the end of the file. */
function readUpTo(fd: number, buf: Buffer): number {
  let n = 0;
  while (n < buf.length) {
    const got = readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) break;
    n += got;
  }
  return n;
}

export function readRootCert(file: string, platform: NodeJS.Platform = process.platform): RootCert {
  // Two slashes either way first: \\server\share, \\?\ and \\.\ (devices), and //server/share as Windows reads it.
  if (/^[\\/]{2}/.test(file)) {
    return { ok: false, problem: `sslrootcert must be a file on this computer, not a network share or device path (${shown(file)}): copy the certificate here and give its full path` };
  }
  if (!(platform === 'win32' ? win32.isAbsolute(file) : isAbsolute(file))) {
    return { ok: false, problem: `sslrootcert must be the full path of the certificate file, such as C:\\certs\\ca.pem or /etc/ssl/certs/ca.pem (${shown(file)})` };
  }
  const unreadable: RootCert = { ok: false, problem: `the certificate file in sslrootcert cannot be read (${shown(file)})` };
  // Looked at before it is opened: opening a FIFO blocks until a writer comes, and opening a device may act on it.
  let st: Stats;
  try {
    st = statSync(file);
  } catch {
    return unreadable;
  }
  const before = notAFile(file, st);
  if (before) return { ok: false, problem: before };
  let fd: number;
  try {
    // Non-blocking, and asked again of what was opened: the path may have been swapped for a FIFO since.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return unreadable;
  }
  try {
    const opened = notAFile(file, fstatSync(fd));
    if (opened) return { ok: false, problem: opened };
    // One byte more than allowed: a file that grew since it was looked at is refused, not cut short.
    const buf = Buffer.alloc(MAX_ROOT_CERT_BYTES + 1);
    const n = readUpTo(fd, buf);
    if (n > MAX_ROOT_CERT_BYTES) return { ok: false, problem: tooBig(file, n) };
    return { ok: true, pem: buf.subarray(0, n).toString('utf8') };
  } catch {
    return unreadable;
  } finally {
    closeSync(fd);
  }
}
