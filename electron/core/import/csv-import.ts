// Bulk import of call logs from CSV (a dialer export, or calls logged on paper).
// Rows use the API's field names and UTC times; each is checked with the same
// schema as the form. Valid rows are queued in ONE transaction (all or none),
// so a file is never half-imported; CallSessionId makes re-importing safe.
import Papa from 'papaparse';
import { callLogPayloadSchema, PAYLOAD_FIELDS, type CallLogPayload } from '../../../shared/call-log';
import { ownNumberRowProblem } from '../../../shared/own-number';
import { futureStartProblem } from '../../../shared/start-time-limits';
import { fromApiTime, toApiTime } from '../../../shared/time-rule';
import { neutraliseCell, neutraliseRow, restoreCell } from '../csv-cells';
import { formatCount, ImportFileError, MAX_CELL_CHARS, MAX_IMPORT_COLUMNS, readRows, type FileRow } from './read-rows';

export { ImportFileError, MAX_CELL_CHARS, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS } from './read-rows';
export const CSV_COLUMNS = PAYLOAD_FIELDS;

export interface ImportReject {
  /** The row's number as a spreadsheet opens the file (the header is 1; blank lines count). */
  line: number;
  reason: string;
  field: string | null;
  /**
   * The row's cells in the file's order (the header's columns, then any cells past them), as
   * typed: neutralised cells restored, each cut to MAX_CELL_CHARS. An array, not an object per
   * row: a file can bring 50,000 rejected rows of 200 columns.
   */
  cells: string[];
}

export interface ImportDuplicate {
  line: number;
  callSessionId: string;
  /** Earlier in the same file, or logged on this computer before. */
  where: 'file' | 'here';
}

export interface ParsedImport {
  /** The header's column names: the API's in their own spelling, the others as the file wrote them. */
  columns: string[];
  valid: { line: number; payload: CallLogPayload; startAt: number }[];
  rejects: ImportReject[];
  duplicates: ImportDuplicate[];
}

const lower = new Map(CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));
const REQUIRED = ['SourceNumber', 'DestinationNumber', 'StartTime', 'EndTime', 'CallDuration', 'Status', 'Direction', 'CallSessionId'];

/**
 * The header's cells as column names: the API's names in any case, and the rest as
 * written (a rejects file neutralises header names too: read them back the same way).
 * A repeated name gets a suffix, "Name_1", as papaparse's header mode gives it.
 */
function columnNames(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const used = new Set(cells);
  return cells.map((cell) => {
    const name = lower.get(cell.trim().toLowerCase()) ?? restoreCell(cell.trim());
    const n = seen.get(name);
    seen.set(name, (n ?? 0) + 1);
    used.add(name);
    if (n === undefined) return name;
    let suffix = n;
    while (used.has(`${name}_${suffix}`)) suffix += 1;
    used.add(`${name}_${suffix}`);
    return `${name}_${suffix}`;
  });
}

const cut = (cell: string) => (cell.length > MAX_CELL_CHARS ? cell.slice(0, MAX_CELL_CHARS) : cell);
const typed = (cell: string) => (cell === '' ? cell : restoreCell(cut(cell)));
/** A column name the file brought, short enough to quote in a reason shown on every rejected row. */
const quoted = (name: string) => (name.length > 60 ? `${name.slice(0, 60)}…` : name);

/** The row as the schema reads it: the API's columns only (the schema ignores the rest). */
function apiFields(apiColumns: readonly (readonly [string, number])[], cells: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, i] of apiColumns) if (i < cells.length) out[name] = restoreCell(cells[i]!);
  return out;
}

/** Why a row cannot be read as a call before its values are checked, if it cannot. */
function unreadable(columns: readonly string[], r: FileRow): { reason: string; field: string | null } | null {
  if (r.count > MAX_IMPORT_COLUMNS) {
    return {
      reason: `This row has ${formatCount(r.count)} cells; a row may have at most ${formatCount(MAX_IMPORT_COLUMNS)}. The header has ${formatCount(columns.length)} columns, and the rejects file keeps only those.`,
      field: null,
    };
  }
  // In papaparse's header-mode words, so these reasons read as they did before rows were read one by one.
  const fit = r.count > columns.length ? 'Too many' : r.count < columns.length ? 'Too few' : null;
  const problem = fit ? `${fit} fields: expected ${columns.length} fields but parsed ${r.count}` : r.quoteError;
  if (problem) return { reason: `The row could not be read: ${problem}`, field: null };
  const long = r.cells.findIndex((c) => c.length > MAX_CELL_CHARS);
  if (long < 0) return null;
  const column = columns[long]!;
  return {
    reason: `${quoted(column)} holds ${formatCount(r.cells[long]!.length)} characters; a cell may hold at most ${formatCount(MAX_CELL_CHARS)}. The rejects file keeps the first ${formatCount(MAX_CELL_CHARS)}.`,
    field: lower.has(column.toLowerCase()) ? column : null,
  };
}

