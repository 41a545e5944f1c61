// "Is it safe to uninstall?": how many calls on this computer have not reached
// LeadSquared yet. Read-only and without starting anything, so the Windows
// uninstaller (and IT's scripts) can ask the installed app before removing it.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UNSENT_STATES } from '../../../shared/entry';
import { bindingOption, type SqliteOptions } from './db';

/** Waiting to be sent, being sent, or paused: lost if the data folder is deleted. */
export const NOT_DELIVERED = [...UNSENT_STATES, 'sending'] as const;

/** Exit code of `--outbox-status` when calls are waiting (0 = nothing waiting). */
export const EXIT_UNSENT = 3;

export function countUnsent(dataDir: string, opts: SqliteOptions = {}): number {
  const file = join(dataDir, 'calls.sqlite');
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true, ...bindingOption(opts) });
  try {
    // IT may point an administrator's --outbox-status at an agent's folder (docs/install.md): the
    // file is the agent's, so nothing its schema defines runs here, and only the app's own table
    // (a view named entries could make the count anything, or never end) is counted.
    db.pragma('trusted_schema = OFF');
    const kind = db.prepare("SELECT type FROM sqlite_master WHERE name = 'entries' COLLATE NOCASE").all() as { type: string }[];
    if (kind.length !== 1 || kind[0]?.type !== 'table') throw new Error('its calls table is not the one Call Log makes');
    const marks = NOT_DELIVERED.map(() => '?').join(', ');
    // Test calls logged for the built-in sandbox never go to LeadSquared: nothing is lost with them.
    // (An outbox from before calls had a target has no such column: every call counts.)
    const targeted = (db.prepare('PRAGMA table_info(entries)').all() as { name: string }[]).some((c) => c.name === 'target');
    const notSandbox = targeted ? ` AND target IS NOT 'sandbox'` : '';
    return (db.prepare(`SELECT COUNT(*) AS n FROM entries WHERE state IN (${marks})${notSandbox}`).get(...NOT_DELIVERED) as { n: number }).n;
  } finally {
    db.close();
  }
}

export function outboxStatusLine(n: number): string {
  return n === 0
    ? 'Outbox empty: every call on this computer reached LeadSquared.'
    : `${n === 1 ? '1 call on this computer has' : `${n} calls on this computer have`} not reached LeadSquared yet. Open Call Log and let them send (or export them) before uninstalling.`;
}
