// The Electron host, one setupX() per concern (the electron/fiddle shape).
// main.ts supplies the paths and the electron-store; tests call startApp with
// the shared electron mock, a temp data dir and the plain conf store.
import { app, Notification, type Tray } from 'electron';
import { join } from 'node:path';
import type { Page } from '../shared/ipc-names';
import { registerAppScheme, setupAppProtocol } from './app-protocol';
import { openLog } from './core/logging';
import { CallLogService, type SandboxProvider, type Timing } from './core/service';
import type { SettingsBackend } from './core/settings';
import type { Cipher } from './core/vault';
import { setupMenu, type MenuOptions, type UpdateOffer } from './desktop/menu';
import { setupNotifications } from './desktop/notifications';
import { setupGlobalShortcut } from './desktop/shortcut';
import { setupSystemShutdown } from './desktop/system-shutdown';
import { electronSupport, exportDiagnosticsFromMenu } from './desktop/support';
import { setupTray, trayMenu, type TrayOptions } from './desktop/tray';
import { setupUpdates, type UpdateEngine, type Updates } from './desktop/updater';
import { setupIpc } from './ipc-main';
import { builtInSandbox } from './sandbox-provider';
import { sqliteBindingForThisProcess } from './sqlite-binding';
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
  /** Where lines go besides the log file in <data dir>/logs (tests collect them). */
  log?: (msg: string) => void;
  /** electron-updater, adapted (main.ts: packaged builds only), and the feed built into the install. */
  updater?: (log: (msg: string) => void) => Promise<{ engine: UpdateEngine; builtInFeed: string | null } | null>;
  /** How long a quit or an update's restart waits for the service to close (tests shorten it). */
  quitWaitMs?: number;
}

export interface RunningApp {
  svc: CallLogService;
  windows: MainWindowHost;
  tray: Tray | null;
  updates: Updates | null;
  /** Undoes every setup and closes the service (what 'will-quit' runs). */
  stop(): Promise<void>;
}

/** Before 'ready': scheme privileges, Chromium features, and the single-instance lock (false = quit now). */
export function prepareApp(platform: NodeJS.Platform = process.platform): boolean {
  registerAppScheme();
  // In a Wayland session the system-wide shortcut only works through the desktop portal (Electron's
  // globalShortcut docs; without it, at best while an X11 window has focus: electron#15863).
  // Chromium reads its features at start, so this cannot wait for 'ready'; X11 sessions ignore it.
  if (platform === 'linux') {
    const features = app.commandLine.getSwitchValue('enable-features');
    app.commandLine.appendSwitch('enable-features', features ? `${features},GlobalShortcutsPortal` : 'GlobalShortcutsPortal');
  }
  return app.requestSingleInstanceLock();
}

function setupService(opts: StartOptions, log: (msg: string) => void): Promise<CallLogService> {
  const sqlite = sqliteBindingForThisProcess(app.isPackaged);
  if (sqlite.note) log(sqlite.note);
  return CallLogService.open({
    dataDir: opts.dataDir,
    cipher: opts.cipher ?? new SafeStorageCipher(),
    ...(opts.settingsBackend ? { settingsBackend: opts.settingsBackend(opts.dataDir) } : {}),
    sandbox: opts.sandbox ?? builtInSandbox(),
    ...(opts.timing ? { timing: opts.timing } : {}),
    ...(opts.env ? { env: opts.env } : {}),
    sqlite: { nativeBinding: sqlite.nativeBinding },
    log,
  });
}

/** A second launch (a double-clicked shortcut) brings the running window forward. */
function setupSingleInstance(windows: MainWindowHost): () => void {
  const onSecond = () => windows.show();
  app.on('second-instance', onSecond);
  return () => app.off('second-instance', onSecond);
}

/**
 * Closing the window leaves the app in the tray, sending. Said once a run: an agent who closed it to
 * "quit" should know calls still go out, and where the window is; GNOME without its AppIndicator
 * extension shows no tray icon at all (a second launch brings the window back there).
 */
export const STILL_RUNNING = {
  title: 'Call Log is still running',
  body: 'It keeps sending your calls. Open it again from its icon in the tray, or start Call Log again.',
};

/** With a tray the app lives on after its window closes; without one it quits (macOS: stays in the dock). */
function setupWindowLifecycle(windows: MainWindowHost, tray: Tray | null, platform: NodeJS.Platform): () => void {
  let told = false;
  // Electron drops a Notification's click handler if the object is collected: kept until done.
  let notice: Notification | null = null;
  const onAllClosed = () => {
    if (!tray && platform !== 'darwin') app.quit();
    if (!tray || told || !Notification.isSupported()) return;
    told = true;
    notice = new Notification(STILL_RUNNING);
    notice.on('click', () => {
      notice = null;
      windows.show();
    });
    notice.on('close', () => (notice = null));
    notice.show();
  };
  const onActivate = () => windows.show();
  app.on('window-all-closed', onAllClosed);
  app.on('activate', onActivate);
  return () => {
    app.off('window-all-closed', onAllClosed);
    app.off('activate', onActivate);
  };
}

/**
 * How long quitting waits for the service: longer than one LeadSquared request (20 s timeout), so a
 * call on the wire gets its answer before the app exits, also when an update installs on quit.
 * A send cut off anyway is sent again with the same CallSessionId at the next start.
 */
const QUIT_WAIT_MS = 25_000;

/** `stop`, given at most `ms`: whatever then waits for it (a quit, an update's restart) goes on. */
function within(stop: () => Promise<void>, ms: number, log: (msg: string) => void): () => Promise<void> {
  return () =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        log(`Closing took longer than ${ms / 1000} s; going on without waiting`);
        resolve();
      }, ms);
      timer.unref();
      stop().then(resolve, reject).finally(() => clearTimeout(timer));
    });
}

