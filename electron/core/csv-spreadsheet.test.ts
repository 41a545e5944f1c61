// The export opened in a real spreadsheet: LibreOffice Calc reads the CSV with
// formula evaluation on (its most dangerous setting) and writes what it made of
// each cell as flat ODS XML. A control file shows the same reading does turn an
// unguarded `=1+1` into a formula, so a pass here means the guard works.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { callInput } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => {
  try {
    execFileSync(p, ['--version'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
});
if (!soffice) console.log('[spreadsheet] skipped: LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc-nogui');

// Separator, quote, UTF-8, from line 1, standard columns, en-US, quoted not forced to text,
// detect special numbers, three export-only options, all sheets, evaluate formulas.
const CSV_FILTER = 'CSV:44,34,76,1,,1033,false,true,false,false,false,-1,true';

interface Cell {
  formula: string | null;
  type: string | null;
  value: string | null;
  text: string;
}

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

/** Rows of cells of the first sheet of a flat ODS file, repeated empty cells expanded. */
function readFods(xml: string): Cell[][] {
  const attr = (tag: string, name: string) => tag.match(new RegExp(`${name}="([^"]*)"`))?.[1] ?? null;
  return [...xml.matchAll(/<table:table-row\b[^>]*>([\s\S]*?)<\/table:table-row>/g)].map(([, row]) => {
    const cells: Cell[] = [];
    for (const [, tag, body] of row!.matchAll(/(<table:table-cell\b[^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g)) {
      const text = [...(body ?? '').matchAll(/<text:p>([\s\S]*?)<\/text:p>/g)].map(([, p]) => unescapeXml(p!.replace(/<[^>]+>/g, ''))).join('\n');
      const cell = { formula: attr(tag!, 'table:formula'), type: attr(tag!, 'office:value-type'), value: attr(tag!, 'office:value'), text };
      for (let n = Number(attr(tag!, 'table:number-columns-repeated') ?? 1); n > 0; n--) cells.push(cell);
    }
    return cells;
  });
}

/** What Calc makes of each CSV file, by file name without extension. */
function openInCalc(dir: string, files: string[]): Record<string, Cell[][]> {
  execFileSync(
    soffice!,
    [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', `--infilter=${CSV_FILTER}`, '--convert-to', 'fods', '--outdir', join(dir, 'out'), ...files.map((f) => join(dir, f))],
    { stdio: 'ignore', timeout: 120_000 },
  );
  return Object.fromEntries(files.map((f) => [f.replace(/\.csv$/, ''), readFods(readFileSync(join(dir, 'out', f.replace(/\.csv$/, '.fods')), 'utf8'))]));
}

describe.skipIf(!soffice)('the export opened in a spreadsheet', () => {
  it('runs no formula, shows the typed text, and reads phone numbers as numbers', { timeout: 180_000 }, async () => {
    const { svc } = await engine();
    const notes = ['=HYPERLINK("http://evil.example","open")', '@SUM(1+1)', '+1+1', '-2+3', ' =1+1', 'Callback, Tuesday'];
    notes.forEach((n, i) => svc.logCall(callInput({ notes: n, agentName: i === 0 ? "=cmd|' /C calc'!A0" : 'Asha', leadNumber: i % 2 ? '+919611795983' : '9611795983' })));
    const dir = tempDir();
    writeFileSync(join(dir, 'export.csv'), svc.supervisor.exportCsv({}).csv);
    writeFileSync(join(dir, 'control.csv'), 'Notes\n=1+1\n');

    const sheets = openInCalc(dir, ['export.csv', 'control.csv']);
    // The control: this reading does evaluate a formula that is not guarded.
    expect(sheets.control![1]![0]).toMatchObject({ formula: 'of:=1+1', value: '2' });

    const [header, ...rows] = sheets.export!;
    const column = (name: string) => header!.findIndex((c) => c.text === name);
    expect(rows).toHaveLength(notes.length);
    for (const row of rows) for (const cell of row) expect(cell.formula, cell.text).toBeNull();
    // Each note shows as typed, behind the visible guard where it would have run.
    const shown = rows.map((r) => r[column('CallNotes')]!.text);
    expect(shown.sort()).toEqual(notes.map((n) => (n.startsWith('Callback') ? n : `'${n}`)).sort());
    expect(rows.map((r) => r[column('AgentName')]!.text)).toContain("'=cmd|' /C calc'!A0");
    for (const row of rows) expect(row[column('SourceNumber')]).toMatchObject({ type: 'float' });
    expect(new Set(rows.map((r) => r[column('SourceNumber')]!.value))).toEqual(new Set(['9611795983', '919611795983']));
    // Every time column is a date-time to Calc, so a supervisor can sort by it and subtract one from another.
    for (const name of ['StartTime', 'EndTime', 'SavedAtUTC']) {
      expect(column(name), name).toBeGreaterThanOrEqual(0);
      for (const row of rows) expect(row[column(name)]!.type, `${name} ${row[column(name)]!.text}`).toBe('date');
    }
  });
});
