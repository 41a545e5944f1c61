// How the browser host opens the app without putting its token on a command
// line (which every user of the computer can read, e.g. in /proc/PID/cmdline):
// the URL with the token goes into an owner-only launch file in the private data
// directory, and the browser is started with that file's path. The file
// forwards to the app and is deleted once the app has used the token.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { LAUNCH_FILE } from '../core/private-dir';
import { writePrivate } from '../core/vault';

export { LAUNCH_FILE };

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Writes the launch file (0600) into `dataDir`; returns its path. */
export function writeLaunchFile(dataDir: string, appUrl: string): string {
  const file = join(dataDir, LAUNCH_FILE);
  const url = escapeHtml(appUrl);
  writePrivate(
    file,
    [
      '<!doctype html>',
      '<meta charset="utf-8">',
      '<meta name="referrer" content="no-referrer">',
      `<meta http-equiv="refresh" content="0;url=${url}">`,
      '<title>Call Log for LeadSquared</title>',
      `<p><a href="${url}">Open Call Log for LeadSquared</a></p>`,
      '',
    ].join('\n'),
  );
  return file;
}

export function removeLaunchFile(file: string): void {
  rmSync(file, { force: true });
}

/** The command that opens `target` (a file path) in the default browser. */
export function browserCommand(target: string, platform: NodeJS.Platform = process.platform): [string, string[]] {
  if (platform === 'darwin') return ['open', [target]];
  if (platform === 'win32') return ['cmd', ['/c', 'start', '', target]];
  return ['xdg-open', [target]];
}
