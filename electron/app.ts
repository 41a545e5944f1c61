// The Electron host, one setupX() per concern (the electron/fiddle shape).
// main.ts supplies the paths and the electron-store; tests call startApp with
// the shared electron mock, a temp data dir and the plain conf store.
import { app, type Tray } from 'electron';
import type { Page } from '../shared/ipc-names';
import { registerAppScheme, setupAppProtocol } from './app-protocol';
import { CallLogService, type SandboxProvider, type Timing } from './core/service';
import type { SettingsBackend } from './core/settings';
import type { Cipher } from './core/vault';
import { setupMenu } from './desktop/menu';
import { setupNotifications } from './desktop/notifications';
import { setupGlobalShortcut } from './desktop/shortcut';
import { setupTray } from './desktop/tray';
import { setupIpc } from './ipc-main';
import { builtInSandbox } from './sandbox-provider';
import { SafeStorageCipher } from './vault-safe-storage';
import { createMainWindow, MainWindowHost } from './window';

export const APP_ID = 'com.calllog.leadsquared';

export interface StartOptions {
  dataDir: string;
  /** dist/renderer: what app://bundle/ serves. */
  rendererRoot: string;
  preloadPath: string;
  iconPath: string;
  isDev: boolean;
  platform?: NodeJS.Platform;
  /** electron-store under Electron; the service's own conf store when absent. */
  settingsBackend?: (dataDir: string) => SettingsBackend;
  cipher?: Cipher;
  sandbox?: SandboxProvider;
  timing?: Partial<Timing>;
  env?: NodeJS.ProcessEnv;
  log?: (msg: string) => void;
}

export interface RunningApp {
  svc: CallLogService;
  windows: MainWindowHost;
  tray: Tray | null;
  /** Undoes every setup and closes the service (what 'will-quit' runs). */
  stop(): Promise<void>;
}

/** Before 'ready': scheme privileges, and the single-instance lock (false = quit now). */
export function prepareApp(): boolean {
  registerAppScheme();
  return app.requestSingleInstanceLock();
}

function setupService(opts: StartOptions, log: (msg: string) => void): Promise<CallLogService> {
  return CallLogService.open({
    dataDir: opts.dataDir,
    cipher: opts.cipher ?? new SafeStorageCipher(),
    ...(opts.settingsBackend ? { settingsBackend: opts.settingsBackend(opts.dataDir) } : {}),
    sandbox: opts.sandbox ?? builtInSandbox(),
    ...(opts.timing ? { timing: opts.timing } : {}),
    ...(opts.env ? { env: opts.env } : {}),
    log,
  });
}

/** A second launch (a double-clicked shortcut) brings the running window forward. */
function setupSingleInstance(windows: MainWindowHost): () => void {
  const onSecond = () => windows.show();
  app.on('second-instance', onSecond);
  return () => app.off('second-instance', onSecond);
}

/** With a tray the app lives on after its window closes; without one it quits (macOS: stays in the dock). */
function setupWindowLifecycle(windows: MainWindowHost, tray: Tray | null, platform: NodeJS.Platform): () => void {
  const onAllClosed = () => {
    if (!tray && platform !== 'darwin') app.quit();
  };
  const onActivate = () => windows.show();
  app.on('window-all-closed', onAllClosed);
  app.on('activate', onActivate);
  return () => {
    app.off('window-all-closed', onAllClosed);
    app.off('activate', onActivate);
  };
}

/** Quitting waits for the service to stop its loops and close SQLite (bounded: never hang the exit). */
function setupQuit(stop: () => Promise<void>, log: (msg: string) => void): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
    Promise.race([stop(), timeout])
      .catch((err: unknown) => log(`Closing failed: ${String(err)}`))
      .finally(() => {
        state = 'stopped';
        app.quit();
      });
  });
}

export async function startApp(opts: StartOptions): Promise<RunningApp> {
  const log = opts.log ?? ((msg: string) => console.log(`[calllog] ${msg}`));
  const platform = opts.platform ?? process.platform;
  if (platform === 'win32') app.setAppUserModelId(APP_ID); // Windows shows no notifications without it

  setupAppProtocol(opts.rendererRoot);
  const svc = await setupService(opts, log);
  const windows = new MainWindowHost(() => createMainWindow({ preloadPath: opts.preloadPath, iconPath: opts.iconPath, log }));
  const showPage = (page: Page) => windows.showPage(page);

  const undo: (() => void)[] = [];
  undo.push(setupIpc(svc, () => windows.webContents(), log));
  undo.push(setupSingleInstance(windows));
  setupMenu({ platform, isDev: opts.isDev, appName: app.getName(), showPage });
  const tray = setupTray({ iconPath: opts.iconPath, platform, showPage, show: () => windows.show(), quit: () => app.quit(), log });
  if (tray) undo.push(() => tray.destroy());
  undo.push(setupWindowLifecycle(windows, tray, platform));
  undo.push(setupGlobalShortcut({ settings: svc.settings, onPress: () => showPage('log-call'), log }));
  undo.push(setupNotifications({ svc, showPage, log }));
  windows.open();

  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      for (const u of undo.reverse()) u();
      await svc.close();
    })();
    return stopped;
  };
  setupQuit(stop, log);
  return { svc, windows, tray, stop };
}
