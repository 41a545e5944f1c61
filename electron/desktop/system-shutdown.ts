// The end of a shift is usually the computer shutting down with the app still
// open. Quitting cleanly then, rather than being killed, finishes what is on the
// wire and lets the team database hear this desktop sign off, so another desktop
// follows its calls still In-Queue at once instead of after minutes of silence.
import { app, powerMonitor, type BrowserWindow } from 'electron';

export interface SystemShutdownOptions {
  platform: NodeJS.Platform;
  /** Starts the app's own quit (the bounded clean stop of setupQuit). */
  quit(): void;
  log?: (msg: string) => void;
}

/** Listens for the system going down; returns the undo. */
export function setupSystemShutdown(opts: SystemShutdownOptions): () => void {
  if (opts.platform === 'win32') {
    // Windows asks every window first (WM_QUERYENDSESSION). Delaying would leave the agent
    // on the "apps are preventing shutdown" screen, so the quit only starts here, while
    // Windows asks the other apps; without a window (closed to the tray) nobody is asked.
    const onQuery = () => {
      opts.log?.('Windows is ending the session: quitting');
      opts.quit();
    };
    const onWindow = (_event: unknown, win: BrowserWindow) => win.on('query-session-end', onQuery);
    app.on('browser-window-created', onWindow);
    return () => app.off('browser-window-created', onWindow);
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