/** Parses and validates a whole file; `exists` says whether a session ID is already logged. */
export function parseImport(text: string, zone: string, exists: (callSessionId: string) => boolean): ParsedImport {
  const out: ParsedImport = { columns: [], valid: [], rejects: [], duplicates: [] };
  const rows = readRows(text.replace(/^\uFEFF/, ''), (header) => {
    out.columns = columnNames(header);
    const missing = CSV_COLUMNS.filter((c) => REQUIRED.includes(c) && !out.columns.includes(c));
    if (missing.length > 0) throw new ImportFileError(`The header row is missing ${missing.join(', ')}. Expected columns: ${CSV_COLUMNS.join(', ')}`);
  });
  const apiColumns = CSV_COLUMNS.map((c) => [c, out.columns.indexOf(c)] as const).filter(([, i]) => i >= 0);
  const seen = new Set<string>();
  for (const r of rows) {
    const { line } = r;
    const reject = (reason: string, field: string | null) => {
      // In place: the reader's array is this row's alone, and a copy per rejected row adds up.
      r.cells.forEach((cell, i) => (r.cells[i] = typed(cell)));
      out.rejects.push({ line, reason, field, cells: r.cells });
    };
    const problem = unreadable(out.columns, r);
    if (problem) {
      reject(problem.reason, problem.field);
      continue;
    }
    const v = callLogPayloadSchema.safeParse(apiFields(apiColumns, r.cells));
    if (!v.success) {
      const issue = v.error.issues[0]!;
      reject(issue.message, issue.path.map(String).join('.') || null);
      continue;
    }
    const p = v.data;
    const own = ownNumberRowProblem(p);
    if (own) {
      reject(own.reason, own.field);
      continue;
    }
    // Only the future is refused: a file may carry calls from weeks back, as a dialler exports them.
    const future = futureStartProblem(fromApiTime(p.StartTime, 'UTC')!);
    if (future) {
      reject(future, 'StartTime');
      continue;
    }
    if (seen.has(p.CallSessionId) || exists(p.CallSessionId)) {
      out.duplicates.push({ line, callSessionId: p.CallSessionId, where: seen.has(p.CallSessionId) ? 'file' : 'here' });
      continue;
    }
    seen.add(p.CallSessionId);
    // The file's times are UTC; send them in the zone chosen in Settings.
    const startAt = fromApiTime(p.StartTime, 'UTC')!;
    const endAt = fromApiTime(p.EndTime, 'UTC')!;
    const payload = zone === 'UTC' ? p : { ...p, StartTime: toApiTime(startAt, zone), EndTime: toApiTime(endAt, zone) };
    out.valid.push({ line, payload, startAt });
  }
  return out;
}

/**
 * The rejected rows as a CSV the supervisor can fix and import again: the API's columns, the
 * file's other columns, and cells past the header's last column under names of their own
 * ("Extra value 1", ...) for the supervisor to move. A row has at most MAX_IMPORT_COLUMNS cells
 * of at most MAX_CELL_CHARS, so the file is about the size of the rows it lists.
 */
export function rejectsCsv({ columns, rejects }: Pick<ParsedImport, 'columns' | 'rejects'>): string {
  let extraCells = 0;
  for (const r of rejects) extraCells = Math.max(extraCells, r.cells.length - columns.length);
  const extraNames: string[] = [];
  for (let n = 1; extraNames.length < extraCells; n += 1) if (!columns.includes(`Extra value ${n}`)) extraNames.push(`Extra value ${n}`);
  const others = columns.filter((c) => !lower.has(c.toLowerCase()));
  const names = ['Line', 'Reason', ...CSV_COLUMNS, ...others, ...extraNames];
  // Where each named column's cell sits in a row; a name the file repeated reads its first column.
  const at = new Map<string, number>();
  [...columns, ...extraNames].forEach((c, i) => at.has(c) || at.set(c, i));
  const index = names.map((c) => at.get(c) ?? -1);
  return Papa.unparse({
    // Header names can come from the imported file as freely as its cells.
    fields: neutraliseRow(names),
    data: rejects.map((r) => names.map((c, k) => neutraliseCell(c === 'Line' ? String(r.line) : c === 'Reason' ? r.reason : (r.cells[index[k]!] ?? '')))),
  });
}
