// The one app window and the guards around what its page may do. The page is
// our own bundle, but a guard here still holds if a bug ever lets content in.
import { BrowserWindow, type Session, type WebContents } from 'electron';
import type { Page } from '../shared/ipc-names';
import { APP_ENTRY_URL, isAppUrl } from './app-protocol';
import { openExternal } from './desktop/external-link';
import { pushEvent } from './ipc-main';

export interface MainWindowOptions {
  preloadPath: string;
  iconPath?: string;
  /** Development runs only: an agent's copy has no menu item for DevTools, and no way to open them either. */
  devTools?: boolean;
  log?: (msg: string) => void;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Call Log for LeadSquared',
    ...(opts.iconPath ? { icon: opts.iconPath } : {}),
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      // Chromium would fetch spellcheck dictionaries from the network: the app talks to nothing but LeadSquared.
      spellcheck: false,
      devTools: opts.devTools ?? false,
    },
  });
  guardWebContents(win.webContents);
  denyPermissions(win.webContents.session);
  reloadAfterCrash(win.webContents, opts.log);
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_ENTRY_URL).catch((err: unknown) => opts.log?.(`Could not load the app page: ${String(err)}`));
  return win;
}

/** No new windows, no leaving the bundle, no <webview>; https links go to the browser. */
export function guardWebContents(wc: WebContents): void {
  wc.setWindowOpenHandler(({ url }) => {
    void openExternal(url);
    return { action: 'deny' };
  });
  wc.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    void openExternal(event.url);
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
}

/** A page that keeps crashing is not reloaded more often than this in a minute. */
export const CRASH_RELOADS_PER_MINUTE = 3;

/**
 * The page's process can die (out of memory, a GPU driver, killed by the OS) and leave a blank
 * window in front of an agent mid-shift: the outbox lives in main, so a reload loses nothing saved.
 * Not in a loop: a page that keeps dying stays down (and says so in the log) until the window is
 * opened again from the tray, the shortcut or a second launch.
 */
export function reloadAfterCrash(wc: WebContents, log?: (msg: string) => void, now: () => number = Date.now): void {
  const reloads: number[] = [];
  wc.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    const t = now();
    while (reloads.length > 0 && reloads[0]! <= t - 60_000) reloads.shift();
    const again = reloads.length < CRASH_RELOADS_PER_MINUTE;
    log?.(`The app page's process ended (${details.reason}, exit code ${details.exitCode}): ${again ? 'reloading it' : `not reloaded, it ended ${CRASH_RELOADS_PER_MINUTE} times within a minute`}`);
    if (!again) return;
    reloads.push(t);
    wc.reload();
  });
}

/**
 * Camera, microphone, geolocation, notifications, clipboard reads...: all
 * refused. The one exception is a sanitized clipboard write from our own page
 * (History's "copy RequestID" uses navigator.clipboard.writeText).
 */
const GRANTED_TO_APP: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function denyPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => callback(GRANTED_TO_APP.has(permission) && isAppUrl(details.requestingUrl)));
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => GRANTED_TO_APP.has(permission) && isAppUrl(requestingOrigin));
}

/** Brings the window to the front, restoring it from the taskbar if needed. */
export function showWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/**
 * The main window over the app's life: closing it destroys it, and the tray,
 * the shortcut or a second launch make a new one. `navigate` waits for the page
 * to load, because a message sent before the preload runs is lost.
 */
export class MainWindowHost {
  private win: BrowserWindow | null = null;
  private loaded = false;
  private pendingPage: Page | null = null;

  constructor(private readonly create: () => BrowserWindow) {}

  current(): BrowserWindow | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  webContents(): WebContents | null {
    return this.current()?.webContents ?? null;
  }

  /** The window, made if there is none. */
  open(): BrowserWindow {
    const existing = this.current();
    if (existing) return existing;
    const win = this.create();
    this.win = win;
    this.loaded = false;
    win.webContents.on('did-finish-load', () => {
      this.loaded = true;
      const page = this.pendingPage;
      this.pendingPage = null;
      if (page) pushEvent(win.webContents, 'navigate', { page });
    });
    win.on('closed', () => {
      if (this.win === win) this.win = null;
    });
    return win;
  }

  show(): BrowserWindow {
    const win = this.open();
    showWindow(win);
    return win;
  }

  showPage(page: Page): void {
    const win = this.show();
    if (this.loaded) pushEvent(win.webContents, 'navigate', { page });
    else this.pendingPage = page;
  }
}
