// The browser host in this process, started the way `npm run start:browser`
// starts it (logs, policy, server), serving the built renderer to Chromium.
import { fileURLToPath } from 'node:url';
import { startBrowserApp } from '../../electron/browser-host/app';
import type { Timing } from '../../electron/core/service';
import { FileKeyCipher } from '../../electron/core/vault';
import { builtInSandbox } from '../../electron/sandbox-provider';
import type { Sandbox } from '../../electron/sandbox/server';
import { PROBED, type HostSession, type LaunchOptions, type ServiceProbe } from './types';

const rendererDir = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

export async function startBrowserSession(opts: LaunchOptions): Promise<HostSession> {
  let builtIn: Sandbox | null = null;
  const app = await startBrowserApp({
    dataDir: opts.dataDir,
    rendererDir,
    // Never the OS keyring of the machine running the tests.
    cipher: new FileKeyCipher(opts.dataDir),
    env: opts.env,
    sandbox: builtInSandbox(opts.sandboxDelayMs, (s) => (builtIn = s)),
    timing: opts.timing as Partial<Timing>,
    checkOutput: true,
  });
  const svc = app.service as unknown as Record<string, (...a: unknown[]) => unknown>;
  const service = Object.fromEntries(PROBED.map((m) => [m, async (...args: unknown[]) => svc[m]!(...args)])) as ServiceProbe;
  return {
    kind: 'browser-host',
    service,
    host: app.host,
    electron: null,
    builtInSandbox: () => builtIn,
    async open(page) {
      await page.goto(app.host.url);
    },
    async grantClipboard(page) {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.host.origin });
    },
    readClipboard: (page) => page.evaluate(() => navigator.clipboard.readText()),
    async answerSaveDialog() {},
    close: () => app.close(),
  };
}
