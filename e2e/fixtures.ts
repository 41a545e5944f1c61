// Each test gets its own world: a fresh data dir, its own LeadSquared sandbox
// on loopback, and the app under test, on the host its Playwright project
// names: the browser host in this process (served to Chromium), or the
// Electron app through _electron. Specs speak only to the world, so the same
// spec runs on both.
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Timing } from '../electron/core/service';
import { startSandbox, type Sandbox, type SandboxOptions } from '../electron/sandbox/server';
import { electronBinary } from '../scripts/electron-binary.mjs';
import { startBrowserSession } from './hosts/browser-host';
import { startElectronSession } from './hosts/electron';
import type { HostKind, HostSession, ServiceProbe } from './hosts/types';

export type { HostKind } from './hosts/types';

/** Minutes shrunk to fractions of a second, so a test sees a whole call's life. */
export const E2E_TIMING: Partial<Timing> = {
  backoff: { baseMs: 200, capMs: 1000 },
  schedule: { firstMinMs: 200, firstUnknownMs: 300, slackMs: 100, laterMs: [300, 600, 1000] },
  requestTimeoutMs: 3000,
};

export interface AppWorld {
  kind: HostKind;
  /** The engine of the app under test (in this process or in Electron's main). */
  service: ServiceProbe;
  sandbox: Sandbox;
  dataDir: string;
  /** The browser host's server; null under Electron. */
  host: HostSession['host'];
  /** The Electron app; null for the browser host. */
  electron: HostSession['electron'];
  /** The app's built-in sandbox (sandbox mode) once started; browser host only, else null. */
  builtInSandbox(): Sandbox | null;
  /** Points Settings at this test's sandbox, with its key (sandbox mode off). */
  configure(opts?: { key?: string }): Promise<void>;
  /** Opens the app in the page. */
  open(page: Page): Promise<void>;
  grantClipboard(page: Page): Promise<void>;
  readClipboard(page: Page): Promise<string>;
  /** Where the desktop app's next save dialog saves (the browser host saves into the data dir without asking). */
  answerSaveDialog(path: string): Promise<void>;
  /** Stops the sandbox (LeadSquared unreachable) and starts it again on the same port. */
  stopSandbox(): Promise<void>;
  restartSandbox(): Promise<void>;
}

interface Options {
  /** Which host the project runs the app on. */
  hostKind: HostKind;
  sandboxOptions: SandboxOptions;
  /** Merged over E2E_TIMING, e.g. a small rateLimit so a test can watch a batch drain. */
  engineTiming: Partial<Timing>;
  /** An IT policy file for this test's app (CALLLOG_POLICY_FILE), or null for none. */
  policy: object | string | null;
}

export const test = base.extend<{ world: AppWorld } & Options>({
  hostKind: ['browser-host', { option: true }],
  sandboxOptions: [{ processingDelayMs: 400 }, { option: true }],
  engineTiming: [{}, { option: true }],
  policy: [null, { option: true }],
  world: async ({ hostKind, sandboxOptions, engineTiming, policy, timezoneId }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'calllog-e2e-'));
    let sandbox = await startSandbox(sandboxOptions);
    const env: Record<string, string> = { CALLLOG_ALLOW_HTTP_LOOPBACK: '1' };
    if (policy !== null) {
      env.CALLLOG_POLICY_FILE = join(dataDir, 'it-policy.json');
      writeFileSync(env.CALLLOG_POLICY_FILE, typeof policy === 'string' ? policy : JSON.stringify(policy));
    }
    const launch = { dataDir, env, timing: { ...E2E_TIMING, ...engineTiming }, sandboxDelayMs: 400, timezoneId };
    let session: HostSession;
    if (hostKind === 'electron') {
      const binary = electronBinary();
      if (!binary.path) throw new Error(`The electron project needs the Electron binary: ${binary.missing}`);
      session = await startElectronSession(binary.path, launch);
    } else {
      session = await startBrowserSession(launch);
    }
    const world: AppWorld = {
      kind: session.kind,
      service: session.service,
      get sandbox() {
        return sandbox;
      },
      dataDir,
      host: session.host,
      electron: session.electron,
      builtInSandbox: () => session.builtInSandbox(),
      async configure(opts = {}) {
        await session.service.updateSettings({ useSandbox: false, asyncHost: sandbox.host, trustedHost: sandbox.host, callLogUrl: sandbox.callLogUrl, agentName: 'Asha Rao', agentNumber: '8611795988' });
        await session.service.setKey(opts.key ?? sandbox.apiKey);
      },
      async open(page) {
        await session.open(page);
        await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      },
      grantClipboard: (page) => session.grantClipboard(page),
      readClipboard: (page) => session.readClipboard(page),
      answerSaveDialog: (path) => session.answerSaveDialog(path),
      async stopSandbox() {
        await sandbox.close();
      },
      async restartSandbox() {
        const o = sandbox.options;
        sandbox = await startSandbox({ ...sandboxOptions, port: sandbox.port, apiKey: o.apiKey, connectors: o.connectors });
      },
    };
    try {
      await use(world);
    } finally {
      await session.close();
      await sandbox.close();
      // Windows may hold a file of a just-closed app for a moment.
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    }
  },
  // Under Electron the page is the app's own window. (Chromium still opens a
  // blank page for the unused default; overriding `context` instead would make
  // Playwright open pages in Electron, which it cannot.)
  page: async ({ page, world }, use) => {
    await use(world.electron ? world.electron.window : page);
  },
});

export { expect };
