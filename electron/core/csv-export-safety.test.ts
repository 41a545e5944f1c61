// CSV injection (CWE-1236): what agents type and files bring in comes out of the
// export and the rejects file unable to run in a spreadsheet, and imports back as typed.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { PAYLOAD_FIELDS } from '../../shared/call-log';
import { channels } from '../../shared/ipc';
import { callInput } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';
import { neutraliseCell, restoreCell } from './csv-cells';
import { parseImport } from './import/csv-import';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

const FORMULAS = [
  '=HYPERLINK("http://evil.example","open")',
  '@SUM(1+1)',
  '+1+1',
  '-2+3',
  '\t=1+1',
  '\r=1+1',
  '  =1+1',
  '＝1+1',
  "'=already quoted",
  "''@twice",
];
/** What a spreadsheet would evaluate as a formula: a plain number only ever reads as that number. */
const evaluates = (cell: string) => /^(?:[\t\r]| *[=+\-@＝＋－＠])/.test(cell) && !/^[+-]?\d+(\.\d+)?$/.test(cell);

const rowsOf = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;

describe('spreadsheet-safe CSV', () => {
  it('export neutralises every cell that would run, keeps plain numbers, and imports back to the original text', async () => {
    const { svc } = await engine();
    const typed = FORMULAS.map((notes, i) =>
      callInput({ notes, agentName: i === 0 ? "=cmd|' /C calc'!A0" : 'Asha', status: i === 1 ? '=1+1' : 'Answered', leadNumber: i % 2 ? '+919611795983' : '9611795983' }),
    );
    for (const c of typed) svc.logCall(c);
    const { csv, rows } = svc.supervisor.exportCsv({});
    expect(rows).toBe(FORMULAS.length);

    const cells = rowsOf(csv);
    for (const row of cells) for (const [column, cell] of Object.entries(row)) expect(evaluates(cell), `${column}: ${JSON.stringify(cell)}`).toBe(false);
    expect(cells.map((r) => r.CallNotes)).toEqual(FORMULAS.map((f) => `'${f}`));
    expect(cells[0]!.AgentName).toBe(`'=cmd|' /C calc'!A0`);
    // Phone numbers written as plain numbers stay numbers for the spreadsheet.
    expect(cells.map((r) => r.SourceNumber)).toEqual(typed.map((c) => c.leadNumber));

    // Importing the export elsewhere restores exactly what was typed.
    const other = await engine();
    const imported = await other.svc.supervisor.importCsv('export.csv', csv);
    expect(imported).toMatchObject({ queued: FORMULAS.length, rejects: [] });
    const back = other.svc.listEntries({ limit: 50 }).items.map((e) => other.svc.getEntry(e.id).payload);
    const sent = svc.listEntries({ limit: 50 }).items.map((e) => svc.getEntry(e.id).payload);
    const bySession = (ps: typeof back) => Object.fromEntries(ps.map((p) => [p.CallSessionId, PAYLOAD_FIELDS.map((f) => p[f] ?? '')]));
    expect(bySession(back)).toEqual(bySession(sent));
  });

  it('the rejects file neutralises the rejected rows too', async () => {
    const { svc } = await engine();
    const header = PAYLOAD_FIELDS.join(',');
    const bad = Papa.unparse([['=1+1', '@x', '', '2026-11-24 09:00:00', '2026-11-24 09:01:00', '60', 'Answered', '=HYPERLINK("http://evil.example")', '', 'Inbound', 'rej-1', '+cmd']]);
    const r = await svc.supervisor.importCsv('bad.csv', `${header}\n${bad}`);
    expect(r.rejects).toHaveLength(1);
    const [row] = rowsOf(r.rejectsCsv);
    for (const [column, cell] of Object.entries(row!)) expect(evaluates(cell), `${column}: ${JSON.stringify(cell)}`).toBe(false);
    expect(row!.CallNotes).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(restoreCell(row!.CallNotes!)).toBe('=HYPERLINK("http://evil.example")');
    expect(row!.SourceNumber).toBe("'=1+1");
  });

  it('the rejects file neutralises header names the imported file brought, keeps extra cells under plain names, and imports back', async () => {
    const { svc } = await engine();
    const formulaHeaders = ['=HYPERLINK("http://evil.example","open")', '@SUM(1+1)', '+cmd', '-2+3'];
    // A valid row but for its Direction; the next one also has two cells more than the header.
    const cells = (session: string) => ['9611795983', '8611795988', '', '2026-11-24 09:00:00', '2026-11-24 09:01:00', '60', 'Answered', 'ok', '', 'Sideways', session, 'Asha'];
    const unknown = ['a', 'b', 'c', 'd'];
    const file = Papa.unparse([
      [...PAYLOAD_FIELDS, ...formulaHeaders],
      [...cells('rej-h1'), ...unknown],
      [...cells('rej-h2'), ...unknown, '=1+1', 'spare'],
    ]);
    const r = await svc.supervisor.importCsv('headers.csv', file);
    expect(r.rejects.map((x) => x.line)).toEqual([2, 3]);
    // What goes back to the page matches the contract: every cell of a rejected row is text.
    expect(() => channels.importCsv.output.parse(r)).not.toThrow();

    expect(r.rejectsCsv).not.toContain('__parsed_extra');
    const [head] = Papa.parse<string[]>(r.rejectsCsv).data;
    for (const cell of head!) expect(evaluates(cell), `header ${JSON.stringify(cell)}`).toBe(false);
    expect(head).toEqual(['Line', 'Reason', ...PAYLOAD_FIELDS, ...formulaHeaders.map((h) => `'${h}`), 'Extra value 1', 'Extra value 2']);
    const [, second] = rowsOf(r.rejectsCsv);
    for (const [column, cell] of Object.entries(second!)) expect(evaluates(cell), `${column}: ${JSON.stringify(cell)}`).toBe(false);
    expect([second!['Extra value 1'], second!['Extra value 2']]).toEqual(["'=1+1", 'spare']);

    // The rejects file read back gives the original header names and cells (the page is sent
    // only lines and reasons, so the rows are read as the import reads them).
    const again = parseImport(r.rejectsCsv, 'UTC', () => false);
    const row = (i: number) => Object.fromEntries(again.columns.map((c, k) => [c, again.rejects[i]!.cells[k]]));
    expect(row(0)).toMatchObject(Object.fromEntries(formulaHeaders.map((h, i) => [h, unknown[i]])));
    expect(row(1)).toMatchObject({ 'Extra value 1': '=1+1', 'Extra value 2': 'spare' });
  });

  it('neutralise then restore is the identity, and restore leaves other text alone', () => {
    for (const v of [...FORMULAS, '', "'", "'hello", "it's", '12', '-12.5', '+919611795983', '+91-9611795983', '=', "'''=x", ' plain']) {
      expect(restoreCell(neutraliseCell(v))).toBe(v);
    }
    expect(neutraliseCell('+91-9611795983')).toBe("'+91-9611795983"); // a spreadsheet would subtract
    expect(restoreCell("'hello")).toBe("'hello");
  });
});
