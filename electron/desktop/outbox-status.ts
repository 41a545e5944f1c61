// `--outbox-status`: "is it safe to uninstall?", asked by the Windows
// uninstaller and by IT. On Windows the app is a GUI program: a console shows
// none of its output and, without `start /wait`, not even its exit code. So the
// answer also goes into the app's log and into a small JSON file in the data
// folder, where IT (or a management tool's script) can read it afterwards.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLog } from '../core/logging';
import type { SqliteOptions } from '../core/outbox/db';
import { countUnsent, EXIT_UNSENT, outboxStatusLine } from '../core/outbox/unsent';
import { makePrivateDir } from '../core/private-dir';

export const OUTBOX_STATUS_FILE = 'outbox-status.json';

/** The outbox could not be read (a damaged or locked database): not known to be empty. */
export const EXIT_UNKNOWN = 1;

export interface OutboxStatus {
  checkedAt: string;
  dataDir: string;
  /** null when the outbox could not be read. */
  unsent: number | null;
  exitCode: number;
  message: string;
}

export interface OutboxStatusOptions {
  /** The better-sqlite3 addon for this runtime (an unpackaged Electron run has its own). */
  sqlite?: SqliteOptions;
  /** The console, where one is attached. */
  print?: (line: string) => void;
}

/** Counts, then reports to the console, the log and outbox-status.json. */
export function reportOutboxStatus(dataDir: string, opts: OutboxStatusOptions = {}): OutboxStatus {
  let status: OutboxStatus;
  try {
    const n = countUnsent(dataDir, opts.sqlite);
    status = { checkedAt: new Date().toISOString(), dataDir, unsent: n, exitCode: n === 0 ? 0 : EXIT_UNSENT, message: outboxStatusLine(n) };
  } catch (err) {
    const message = `The outbox in ${dataDir} could not be read (${(err as Error)?.message ?? String(err)}): whether calls are waiting is not known. Open Call Log to check.`;
    status = { checkedAt: new Date().toISOString(), dataDir, unsent: null, exitCode: EXIT_UNKNOWN, message };
  }
  (opts.print ?? console.log)(status.message);
  // Writing the answer down must never change it: a data folder that cannot be written is only logged on stderr.
  try {
    makePrivateDir(dataDir);
    writeFileSync(join(dataDir, OUTBOX_STATUS_FILE), `${JSON.stringify(status, null, 1)}\n`, { mode: 0o600 });
    const log = openLog({ dir: join(dataDir, 'logs'), host: 'outbox-status' });
    (status.exitCode === 0 ? log.info : log.warn)(`--outbox-status: ${status.message} (exit code ${status.exitCode})`);
  } catch (err) {
    console.error(`[calllog] --outbox-status could not write its answer to ${dataDir}: ${String(err)}`);
  }
  return status;
}
