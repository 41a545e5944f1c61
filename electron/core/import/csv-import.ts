// Bulk import of call logs from CSV (a dialer export, or calls logged on paper).
// Rows use the API's field names and UTC times; each is checked with the same
// schema as the form. Valid rows are queued in ONE transaction (all or none),
// so a file is never half-imported; CallSessionId makes re-importing safe.
import Papa from 'papaparse';
import { callLogPayloadSchema, PAYLOAD_FIELDS, type CallLogPayload } from '../../../shared/call-log';
import { futureStartProblem } from '../../../shared/start-time-limits';
import { fromApiTime, toApiTime } from '../../../shared/time-rule';
import { neutraliseRow, restoreCell } from '../csv-cells';

export const CSV_COLUMNS = PAYLOAD_FIELDS;
export const MAX_IMPORT_ROWS = 50_000;

export interface ImportReject {
  /** Line number in the file, counting the header as line 1. */
  line: number;
  reason: string;
  field: string | null;
  row: Record<string, string>;
}

export interface ImportDuplicate {
  line: number;
  callSessionId: string;
  /** Earlier in the same file, or logged on this computer before. */
  where: 'file' | 'here';
}

export interface ParsedImport {
  valid: { line: number; payload: CallLogPayload; startAt: number }[];
  rejects: ImportReject[];
  duplicates: ImportDuplicate[];
}

export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

const lower = new Map(CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));

/** Papa's key for the cells of a row beyond the header's columns (an array, not text). */
const PAPA_EXTRA = '__parsed_extra';

/**
 * A row as column name to text. Cells past the header's last column get names of
 * their own ("Extra value 1", ...) so the rejects file keeps them for the
 * supervisor to move, and the page gets text only.
 */
function textCells(row: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) if (k !== PAPA_EXTRA) out[k] = String(v ?? '');
  const extra = row[PAPA_EXTRA];
  if (extra === undefined) return out;
  let n = 1;
  for (const value of ([] as unknown[]).concat(extra)) {
    while (`Extra value ${n}` in out) n += 1;
    out[`Extra value ${n}`] = String(value ?? '');
  }
  return out;
}

/** Parses and validates a whole file; `exists` says whether a session ID is already logged. */
export function parseImport(text: string, zone: string, exists: (callSessionId: string) => boolean): ParsedImport {
  const parsed = Papa.parse<Record<string, unknown>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    // A rejects file neutralises header names too: read them back the same way.
    transformHeader: (h) => lower.get(h.trim().toLowerCase()) ?? restoreCell(h.trim()),
    // Files exported here (or rejects files) carry neutralised cells: read back the original text.
    transform: restoreCell,
  });
  const fields = parsed.meta.fields ?? [];
  const missing = CSV_COLUMNS.filter((c) => ['SourceNumber', 'DestinationNumber', 'StartTime', 'EndTime', 'CallDuration', 'Status', 'Direction', 'CallSessionId'].includes(c) && !fields.includes(c));
  if (fields.length === 0) throw new ImportFileError('The file is empty: the first line must be a header row with the API field names');
  if (missing.length > 0) throw new ImportFileError(`The header row is missing ${missing.join(', ')}. Expected columns: ${CSV_COLUMNS.join(', ')}`);
  if (parsed.data.length > MAX_IMPORT_ROWS) throw new ImportFileError(`The file has ${parsed.data.length} rows; import at most ${MAX_IMPORT_ROWS} at a time`);

  const out: ParsedImport = { valid: [], rejects: [], duplicates: [] };
  const seen = new Set<string>();
  const structural = new Map<number, string>();
  for (const e of parsed.errors) if (e.row !== undefined) structural.set(e.row, e.message);

  parsed.data.forEach((raw, i) => {
    const line = i + 2;
    const row = textCells(raw);
    const problem = structural.get(i);
    if (problem) {
      out.rejects.push({ line, reason: `The row could not be read: ${problem}`, field: null, row });
      return;
    }
    const r = callLogPayloadSchema.safeParse(row);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      out.rejects.push({ line, reason: issue.message, field: issue.path.map(String).join('.') || null, row });
      return;
    }
    const p = r.data;
    // Only the future is refused: a file may carry calls from weeks back, as a dialler exports them.
    const future = futureStartProblem(fromApiTime(p.StartTime, 'UTC')!);
    if (future) {
      out.rejects.push({ line, reason: future, field: 'StartTime', row });
      return;
    }
    if (seen.has(p.CallSessionId) || exists(p.CallSessionId)) {
      out.duplicates.push({ line, callSessionId: p.CallSessionId, where: seen.has(p.CallSessionId) ? 'file' : 'here' });
      return;
    }
    seen.add(p.CallSessionId);
    // The file's times are UTC; send them in the zone chosen in Settings.
    const startAt = fromApiTime(p.StartTime, 'UTC')!;
    const endAt = fromApiTime(p.EndTime, 'UTC')!;
    const payload = zone === 'UTC' ? p : { ...p, StartTime: toApiTime(startAt, zone), EndTime: toApiTime(endAt, zone) };
    out.valid.push({ line, payload, startAt });
  });
  return out;
}

/** The rejected rows as a CSV the supervisor can fix and import again. */
export function rejectsCsv(rejects: readonly ImportReject[]): string {
  const extra = new Set<string>();
  for (const r of rejects) for (const k of Object.keys(r.row)) if (!lower.has(k.toLowerCase())) extra.add(k);
  const columns = ['Line', 'Reason', ...CSV_COLUMNS, ...extra];
  return Papa.unparse({
    // Header names can come from the imported file as freely as its cells.
    fields: neutraliseRow(columns),
    data: rejects.map((r) => neutraliseRow(columns.map((c) => (c === 'Line' ? String(r.line) : c === 'Reason' ? r.reason : (r.row[c] ?? ''))))),
  });
}
