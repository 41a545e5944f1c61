// The data directory and every file the app keeps in it are the user's alone:
// for a new install, and for an old one whose files were readable by everyone.
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callInput, openEngine, waitForState } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';

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

/** Logs a call, saves the key and settings: every kind of file the engine writes exists afterwards. */
async function useEveryFile(dataDir: string) {
  const f = track(await openEngine(dataDir));
  const { id } = f.svc.logCall(callInput());
  await waitForState(f.svc, id, 'final');
  await f.svc.updateSettings({ agentName: 'Asha' });
  return f;
}

describe.skipIf(process.platform === 'win32')('data directory privacy', () => {
  it('a new data directory is 0700 and every file in it 0600, WAL and SHM included', async () => {
    const dataDir = join(tempDir(), 'new-install');
    await useEveryFile(dataDir);
    const m = modes(dataDir);
    expect(Object.keys(m)).toEqual(expect.arrayContaining(['calls.sqlite', 'calls.sqlite-wal', 'calls.sqlite-shm', 'settings.json', 'api-key.json', 'vault.key']));
    expect(m['.']).toBe('700');
    for (const [name, mode] of Object.entries(m)) if (name !== '.') expect(mode, name).toBe('600');
  });

  it('an existing install left readable by everyone is tightened on start', async () => {
    const dataDir = join(tempDir(), 'old-install');
    await (await useEveryFile(dataDir)).close();
    mkdirSync(join(dataDir, 'logs'));
    writeFileSync(join(dataDir, 'logs', 'app.log'), 'older log\n');
    for (const name of readdirSync(dataDir)) chmodSync(join(dataDir, name), name === 'logs' ? 0o755 : 0o644);
    chmodSync(join(dataDir, 'logs', 'app.log'), 0o644);
    chmodSync(dataDir, 0o755);

    const f = track(await openEngine(dataDir));
    expect(f.svc.keyStatus().hasKey).toBe(true); // tightening lost nothing
    const m = modes(dataDir);
    expect(m['.']).toBe('700');
    expect(m.logs).toBe('700');
    for (const [name, mode] of Object.entries(m)) if (name !== '.' && name !== 'logs') expect(mode, name).toBe('600');
  });
});

if (process.platform === 'win32') console.info('data directory privacy: skipped on Windows, where the per-user profile ACL keeps the data directory private');
