// Spreadsheet-safe CSV cells (CWE-1236). A cell a spreadsheet would evaluate,
// one starting with = + - @ (ASCII or full-width), a tab or a CR, possibly after
// spaces, is written with a leading apostrophe, the usual neutraliser. Plain
// numbers ("9611795983", "+919611795983", "-12.5") are left alone so they still
// read as numbers. Import undoes exactly this, so a file exported here imports
// back to the original text: a value that itself starts with apostrophes before
// a trigger gets one more, and import removes one.

const TRIGGER = String.raw`(?:[\t\r]| *[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])`;
const NEEDS_GUARD = new RegExp(`^'*${TRIGGER}`);
const GUARDED = new RegExp(`^'+${TRIGGER}`);
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** The cell as it should be written to a CSV file. */
export function neutraliseCell(value: string): string {
  return NEEDS_GUARD.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** A cell read from a CSV file, with neutraliseCell's apostrophe removed. */
export function restoreCell(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}

export const neutraliseRow = (row: readonly string[]): string[] => row.map(neutraliseCell);
