import { defineConfig } from '@playwright/test';
import type { HostKind } from './e2e/fixtures';
import { createRequire } from 'node:module';
import { electronBinary } from './scripts/electron-binary.mjs';
import { chooseSqliteBinding, installedSqlite } from './electron/sqlite-binding';

// Debian's Chromium, never a downloaded one (downloads fail on these machines).
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// The same specs run on the Electron app where its binary exists. Where it does
// not, the project is still listed but runs nothing, and says why once (the
// config is read again by every worker; they inherit the flag set here).
const electron = electronBinary();
if (!electron.path) {
  if (process.env.CALLLOG_REQUIRE_ELECTRON === '1') throw new Error(`CALLLOG_REQUIRE_ELECTRON=1 but ${electron.missing}`);
  if (!process.env.CALLLOG_ELECTRON_SKIP_SAID) {
    process.env.CALLLOG_ELECTRON_SKIP_SAID = '1';
    console.log(`[electron] project skipped: ${electron.missing}. The browser-host project runs the same specs.`);
  }
} else {
  // Without the outbox's addon built for Electron the app cannot start, and every spec would only
  // time out waiting for a window: say what to run instead.
  const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
  const { note } = chooseSqliteBinding({ electronVersion, isPackaged: false, installed: installedSqlite });
  if (note) throw new Error(`[electron] The Electron binary is installed but the app cannot open its outbox under it. ${note}`);
}

export default defineConfig<{ hostKind: HostKind }>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // A real PostgreSQL server for the team database's specs.
  globalSetup: './e2e/pg-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'browser-host', use: { hostKind: 'browser-host' }, testIgnore: 'electron/**' },
    {
      name: 'electron',
      use: { hostKind: 'electron' },
      // Specs of the browser host's own HTTP surface have no Electron counterpart to run.
      grepInvert: /@browser-host/,
      ...(electron.path ? {} : { testIgnore: '**/*' }),
    },
  ],
});
