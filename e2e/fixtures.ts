// Each test gets its own world: a fresh data dir, its own LeadSquared sandbox
// on loopback, the real engine, and the browser host serving the built renderer.
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserHost, type BrowserHost } from '../electron/browser-host/server';
import { CallLogService, type Timing } from '../electron/core/service';
import { FileKeyCipher } from '../electron/core/vault';
import { builtInSandbox } from '../electron/sandbox-provider';
import { startSandbox, type Sandbox, type SandboxOptions } from '../electron/sandbox/server';

const rendererDir = fileURLToPath(new URL('../dist/renderer/', import.meta.url));

/** Minutes shrunk to fractions of a second, so a test sees a whole call's life. */
export const E2E_TIMING: Partial<Timing> = {
  backoff: { baseMs: 200, capMs: 1000 },
  schedule: { firstMinMs: 200, firstUnknownMs: 300, slackMs: 100, laterMs: [300, 600, 1000] },
  requestTimeoutMs: 3000,
};

export interface AppWorld {
  service: CallLogService;
  sandbox: Sandbox;
  host: BrowserHost;
  dataDir: string;
  /** Points Settings at this test's sandbox, with its key (sandbox mode off). */
  configure(opts?: { key?: string }): Promise<void>;
  /** Opens the app in the page. */
  open(page: Page): Promise<void>;
  /** Stops the sandbox (LeadSquared unreachable) and starts it again on the same port. */
  stopSandbox(): Promise<void>;
  restartSandbox(): Promise<void>;
}

export const test = base.extend<{ world: AppWorld; sandboxOptions: SandboxOptions; engineTiming: Partial<Timing> }>({
  sandboxOptions: [{ processingDelayMs: 400 }, { option: true }],
  /** Merged over E2E_TIMING, e.g. a small rateLimit so a test can watch a batch drain. */
  engineTiming: [{}, { option: true }],
  world: async ({ sandboxOptions, engineTiming }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'calllog-e2e-'));
    let sandbox = await startSandbox(sandboxOptions);
    const service = await CallLogService.open({
      dataDir,
      cipher: new FileKeyCipher(dataDir),
      env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1' },
      sandbox: builtInSandbox(400),
      timing: { ...E2E_TIMING, ...engineTiming },
    });
    const host = await startBrowserHost({ service, rendererDir, checkOutput: true });
    const world: AppWorld = {
      service,
      get sandbox() {
        return sandbox;
      },
      host,
      dataDir,
      async configure(opts = {}) {
        await service.updateSettings({ useSandbox: false, asyncHost: sandbox.host, trustedHost: sandbox.host, callLogUrl: sandbox.callLogUrl, agentName: 'Asha Rao', agentNumber: '8611795988' });
        service.setKey(opts.key ?? sandbox.apiKey);
      },
      async open(page) {
        await page.goto(host.url);
        await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      },
      async stopSandbox() {
        await sandbox.close();
      },
      async restartSandbox() {
        const o = sandbox.options;
        sandbox = await startSandbox({ ...sandboxOptions, port: sandbox.port, apiKey: o.apiKey, connectors: o.connectors });
      },
    };
    await use(world);
    await host.close();
    await service.close();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };
