// The data directory and every file the app keeps in it are the user's alone:
// for a new install, and for an old one whose files were readable by everyone.
// What else sits in the directory (CALLLOG_DATA_DIR may name a home folder) is
// not the app's, and keeps its permissions.
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callInput, openEngine, waitForState } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';
import { exportDiagnostics } from './diagnostics';
import { openLog } from './logging';

const tempDir = useTempDirs();
const { track } = useEngines(tempDir);

/** Every path under `dir` (itself included) with its permission bits. */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = { '.': (statSync(dir).mode & 0o777).toString(8) };
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      out[`${prefix}${name}`] = (st.mode & 0o777).toString(8);
      if (st.isDirectory()) walk(p, `${prefix}${name}/`);
    }
  };
  walk(dir, '');
  return out;
}

/**
 * Logs a call, saves the key and settings, writes the log and exports diagnostics and a
 * move-to-a-new-PC file as the browser host does (into the data dir): every kind of file
 * and folder the engine writes exists afterwards.
 */
async function useEveryFile(dataDir: string) {
  const log = openLog({ dir: join(dataDir, 'logs') });
  log.info('starting');
  const f = track(await openEngine(dataDir, { service: { env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1' }, log: log.line } }));
  const { id } = f.svc.logCall(callInput());
  await waitForState(f.svc, id, 'final');
  await f.svc.updateSettings({ agentName: 'Asha' });
  const support = { logDir: log.dir, about: () => ({ host: 'test' }) };
  expect((await exportDiagnostics(f.svc, support)).saved).toBe(true);
  expect((await f.svc.transfer.exportFile(support)).saved).toBe(true);
  return f;
}

const OWN = ['calls.sqlite', 'calls.sqlite-wal', 'calls.sqlite-shm', 'settings.json', 'api-key.json', 'vault.key', 'logs', 'diagnostics', 'transfer'];

describe.skipIf(process.platform === 'win32')('data directory privacy', () => {
  it('a new data directory is 0700 and every file in it 0600, WAL and SHM included', async () => {
    const dataDir = join(tempDir(), 'new-install');
    await useEveryFile(dataDir);
    const m = modes(dataDir);
    expect(Object.keys(m)).toEqual(expect.arrayContaining(OWN));
    expect(Object.keys(m).filter((n) => /^(diagnostics|transfer)\/./.test(n))).toHaveLength(2);
    for (const dir of ['.', 'logs', 'diagnostics', 'transfer']) expect(m[dir], dir).toBe('700');
    for (const [name, mode] of Object.entries(m)) if (!['.', 'logs', 'diagnostics', 'transfer'].includes(name)) expect(mode, name).toBe('600');
  });

  it('exporting into a diagnostics or transfer folder left readable by everyone makes it private again', async () => {
    const dataDir = join(tempDir(), 'exports');
    const f = await useEveryFile(dataDir);
    for (const dir of ['diagnostics', 'transfer']) chmodSync(join(dataDir, dir), 0o755);
    const support = { logDir: join(dataDir, 'logs'), about: () => ({}) };
    await exportDiagnostics(f.svc, support);
    await f.svc.transfer.exportFile(support);
    const m = modes(dataDir);
    expect([m.diagnostics, m.transfer]).toEqual(['700', '700']);
  });

  it('an existing install left readable by everyone is tightened on start', async () => {
    const dataDir = join(tempDir(), 'old-install');
    await (await useEveryFile(dataDir)).close();
    writeFileSync(join(dataDir, 'logs', 'app.log'), 'older log\n');
    writeFileSync(join(dataDir, 'outbox-status.json'), '{"unsent":2}\n'); // --outbox-status's answer for IT
    const folders = ['logs', 'diagnostics', 'transfer'];
    for (const name of readdirSync(dataDir)) chmodSync(join(dataDir, name), folders.includes(name) ? 0o755 : 0o644);
    for (const folder of folders) for (const name of readdirSync(join(dataDir, folder))) chmodSync(join(dataDir, folder, name), 0o644);
    chmodSync(dataDir, 0o755);
    // Not the app's: a data directory named by CALLLOG_DATA_DIR can hold the user's own things.
    writeFileSync(join(dataDir, 'shared-notes.txt'), 'for the next shift\n', { mode: 0o644 });
    mkdirSync(join(dataDir, 'team-folder'), { mode: 0o775 });
    writeFileSync(join(dataDir, 'team-folder', 'rota.csv'), 'Mon,Asha\n', { mode: 0o664 });
    chmodSync(join(dataDir, 'team-folder'), 0o775);
    chmodSync(join(dataDir, 'team-folder', 'rota.csv'), 0o664);

    const f = track(await openEngine(dataDir));
    expect(f.svc.keyStatus().hasKey).toBe(true); // tightening lost nothing
    const m = modes(dataDir);
    expect(Object.keys(m)).toEqual(expect.arrayContaining(OWN));
    const foreign = ['shared-notes.txt', 'team-folder', 'team-folder/rota.csv'];
    expect(foreign.map((n) => m[n])).toEqual(['644', '775', '664']);
    for (const dir of ['.', ...folders]) expect(m[dir], dir).toBe('700');
    for (const [name, mode] of Object.entries(m)) if (![...foreign, '.', ...folders].includes(name)) expect(mode, name).toBe('600');
  });
});

if (process.platform === 'win32') console.info('data directory privacy: skipped on Windows, where the per-user profile ACL keeps the data directory private');
