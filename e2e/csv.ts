// CSV files for the supervisor specs, written and read with papaparse (the
// app's CSV library), never by hand.
import type { Download, TestInfo } from '@playwright/test';
import { readFile, writeFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { PAYLOAD_FIELDS, type CallLogPayload } from '../shared/call-log';

export type Row = Record<(typeof PAYLOAD_FIELDS)[number], string>;

/** The API's wall-clock format, in UTC (what import files use). */
export const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

let seq = 0;
/** A valid import row; `over` changes fields. Session IDs are unique per call. */
export function importRow(i: number, over: Partial<Row> = {}): Row {
  seq += 1;
  const start = Date.UTC(2026, 10, 24, 9, 0, 0) + i * 60_000;
  return {
    SourceNumber: `+91-70000${String(i).padStart(5, '0')}`,
    DestinationNumber: '8611795988',
    DisplayNumber: '',
    StartTime: utc(start),
    EndTime: utc(start + 90_000),
    CallDuration: '90',
    Status: 'Answered',
    CallNotes: `Imported call ${i}`,
    ResourceURL: '',
    Direction: 'Inbound',
    CallSessionId: `imp-${process.pid}-${Date.now().toString(36)}-${seq}`,
    AgentName: 'Ravi Kumar',
    ...over,
  } satisfies Record<keyof CallLogPayload, string>;
}

/** Writes the rows under the test's output folder; returns the path. */
export async function writeCsv(info: TestInfo, name: string, rows: Row[]): Promise<string> {
  const path = info.outputPath(name);
  await writeFile(path, Papa.unparse({ fields: [...PAYLOAD_FIELDS], data: rows.map((r) => PAYLOAD_FIELDS.map((f) => r[f])) }));
  return path;
}

/** A downloaded CSV, parsed with its header row. */
export async function readDownload(download: Download): Promise<{ fields: string[]; rows: Record<string, string>[] }> {
  const text = await readFile(await download.path(), 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' });
  if (parsed.errors.length > 0) throw new Error(`Bad CSV: ${parsed.errors[0]!.message}`);
  return { fields: parsed.meta.fields ?? [], rows: parsed.data };
}
