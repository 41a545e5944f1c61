// `npm run start:browser` opens the app through an owner-only launch file, so
// the token never appears on a command line other users can read.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { browserCommand, removeLaunchFile, writeLaunchFile } from '../electron/browser-host/launch-file';
import { startBrowserHost } from '../electron/browser-host/server';
import { expect, test } from './fixtures';

const rendererDir = fileURLToPath(new URL('../dist/renderer/', import.meta.url));

test('the launch file opens the app, keeps the token off the command line, and is gone once used', async ({ page, world }) => {
  let file = '';
  const host = await startBrowserHost({ service: world.service, rendererDir, onFirstAuthorized: () => removeLaunchFile(file) });
  try {
    file = writeLaunchFile(world.dataDir, host.url);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(world.dataDir).mode & 0o777).toBe(0o700);
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
  }
});
