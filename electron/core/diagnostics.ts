// "Export diagnostics": one zip an agent can mail to IT. What support needs
// (recent logs, settings, queue counts, versions) and nothing it must not see:
// every file is put through the redactor on the way in, after the key was
// loaded (and so registered), whatever its source.
import { zipSync, strToU8 } from 'fflate';
import { readFileSync } from 'node:fs';
import { arch, platform, release, type as osType } from 'node:os';
import { fileStamp, saveFile, type HostSupport } from './host-support';
import { logFiles } from './logging';
import { summarize } from './policy';
import { redact } from './redact';
import type { CallLogService } from './service';

export interface DiagnosticsResult {
  saved: boolean;
  path: string | null;
  message: string;
}

type Source = Pick<CallLogService, 'getSettings' | 'countByState' | 'keyStatus' | 'policy' | 'dataDir' | 'team'>;

const json = (value: unknown) => strToU8(redact(JSON.stringify(value, null, 2)) + '\n');

export const diagnosticsFileName = (now = new Date()) => `calllog-diagnostics-${fileStamp(now)}.zip`;

/** The archive's bytes. */
export function buildDiagnostics(svc: Source, host: HostSupport, now = new Date()): Uint8Array {
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
    // Host and database name only; what this desktop has not copied to it yet.
    'team.json': json(svc.team.support()),
  };
  for (const file of logFiles(host.logDir)) {
    files[`logs/${file.slice(host.logDir.length + 1)}`] = strToU8(redact(readFileSync(file, 'utf8')));
  }
  return zipSync(files, { level: 6, mtime: now });
}

export async function exportDiagnostics(svc: Source, host: HostSupport): Promise<DiagnosticsResult> {
  const { saved, path } = await saveFile(host, svc.dataDir, 'diagnostics', diagnosticsFileName(), { name: 'Zip archive', extension: 'zip' }, () => buildDiagnostics(svc, host));
  return saved ? { saved, path, message: `Diagnostics saved to ${path}` } : { saved, path, message: 'Diagnostics not exported' };
}
