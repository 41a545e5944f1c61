// Reads an import file row by row within fixed limits, so a file built to be
// expensive (the contract lets 20,000,000 characters through) costs no more
// than an honest one: parsing stops at the row after the last one an import
// takes, a row past the column limit keeps only the header's cells, and the
// header is refused before any row is read. The parse runs in main, where a
// long one would stall sending, the tray and every IPC answer.
import Papa from 'papaparse';

export const MAX_IMPORT_ROWS = 50_000;
/** Dialer exports have tens of columns; a few hundred would already be a report, not a call log. */
export const MAX_IMPORT_COLUMNS = 200;
/** Three times Excel's own limit for a cell (32,767), and 25 times the longest value the API takes (notes, 4,000). */
export const MAX_CELL_CHARS = 100_000;

export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

export interface FileRow {
  /**
   * The row's number as a spreadsheet shows the file (the header is 1 when nothing precedes it):
   * blank lines count, as the empty rows they open as, so a supervisor finds the row by it.
   */
  line: number;
  /** The cells as written in the file; past MAX_IMPORT_COLUMNS only the header's columns' cells are kept. */
  cells: string[];
  /** How many cells the row had in the file. */
  count: number;
  /** What papaparse could not read in the row (a quote left open or malformed). */
  quoteError: string | null;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/**
 * The file's rows after its header. `useHeader` sees the header's cells before any row
 * is read and throws an ImportFileError to refuse the file there.
 */
export function readRows(text: string, useHeader: (cells: string[]) => void): FileRow[] {
  let header: string[] | null = null;
  let refused: unknown = null;
  const rows: FileRow[] = [];
  let record = 0;
  Papa.parse<string[]>(text, {
    delimiter: guessDelimiter(text),
    // Papa's fast path (no quotes in the file) splits the whole text into lines before the first
    // step, the very work stopping at the row limit saves.
    fastMode: false,
    step: ({ data: cells, errors }, parser) => {
      record += 1;
      if (blank(cells)) return;
      if (header === null) {
        header = cells;
        try {
          checkHeader(cells);
          useHeader(cells);
        } catch (err) {
          refused = err;
          parser.abort();
        }
        return;
      }
      if (rows.length === MAX_IMPORT_ROWS) {
        refused = new ImportFileError(
          `The file has more than ${formatCount(MAX_IMPORT_ROWS)} rows; an import takes at most ${formatCount(MAX_IMPORT_ROWS)}. Split it into files of ${formatCount(MAX_IMPORT_ROWS)} rows or fewer and import each.`,
        );
        parser.abort();
        return;
      }
      const kept = cells.length > MAX_IMPORT_COLUMNS ? cells.slice(0, header.length) : cells;
      rows.push({ line: record, cells: kept, count: cells.length, quoteError: errors.at(-1)?.message ?? null });
    },
  });
  if (refused) throw refused;
  if (header === null) throw new ImportFileError('The file is empty: the first line must be a header row with the API field names');
  return rows;
}

/** A header that no call export has: refused before its rows cost anything. */
function checkHeader(cells: string[]): void {
  if (cells.length > MAX_IMPORT_COLUMNS) {
    throw new ImportFileError(
      `The header row has ${formatCount(cells.length)} columns; an import file may have at most ${formatCount(MAX_IMPORT_COLUMNS)}. Check that this is the dialer's call export: its first line must be the header row with the API field names.`,
    );
  }
  const long = cells.findIndex((c) => c.length > MAX_CELL_CHARS);
  if (long >= 0) {
    throw new ImportFileError(
      `Column ${long + 1} of the header row holds ${formatCount(cells[long]!.length)} characters; a column name may hold at most ${formatCount(MAX_CELL_CHARS)}. A quote (") left open in the first line does this: fix it and import again.`,
    );
  }
}

/** Papa's "greedy" blank line (only spaces and separators), without joining a row of millions of cells. */
const blank = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/**
 * The separator Papa would guess, from the start of the file: its guess parses the text once per
 * candidate separator, which over 20 MB costs seconds. It reads ten rows; the start holds them.
 */
const GUESS_CHARS = 256 * 1024;
function guessDelimiter(text: string): string {
  const end = text.length <= GUESS_CHARS ? text.length : text.lastIndexOf('\n', GUESS_CHARS);
  return Papa.parse(text.slice(0, end > 0 ? end : GUESS_CHARS), { preview: 1, skipEmptyLines: 'greedy' }).meta.delimiter;
}
