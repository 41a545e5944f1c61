// Moving an agent to a new PC: one file with the settings and the calls that
// have not reached LeadSquared yet. Never the API key: it is not in the file
// at all (the new PC's keychain cannot read the old one's ciphertext anyway),
// so the agent enters it again. Exporting pauses the moved calls on the old PC,
// so the two computers never both send them.
import { z } from 'zod';
import { callInputSchema, callLogPayloadSchema } from '../../shared/call-log';
import { UNSENT_STATES, type EntryState } from '../../shared/entry';
import { AppError } from '../../shared/errors';
import { SETTINGS_LABELS, settingsSchema, type Settings, type SettingsField } from '../../shared/settings';
import type { ConnectionResolver } from './connection';
import { fileStamp, saveFile, type HostSupport } from './host-support';
import type { Db } from './outbox/db';
import type { Entries } from './outbox/entries';

const KIND = 'calllog-transfer';
const VERSION = 1;
export const MOVED_NOTE = 'Moved to another computer (export file); not sent from here unless resumed';

const fileSchema = z.object({
  kind: z.literal(KIND, { error: 'This is not a Call Log transfer file' }),
  version: z.literal(VERSION, { error: 'This transfer file comes from a newer Call Log: update this one first' }),
  exportedAt: z.string(),
  settings: z.record(z.string(), z.unknown()),
  calls: z.array(
    z.object({
      payload: callLogPayloadSchema,
      input: callInputSchema.nullable(),
      source: z.enum(['form', 'import']),
      startAt: z.number().int(),
    }),
  ),
});
type TransferFile = z.input<typeof fileSchema>;

export interface TransferDeps {
  db: Db;
  entries: Entries;
  settings(): Settings;
  /** The service's own update: it starts or stops the sandbox and re-checks the connection. */
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
  connection: ConnectionResolver;
  dataDir: string;
  wakeSender(): void;
}

export interface TransferExport {
  saved: boolean;
  path: string | null;
  calls: number;
  message: string;
}

export interface TransferImport {
  calls: number;
  duplicates: number;
  settings: SettingsField[];
  /** Fields kept as they are here: locked by IT's policy, or not valid. */
  skipped: string[];
  message: string;
}

interface Row {
  id: number;
  payload: string;
  input: string | null;
  source: 'form' | 'import';
  start_at: number;
}

export class TransferTools {
  constructor(private readonly d: TransferDeps) {}

  async exportFile(host: HostSupport): Promise<TransferExport> {
    const marks = UNSENT_STATES.map(() => '?').join(', ');
    const rows = this.d.db.prepare(`SELECT id, payload, input, source, start_at FROM entries WHERE state IN (${marks}) ORDER BY id`).all(...UNSENT_STATES) as Row[];
    const file: TransferFile = {
      kind: KIND,
      version: VERSION,
      exportedAt: new Date().toISOString(),
      settings: this.d.settings(),
      calls: rows.map((r) => ({ payload: JSON.parse(r.payload), input: r.input ? JSON.parse(r.input) : null, source: r.source, startAt: r.start_at })),
    };
    const name = `calllog-transfer-${fileStamp()}.json`;
    const out = await saveFile(host, this.d.dataDir, 'transfer', name, { name: 'Call Log transfer', extension: 'json' }, () => JSON.stringify(file, null, 1));
    if (!out.saved) return { ...out, calls: 0, message: 'Nothing exported' };
    this.d.entries.transitionMany(
      rows.map((r) => r.id),
      UNSENT_STATES,
      'paused',
      {},
      MOVED_NOTE,
    );
    const sending = this.d.entries.countByState().sending ?? 0;
    const calls = `${rows.length} unsent call${rows.length === 1 ? '' : 's'}`;
    return {
      ...out,
      calls: rows.length,
      message: `Saved ${calls} and your settings to ${out.path} (no API key). They are paused here${sending ? `; ${sending} being sent right now finish from this computer` : ''}.`,
    };
  }

  /** Settings first (what IT locked stays), then the calls, queued with their own CallSessionIds. */
  async importFile(fileName: string, text: string): Promise<TransferImport> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError('invalid_input', `${fileName} is not a Call Log transfer file (not JSON)`, 'text');
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AppError('invalid_input', `${fileName}: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`, 'text');
    }
    const applied: SettingsField[] = [];
    const skipped: string[] = [];
    for (const [key, value] of Object.entries(parsed.data.settings)) {
      if (!(key in SETTINGS_LABELS) || !settingsSchema.shape[key as SettingsField].safeParse(value).success) continue;
      const field = key as SettingsField;
      if (JSON.stringify(this.d.settings()[field]) === JSON.stringify(value)) continue;
      try {
        await this.d.updateSettings({ [field]: value });
        applied.push(field);
      } catch (err) {
        skipped.push(`${SETTINGS_LABELS[field]}: ${(err as Error).message}`);
      }
    }
    const conn = this.d.connection.current();
    const state: EntryState = conn.kind === 'ready' ? 'queued' : conn.state;
    const fresh = parsed.data.calls.filter((c) => !this.d.entries.hasSession(c.payload.CallSessionId));
    this.d.entries.insertMany(
      fresh.map((c) => ({ payload: c.payload, input: c.input, source: c.source, state, startAt: c.startAt })),
      `Moved from another computer (${fileName.slice(0, 100)})`,
    );
    this.d.wakeSender();
    const duplicates = parsed.data.calls.length - fresh.length;
    return {
      calls: fresh.length,
      duplicates,
      settings: applied,
      skipped,
      message: `Imported ${fresh.length} call${fresh.length === 1 ? '' : 's'}${duplicates ? ` (${duplicates} already here)` : ''} and ${applied.length} setting${applied.length === 1 ? '' : 's'}. Enter the API key in Settings if it is not saved on this computer.`,
    };
  }
}
