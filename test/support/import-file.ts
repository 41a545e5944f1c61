// A valid import file of `n` calls (the API's field names, UTC times), made with
// papaparse like the app reads it. Session IDs are `${tag}-${i}`.
import Papa from 'papaparse';
import { PAYLOAD_FIELDS } from '../../shared/call-log';

export function importFile(n: number, tag: string): string {
  const data = Array.from({ length: n }, (_, i) => {
    const m = String(Math.floor(i / 60) % 60).padStart(2, '0');
    const s = String(i % 60).padStart(2, '0');
    return [
      `96117${String(10000 + (i % 90000)).padStart(5, '0')}`,
      '+91-8611795988',
      '',
      `2026-11-24 10:${m}:${s}`,
      `2026-11-24 11:${m}:${s}`,
      '3600',
      i % 7 === 0 ? 'Missed' : 'Answered',
      `Imported call ${i}: asked about the premium plan`,
      '',
      i % 2 ? 'Inbound' : 'Outbound',
      `${tag}-${i}`,
      'Ravi Kumar',
    ];
  });
  return Papa.unparse({ fields: [...PAYLOAD_FIELDS], data });
}
