// What a spec may ask of the app under test, whichever host runs it. The
// engine lives in this process (browser host) or in Electron's main process,
// so every call on it is async.
import type { BrowserHost } from '../../electron/browser-host/server';
import type { CallLogService } from '../../electron/core/service';
import type { ElectronApplication, Page } from '@playwright/test';
import type { Sandbox } from '../../electron/sandbox/server';

export type HostKind = 'browser-host' | 'electron';

type Probed = 'logCall' | 'getEntry' | 'listEntries' | 'retryNow' | 'getSettings' | 'updateSettings' | 'keyStatus' | 'setKey' | 'clearKey' | 'countByState' | 'connectionInfo';
/** The service's methods the specs use, each returning a promise. */
export type ServiceProbe = { [K in Probed]: (...args: Parameters<CallLogService[K]>) => Promise<Awaited<ReturnType<CallLogService[K]>>> };
export const PROBED: readonly Probed[] = ['logCall', 'getEntry', 'listEntries', 'retryNow', 'getSettings', 'updateSettings', 'keyStatus', 'setKey', 'clearKey', 'countByState', 'connectionInfo'];

export interface HostSession {
  kind: HostKind;
  service: ServiceProbe;
  /** The browser host's server; null under Electron. */
  host: BrowserHost | null;
  /** The Electron app and its window; null for the browser host. */
  electron: { app: ElectronApplication; window: Page } | null;
  /** The built-in sandbox (sandbox mode) once started, for injecting faults; in this process only (browser host), else null. */
  builtInSandbox(): Sandbox | null;
  /** Shows the app, fresh, in `page` (the browser host navigates; Electron reloads its window). */
  open(page: Page): Promise<void>;
  /** Lets the page write to the clipboard, and reads it back. */
  grantClipboard(page: Page): Promise<void>;
  readClipboard(page: Page): Promise<string>;
  /** Electron: the next save dialog answers `path`. The browser host has none (it saves into the data dir). */
  answerSaveDialog(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  dataDir: string;
  /** Engine timings (minutes shrunk to fractions of a second). */
  timing: object;
  /** Processing delay of the built-in sandbox. */
  sandboxDelayMs: number;
  /** Extra environment: CALLLOG_POLICY_FILE, CALLLOG_ALLOW_HTTP_LOOPBACK. */
  env: Record<string, string>;
  timezoneId?: string | undefined;
}