/** Quitting waits for the service to stop its loops and close SQLite (bounded by `stop` itself). */
function setupQuit(stop: () => Promise<void>, log: (msg: string) => void): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    stop()
      .catch((err: unknown) => log(`Closing failed: ${String(err)}`))
      .finally(() => {
        state = 'stopped';
        app.quit();
      });
  });
}

/**
 * A kill (a session manager at logout, `kill`, Ctrl+C where the app was started from a terminal)
 * quits as the menu does. Without a listener of ours, when-exit (electron-store's atomic writes)
 * would raise the signal again with nobody left to catch it: the process would die mid-send and
 * never sign off from the team database.
 */
function setupSignals(log: (msg: string) => void): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: quitting`);
    app.quit();
  };
  const signals = ['SIGINT', 'SIGTERM'] as const;
  for (const s of signals) process.on(s, onSignal);
  return () => {
    for (const s of signals) process.off(s, onSignal);
  };
}

/** Checks, downloads, and offers the restart in the menu, the tray and a notification. */
async function setupUpdateOffer(opts: StartOptions, svc: CallLogService, ui: { menu: MenuOptions; tray: Tray | null; trayOptions: TrayOptions }, stop: () => Promise<void>, log: (msg: string) => void): Promise<Updates | null> {
  const updater = await opts.updater?.(log);
  if (!updater) return null;
  // Electron holds a Notification only weakly: collected, it would drop the click that restarts.
  const shown = new Set<Notification>();
  const updates = setupUpdates({
    ...updater,
    policy: svc.policy.updates,
    drain: stop,
    log,
    onReady: (version) => {
      const offer: UpdateOffer = { version, restart: () => void updates.restartToUpdate() };
      setupMenu({ ...ui.menu, update: offer });
      ui.tray?.setContextMenu(trayMenu(ui.trayOptions, offer));
      if (Notification.isSupported()) {
        const n = new Notification({ title: `Update ${version} is ready`, body: 'Restart Call Log when convenient: calls being sent finish first, and none are lost.' });
        shown.add(n);
        n.on('click', () => {
          shown.delete(n);
          offer.restart();
        });
        n.on('close', () => shown.delete(n));
        n.show();
      }
    },
  });
  return updates;
}

export async function startApp(opts: StartOptions): Promise<RunningApp> {
  const appLog = openLog({ dir: join(opts.dataDir, 'logs'), console: opts.isDev, host: 'electron' });
  const log = (msg: string) => {
    appLog.line(msg);
    opts.log?.(msg);
  };
  log(`Starting Call Log ${app.getVersion()} (Electron ${process.versions.electron ?? '?'}), data in ${opts.dataDir}`);
  const platform = opts.platform ?? process.platform;
  if (platform === 'win32') app.setAppUserModelId(APP_ID); // Windows shows no notifications without it

  setupAppProtocol(opts.rendererRoot);
  const svc = await setupService(opts, log);
  const windows = new MainWindowHost(() => createMainWindow({ preloadPath: opts.preloadPath, iconPath: opts.iconPath, devTools: opts.isDev, log }));
  const showPage = (page: Page) => windows.showPage(page);

  const undo: (() => void)[] = [];
  const support = electronSupport(appLog.dir, () => windows.current());
  undo.push(setupIpc(svc, () => windows.webContents(), log, support));
  undo.push(setupSingleInstance(windows));
  const menu: MenuOptions = { platform, isDev: opts.isDev, appName: app.getName(), showPage, exportDiagnostics: () => void exportDiagnosticsFromMenu(svc, support, log) };
  setupMenu(menu);
  const trayOptions: TrayOptions = { iconPath: opts.iconPath, platform, showPage, show: () => windows.show(), quit: () => app.quit(), log };
  const tray = setupTray(trayOptions);
  if (tray) undo.push(() => tray.destroy());
  undo.push(setupWindowLifecycle(windows, tray, platform));
  undo.push(setupGlobalShortcut({ settings: svc.settings, onPress: () => showPage('log-call'), log }));
  undo.push(setupNotifications({ svc, showPage, log }));
  undo.push(setupSystemShutdown({ platform, quit: () => app.quit(), livesWithoutWindow: tray !== null, log }));
  // Kept until the service has closed: the signal when-exit raises again arrives while it closes.
  const offSignals = setupSignals(log);
  windows.open();

  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      for (const u of undo.reverse()) u();
      await svc.close();
      offSignals();
    })();
    return stopped;
  };
  // Bounded for the update's restart too: its drain has already taken IPC and the tray down, so
  // an unbounded wait there would leave a window where nothing works.
  const stopWithin = within(stop, opts.quitWaitMs ?? QUIT_WAIT_MS, log);
  setupQuit(stopWithin, log);
  // The window is open and calls are sending by now: main.ts would end the app with app.exit(1),
  // which skips 'will-quit' and so the clean stop, over a feature the agent can do without.
  let updates: Updates | null = null;
  try {
    updates = await setupUpdateOffer(opts, svc, { menu, tray, trayOptions }, stopWithin, log);
  } catch (err) {
    log(`Updates: not available in this run (${(err as Error)?.message ?? String(err)})`);
  }
  // Quitting may have begun while the updater loaded: then nothing is left to offer a restart in.
  if (updates && stopped) updates.stop();
  else if (updates) undo.push(() => updates.stop());
  return { svc, windows, tray, updates, stop };
}
