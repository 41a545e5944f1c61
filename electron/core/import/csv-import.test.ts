// Import files built to cost the most within the contract's 20,000,000 characters (security
// review, finding 3): the limits refuse or reject them with reasons a supervisor can act on,
// and what goes back to the page stays about the size of the file.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { PAYLOAD_FIELDS } from '../../../shared/call-log';
import { channels } from '../../../shared/ipc';
import type { AppError } from '../../../shared/errors';
import { importFile } from '../../../test/support/import-file';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { ImportFileError, MAX_CELL_CHARS, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS, parseImport } from './csv-import';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

/** The cells of a valid call, in PAYLOAD_FIELDS' order. */
const call = (session: string) => ['9611795983', '8611795988', '', '2026-11-24 09:00:00', '2026-11-24 09:01:00', '60', 'Answered', 'ok', '', 'Inbound', session, 'Asha'];
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as AppError,
  );
const table = (csv: string) => Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;

describe('import limits', () => {
  it(`refuses a file of more than ${MAX_IMPORT_ROWS} rows at the row past the limit, turning none into calls`, async () => {
    const { svc } = await engine();
    const text = importFile(MAX_IMPORT_ROWS + 10_000, 'cap');
    const err = await refusal(svc.supervisor.importCsv('month.csv', text));
    expect(err?.code).toBe('invalid_input');
    expect(err?.message).toMatch(/^month\.csv: The file has more than 50,000 rows; an import takes at most 50,000\. Split it/);
    // Counting stopped at the limit: the file's real length was never read.
    expect(err?.message).not.toMatch(/60,?000/);
    expect(svc.listEntries({}).total).toBe(0);

    // No row, before the limit or after it, was checked as a call.
    const asked: string[] = [];
    const exists = (sid: string) => {
      asked.push(sid);
      return false;
    };
    expect(() => parseImport(text, 'UTC', exists)).toThrow(ImportFileError);
    expect(asked).toEqual([]);
    // The limit itself is still a file the import takes.
    expect(parseImport(importFile(MAX_IMPORT_ROWS, 'cap'), 'UTC', () => false).valid).toHaveLength(MAX_IMPORT_ROWS);
  });

  it('rejects a row with more cells than a row may have, keeping only the header’s columns in the rejects file', async () => {
    const { svc } = await engine();
    const wide = [...call('wide-1'), ...Array.from({ length: 5_000 }, () => 'a')];
    const file = Papa.unparse([[...PAYLOAD_FIELDS], call('ok-1'), wide, call('ok-2')]);
    const r = await svc.supervisor.importCsv('wide.csv', file);

    expect(r).toMatchObject({ rows: 3, queued: 2 });
    expect(r.rejects).toEqual([
      {
        line: 3,
        field: null,
        reason: `This row has 5,012 cells; a row may have at most ${MAX_IMPORT_COLUMNS}. The header has 12 columns, and the rejects file keeps only those.`,
      },
    ]);
    expect(table(r.rejectsCsv)).toEqual([
      ['Line', 'Reason', ...PAYLOAD_FIELDS],
      ['3', r.rejects[0]!.reason, ...call('wide-1')],
    ]);
    expect(() => channels.importCsv.output.parse(r)).not.toThrow();
    expect(JSON.stringify(r).length).toBeLessThan(1_500);
  });

  it(`refuses a header of more than ${MAX_IMPORT_COLUMNS} columns, or with a name past the cell limit, before reading a row`, async () => {
    const { svc } = await engine();
    const names = [...PAYLOAD_FIELDS, ...Array.from({ length: 10_000 }, (_, i) => `Column ${i}`)];
    const wide = await refusal(svc.supervisor.importCsv('report.csv', `${names.join(',')}\n${call('h-1').join(',')}`));
    expect(wide?.message).toBe(
      `report.csv: The header row has 10,012 columns; an import file may have at most ${MAX_IMPORT_COLUMNS}. Check that this is the dialer's call export: its first line must be the header row with the API field names.`,
    );

    // A quote left open in the header swallows the rest of the file into one column name.
    const open = `${PAYLOAD_FIELDS.join(',')},"Notes\n${`${call('h-2').join(',')}\n`.repeat(5_000)}`;
    const err = await refusal(svc.supervisor.importCsv('open.csv', open));
    expect(err?.message).toMatch(/^open\.csv: Column 13 of the header row holds [\d,]+ characters; a column name may hold at most 100,000\. A quote \("\) left open in the first line/);
    expect(svc.listEntries({}).total).toBe(0);
  });

  it(`rejects a row with a cell of more than ${MAX_CELL_CHARS} characters, and the rejects file keeps the first ${MAX_CELL_CHARS}`, async () => {
    const { svc } = await engine();
    // A column the import does not read: the row is a valid call but for its size.
    const transcript = `Agent: hello, "caller".\n${'blah '.repeat(30_000)}`;
    const file = Papa.unparse([
      [...PAYLOAD_FIELDS, 'Transcript'],
      [...call('long-1'), transcript],
      [...call('long-2'), 'short'],
    ]);
    const r = await svc.supervisor.importCsv('transcripts.csv', file);

    expect(r).toMatchObject({ rows: 2, queued: 1 });
    expect(r.rejects).toEqual([
      {
        line: 2,
        field: null,
        reason: `Transcript holds ${transcript.length.toLocaleString('en-US')} characters; a cell may hold at most 100,000. The rejects file keeps the first 100,000.`,
      },
    ]);
    const [head, row] = table(r.rejectsCsv);
    expect(head).toEqual(['Line', 'Reason', ...PAYLOAD_FIELDS, 'Transcript']);
    expect(row!.at(-1)).toBe(transcript.slice(0, MAX_CELL_CHARS));
    expect(svc.listEntries({}).items.map((e) => svc.getEntry(e.id).payload.CallSessionId)).toEqual(['long-2']);
  });

  it('sends the page each rejected row’s line and reason, its cells once in the rejects file, however long the column names', async () => {
    const { svc } = await engine();
    // 100 column names of 1,000 characters each, then 500 rows of nothing but a source number.
    const names = [...PAYLOAD_FIELDS, ...Array.from({ length: 100 }, (_, i) => `${i} `.padEnd(1_000, 'n'))];
    const file = `${names.join(',')}\n${`x${','.repeat(names.length - 1)}\n`.repeat(500)}`;
    const r = await svc.supervisor.importCsv('names.csv', file);

    expect(r.rejects).toHaveLength(500);
    expect(Object.keys(r.rejects[0]!).sort()).toEqual(['field', 'line', 'reason']);
    expect(table(r.rejectsCsv)).toHaveLength(501);
    // Repeating the names on every rejected row would make the reply 50,000,000 characters.
    expect(JSON.stringify(r).length).toBeLessThan(2 * file.length);
  });

  it('a malformed quote rejects its own row, not the one after it', async () => {
    const { svc } = await engine();
    const bad = call('quote-2');
    bad[7] = '"o"k"';
    const file = [PAYLOAD_FIELDS.join(','), call('quote-1').join(','), bad.join(','), call('quote-3').join(',')].join('\n');
    const r = await svc.supervisor.importCsv('quotes.csv', file);

    expect(r.rejects.map((x) => [x.line, x.reason])).toEqual([[3, 'The row could not be read: Trailing quote on quoted field is malformed']]);
    expect(svc.listEntries({}).items.map((e) => svc.getEntry(e.id).payload.CallSessionId).sort()).toEqual(['quote-1', 'quote-3']);
  });

  it('names a rejected row by the row a spreadsheet shows it on: blank lines and a note over two lines counted as it counts them', async () => {
    const { svc } = await engine();
    const twoLines = call('rows-2');
    twoLines[7] = '"first line\nsecond line"';
    const bad = call('rows-3');
    bad[6] = '';
    // Header (row 1), a blank row (2), a call (3), two blank rows (4, 5), a call whose note holds a
    // line break (6: one row in a spreadsheet), the bad call (7).
    const file = [PAYLOAD_FIELDS.join(','), '', call('rows-1').join(','), '', ',,', twoLines.join(','), bad.join(',')].join('\r\n');
    const r = await svc.supervisor.importCsv('rows.csv', file);

    expect(r.rejects.map((x) => [x.line, x.field])).toEqual([[7, 'Status']]);
    expect(table(r.rejectsCsv)[1]![0]).toBe('7');
    expect(r.queued).toBe(2);
  });
});
