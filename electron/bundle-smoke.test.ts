// The built main bundle, run in Node with the shared electron mock: catches what
// type checks cannot (ESM/CJS interop with electron-store, require() in bundled
// CommonJS, externals that do not resolve) and proves quitting ends the process.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../test/support/temp-dir';
import { CSP } from './app-protocol';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside the repo so the bundle's externals (better-sqlite3, electron-store, conf) resolve.
const out = join(root, 'node_modules', '.cache', `calllog-bundle-${process.pid}`);
const tempDir = useTempDirs();
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('dist-electron bundle', () => {
  it('builds, starts, answers over IPC and exits after quit', () => {
    execFileSync(process.execPath, ['scripts/build-electron.mjs', out], { cwd: root, stdio: 'pipe' });
    expect(readdirSync(out).sort()).toEqual(['icon.png', 'main.mjs', 'main.mjs.map', 'preload.cjs', 'preload.cjs.map']);

    const userData = tempDir();
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--import', './test/support/electron-smoke.mjs', join(out, 'main.mjs')], {
      cwd: root,
      env: { ...process.env, CALLLOG_SMOKE_USERDATA: userData },
      timeout: 25_000,
      encoding: 'utf8',
    });
    const findings = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(findings).toMatchObject({
      shortcuts: ['CommandOrControl+Shift+L'],
      trays: 1,
      preload: join(out, 'preload.cjs'),
      connection: { ok: true, value: { mode: 'sandbox', ready: true } },
      csp: CSP,
    });
    expect(findings.handlers).toBeGreaterThan(10);
    // electron-store wrote settings.json where the service keeps its data.
    expect(existsSync(join(userData, 'settings.json'))).toBe(true);
    expect(existsSync(join(userData, 'calls.sqlite'))).toBe(true);
  });
});
