// npm run bench:import-hostile: files within the contract's 20,000,000 characters
// shaped to cost the most (the security review's CSV bomb, finding 3), each
// imported through the supervisor in a process of its own so its peak RSS is its own.
// Prints how long importCsv held the thread (and the CPU time it took, steadier on a
// busy machine), the process's peak RSS, and the size of the reply the page would be
// sent (as JSON, as the browser host sends it).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAYLOAD_FIELDS } from '../shared/call-log';
import { importFile } from '../test/support/import-file';

const REQUIRED = 'SourceNumber,DestinationNumber,StartTime,EndTime,CallDuration,Status,Direction,CallSessionId';

/** Each case's file, described as the table in docs/benchmarks.md names it. */
const CASES: Record<string, { what: string; text: () => string }> = {
  // For scale: the largest file an import takes, all valid, queued in one transaction.
  honest: { what: 'an honest file: 50,000 valid calls (8.5 MB)', text: () => importFile(50_000, `honest-${Date.now()}`) },
  rows: { what: 'header + `x\\n` × 9,999,990 (20 MB)', text: () => `${REQUIRED}\n${'x\n'.repeat(9_999_990)}` },
  wide: { what: 'header + one row of `a,` × 5,000,000 (10 MB)', text: () => `${REQUIRED}\n${'a,'.repeat(5_000_000)}\n` },
  // 100 columns with 40-character names and 50,000 rows of one `x` and 99 empty cells: every row is rejected.
  names: {
    what: 'header of 100 columns (88 named with 40 characters) + 50,000 rows of `x` and 99 commas (5 MB)',
    text: () => {
      const extra = Array.from({ length: 100 - PAYLOAD_FIELDS.length }, (_, i) => `Dialer column ${String(i).padStart(3, '0')} `.padEnd(40, 'x'));
      return `${[...PAYLOAD_FIELDS, ...extra].join(',')}\n${`x${','.repeat(99)}\n`.repeat(50_000)}`;
    },
  },
  // The most cells the limits let through, every row rejected: 200 columns (the limit) × 50,000 rows.
  widest: {
    what: 'header of 200 columns + 50,000 rows of `x` and 199 commas (10 MB)',
    text: () => `${[...PAYLOAD_FIELDS, ...Array.from({ length: 200 - PAYLOAD_FIELDS.length }, (_, i) => `Column ${i}`)].join(',')}\n${`x${','.repeat(199)}\n`.repeat(50_000)}`,
  },
};

const mb = (b: number) => (b / 1024 / 1024).toFixed(0);

async function runCase(name: string): Promise<void> {
  const { CallLogService } = await import('../electron/core/service');
  const { FileKeyCipher } = await import('../electron/core/vault');
  const dir = mkdtempSync(join(tmpdir(), 'calllog-bench-hostile-'));
  const svc = await CallLogService.open({ dataDir: dir, cipher: new FileKeyCipher(dir) });
  await svc.updateSettings({ useSandbox: false });
  const text = CASES[name]!.text();
  const rssBefore = process.memoryUsage().rss;
  const t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let outcome: string;
  try {
    const r = await svc.supervisor.importCsv('hostile.csv', text);
    outcome = `${r.rows} rows read, ${r.rejects.length} rejected; reply ${JSON.stringify(r).length.toLocaleString('en')} chars (rejects CSV ${r.rejectsCsv.length.toLocaleString('en')})`;
  } catch (err) {
    outcome = `refused: ${(err as Error).message.slice(0, 160)}`;
  }
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const used = process.cpuUsage(cpu);
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(`${name}: ${CASES[name]!.what}\n  ${ms.toFixed(0)} ms (CPU ${((used.user + used.system) / 1000).toFixed(0)} ms); RSS ${mb(rssBefore)} MB before, peak ${mb(peak)} MB; ${outcome}`);
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
}

const only = process.argv[2];
if (only) await runCase(only);
else
  for (const name of Object.keys(CASES)) {
    // A fresh process per case: a peak RSS is per process, and one case's garbage must not count in the next.
    try {
      process.stdout.write(execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
    } catch (err) {
      console.log(`${name}: the process failed (${(err as Error).message.split('\n')[0]})`);
    }
  }
