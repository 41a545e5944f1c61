// `npm run start:browser` opens the app through an owner-only launch file, so
// the token never appears on a command line other users can read.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { browserCommand, removeLaunchFile, writeLaunchFile } from '../electron/browser-host/launch-file';
import { startBrowserHost } from '../electron/browser-host/server';
import { CallLogService } from '../electron/core/service';
import { FileKeyCipher } from '../electron/core/vault';
import { posixModesApply } from '../test/support/file-modes';
import { expect, test } from './fixtures';

const rendererDir = fileURLToPath(new URL('../dist/renderer/', import.meta.url));

// The browser host's own launcher: nothing to do with the Electron app.
test('the launch file opens the app, keeps the token off the command line, and is gone once used', { tag: '@browser-host' }, async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'calllog-launch-'));
  const service = await CallLogService.open({ dataDir, cipher: new FileKeyCipher(dataDir) });
  let file = '';
  const host = await startBrowserHost({ service, rendererDir, onFirstAuthorized: () => removeLaunchFile(file) });
  try {
    file = writeLaunchFile(dataDir, host.url);
    if (posixModesApply('launch file and data directory')) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    }
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const [cmd, args] = browserCommand(file, platform);
      expect([cmd, ...args].join(' '), platform).not.toContain(host.token);
      expect(args).toContain(file);
    }

    await page.goto(pathToFileURL(file).href);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(host.origin);
    await expect.poll(() => existsSync(file)).toBe(false);
  } finally {
    await host.close();
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
