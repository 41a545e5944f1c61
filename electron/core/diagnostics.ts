// "Export diagnostics": one zip an agent can mail to IT. What support needs
// (recent logs, settings, queue counts, versions) and nothing it must not see:
// every file is put through the redactor on the way in, after the key was
// loaded (and so registered), whatever its source.
import { zipSync, strToU8 } from 'fflate';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, platform, release, type as osType } from 'node:os';
import { dirname, join } from 'node:path';
import { logFiles } from './logging';
import { summarize } from './policy';
import { redact } from './redact';
import type { CallLogService } from './service';

export interface DiagnosticsHost {
  /** The log folder (<data dir>/logs). */
  logDir: string;
  /** Host, app and runtime versions; OS facts are added here. */
  about: () => Record<string, string>;
  /** Electron asks where to save (null = cancelled); otherwise it goes to <data dir>/diagnostics/. */
  choosePath?: (suggested: string) => Promise<string | null>;
}

export interface DiagnosticsResult {
  saved: boolean;
  path: string | null;
  message: string;
}

type Source = Pick<CallLogService, 'getSettings' | 'countByState' | 'keyStatus' | 'policy' | 'dataDir'>;

const json = (value: unknown) => strToU8(redact(JSON.stringify(value, null, 2)) + '\n');

export function diagnosticsFileName(now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace(/-\d\dZ$/, 'Z');
  return `calllog-diagnostics-${stamp}.zip`;
}

/** The archive's bytes. */
export function buildDiagnostics(svc: Source, host: DiagnosticsHost, now = new Date()): Uint8Array {
  // Loading the key registers it with the redactor, so no file below can carry it.
  const key = svc.keyStatus();
  const counts = svc.countByState();
  const files: Record<string, Uint8Array> = {
    'about.json': json({
      exportedAt: now.toISOString(),
      ...host.about(),
      os: `${osType()} ${release()} (${platform()} ${arch()})`,
      node: process.versions.node,
      dataDir: svc.dataDir,
    }),
    // Settings hold no secret today; a secret field added later is still masked by redact().
    'settings.json': json(svc.getSettings()),
    'key.json': json({ hasKey: key.hasKey, warning: key.warning }),
    'policy.json': json({ ...summarize(svc.policy), updates: svc.policy.updates }),
    'queue.json': json({ byState: counts, total: Object.values(counts).reduce((a, b) => a + (b ?? 0), 0) }),
  };
  for (const file of logFiles(host.logDir)) {
    files[`logs/${file.slice(host.logDir.length + 1)}`] = strToU8(redact(readFileSync(file, 'utf8')));
  }
  return zipSync(files, { level: 6, mtime: now });
}

export async function exportDiagnostics(svc: Source, host: DiagnosticsHost): Promise<DiagnosticsResult> {
  const name = diagnosticsFileName();
  const fallback = join(svc.dataDir, 'diagnostics', name);
  const path = host.choosePath ? await host.choosePath(name) : fallback;
  if (!path) return { saved: false, path: null, message: 'Diagnostics not exported' };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, buildDiagnostics(svc, host), { mode: 0o600 });
  return { saved: true, path, message: `Diagnostics saved to ${path}` };
}
