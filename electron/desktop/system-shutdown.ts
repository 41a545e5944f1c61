// The end of a shift is usually the computer shutting down with the app still
// open. Quitting cleanly then, rather than being killed, finishes what is on the
// wire and lets the team database hear this desktop sign off, so another desktop
// follows its calls still In-Queue at once instead of after minutes of silence.
import { app, BrowserWindow, powerMonitor } from 'electron';

export interface SystemShutdownOptions {
  platform: NodeJS.Platform;
  /** Starts the app's own quit (the bounded clean stop of setupQuit). */
  quit(): void;
  /** The app lives on with no window (closed to the tray): Windows then has no window to ask. */
  livesWithoutWindow: boolean;
  log?: (msg: string) => void;
}

/** Listens for the system going down; returns the undo. */
export function setupSystemShutdown(opts: SystemShutdownOptions): () => void {
  if (opts.platform === 'win32') {
    // Windows asks every window first (WM_QUERYENDSESSION). Delaying would leave the agent
    // on the "apps are preventing shutdown" screen, so the quit only starts here, while
    // Windows asks the other apps.
    const onQuery = () => {
      opts.log?.('Windows is ending the session: quitting');
      opts.quit();
    };
    const onWindow = (_event: unknown, win: BrowserWindow) => win.on('query-session-end', onQuery);
    app.on('browser-window-created', onWindow);
    // Closed to the tray, a hidden window with nothing in it stands in, so the end of a shift
    // still signs this desktop off rather than leaving its calls unfollowed for minutes.
    let stand: BrowserWindow | null = null;
    const onAllClosed = () => {
      if (!opts.livesWithoutWindow || (stand && !stand.isDestroyed())) return;
      stand = new BrowserWindow({
        show: false,
        width: 1,
        height: 1,
        skipTaskbar: true,
        focusable: false,
        webPreferences: {
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          javascript: false,
          webviewTag: false,
          navigateOnDragDrop: false,
          spellcheck: false,
        },
      });
      // It never shows anything: the main window's guards (window.ts) would open a link in the
      // browser; here nothing goes anywhere, should anything ever try.
      const wc = stand.webContents;
      wc.setWindowOpenHandler(() => ({ action: 'deny' }));
      wc.on('will-navigate', (event) => event.preventDefault());
      wc.on('will-attach-webview', (event) => event.preventDefault());
      stand.on('query-session-end', onQuery);
    };
    app.on('window-all-closed', onAllClosed);
    return () => {
      app.off('browser-window-created', onWindow);
      app.off('window-all-closed', onAllClosed);
      if (stand && !stand.isDestroyed()) stand.destroy();
    };
  }
  // Linux (logind) and macOS: Electron holds the shutdown back while we quit, as documented.
  const onShutdown = (event?: { preventDefault(): void }) => {
    event?.preventDefault();
    opts.log?.('The system is shutting down: quitting');
    opts.quit();
  };
  // The typings leave out the event the handler may call preventDefault() on.
  const monitor = powerMonitor as unknown as { on(e: 'shutdown', l: typeof onShutdown): void; off(e: 'shutdown', l: typeof onShutdown): void };
  monitor.on('shutdown', onShutdown);
  return () => monitor.off('shutdown', onShutdown);
}
