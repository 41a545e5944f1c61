// Moving an agent to a new PC: one file with the settings and the calls that
// have not reached LeadSquared yet. Never the API key: it is not in the file
// at all (the new PC's keychain cannot read the old one's ciphertext anyway),
// so the agent enters it again. Nor where the key may go: the file can come from
// anyone, so a host outside LeadSquared and the host trust are confirmed in
// Settings on the new PC. Exporting pauses the moved calls on the old PC,
// so the two computers never both send them.
import { z } from 'zod';
import { callInputSchema, callLogPayloadSchema } from '../../shared/call-log';
import { UNSENT_STATES } from '../../shared/entry';
import { AppError } from '../../shared/errors';
import { isLeadSquaredHost, SETTINGS_LABELS, settingsSchema, type Settings, type SettingsField } from '../../shared/settings';
import { savedState, type ConnectionResolver } from './connection';
import { fileStamp, saveFile, type HostSupport } from './host-support';
import type { Db } from './outbox/db';
import type { Entries, Target } from './outbox/entries';

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
      // Where the call goes (sandbox or the account), kept across the move. Files from before
      // it have none: those calls are for this PC's mode once the file's settings are applied.
      // Older apps ignore the field, so the file's version stays 1.
      target: z.enum(['sandbox', 'leadsquared']).optional(),
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
  /** Fields kept as they are here, each with why: locked by IT's policy, not valid, or where the key may go (confirmed in Settings). */
  skipped: string[];
  message: string;
}

interface Row {
  id: number;
  payload: string;
  input: string | null;
  source: 'form' | 'import';
  start_at: number;
  target: Target;
}

export class TransferTools {
  constructor(private readonly d: TransferDeps) {}

  async exportFile(host: HostSupport): Promise<TransferExport> {
    const marks = UNSENT_STATES.map(() => '?').join(', ');
    const rows = this.d.db.prepare(`SELECT id, payload, input, source, start_at, target FROM entries WHERE state IN (${marks}) ORDER BY id`).all(...UNSENT_STATES) as Row[];
    const file: TransferFile = {
      kind: KIND,
      version: VERSION,
      exportedAt: new Date().toISOString(),
      settings: this.d.settings(),
      calls: rows.map((r) => ({ payload: JSON.parse(r.payload), input: r.input ? JSON.parse(r.input) : null, source: r.source, startAt: r.start_at, target: r.target })),
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
    const { patch, skipped } = this.settingsFrom(parsed.data.settings);
    await this.applyAsOnePatch(patch, skipped);
    const now = this.d.settings();
    const applied = (Object.keys(patch) as SettingsField[]).filter((f) => JSON.stringify(now[f]) === JSON.stringify(patch[f]));
    const conn = this.d.connection.current();
    const fresh = parsed.data.calls.filter((c) => !this.d.entries.hasSession(c.payload.CallSessionId));
    this.d.entries.insertMany(
      fresh.map((c) => {
        const target = c.target ?? conn.target;
        return { payload: c.payload, input: c.input, source: c.source, target, startAt: c.startAt, ...savedState(conn, target) };
      }),
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

  /**
   * The file's settings that differ from this computer's, as parsed values. Where the
   * API key may go is never taken from a file: the host trust is the agent's own
   * confirmation on this computer, and an Async API host outside LeadSquared would
   * otherwise receive the key the agent pastes next (the file may come from anyone).
   */
  private settingsFrom(fromFile: Record<string, unknown>): { patch: Partial<Settings>; skipped: string[] } {
    const here = this.d.settings();
    const patch: Record<string, unknown> = {};
    const skipped: string[] = [];
    for (const [key, value] of Object.entries(fromFile)) {
      if (!(key in SETTINGS_LABELS)) continue;
      const field = key as SettingsField;
      const parsed = settingsSchema.shape[field].safeParse(value);
      if (!parsed.success || JSON.stringify(here[field]) === JSON.stringify(parsed.data)) continue;
      if (field === 'trustedHost') {
        if (parsed.data !== '') {
          skipped.push(`${SETTINGS_LABELS.trustedHost}: a file cannot confirm a host for your API key; tick it in Settings on this computer if your key may really go to ${parsed.data}`);
        }
        continue;
      }
      if (field === 'asyncHost' && parsed.data !== '' && !isLeadSquaredHost(parsed.data as string)) {
        skipped.push(
          `${SETTINGS_LABELS.asyncHost}: ${parsed.data} is not a LeadSquared host, so it was not taken from the file; enter it in Settings and confirm it there if your API key may really go there`,
        );
        continue;
      }
      patch[field] = parsed.data;
    }
    return { patch: patch as Partial<Settings>, skipped };
  }

  /**
   * One update, so the result is checked as a whole (never a half-applied file whose
   * order decided what passed). A field the service refuses (locked by IT, or not valid
   * with the rest) is named in `skipped` and the others are tried again without it.
   */
  private async applyAsOnePatch(patch: Partial<Settings>, skipped: string[]): Promise<void> {
    const left: Record<string, unknown> = { ...patch };
    while (Object.keys(left).length > 0) {
      try {
        await this.d.updateSettings(left);
        return;
      } catch (err) {
        const field = err instanceof AppError ? err.field : null;
        if (field === null || !(field in left)) {
          skipped.push(`${field && field in SETTINGS_LABELS ? SETTINGS_LABELS[field as SettingsField] : 'Settings'}: ${(err as Error).message}`);
          return;
        }
        skipped.push(`${SETTINGS_LABELS[field as SettingsField]}: ${(err as Error).message}`);
        delete left[field];
      }
    }
  }
}
