// Updates: electron-updater against electron-builder's generic feed (the URL
// built into the app, or IT's own from the policy file). Checked at start and
// daily, downloaded in the background, then offered as "Restart to Update".
// The restart first stops the service, which waits for calls on the wire; the
// outbox keeps everything else, so nothing is lost or sent twice. Stopping the
// service also takes down IPC and the tray, so an installer that then fails to
// run would leave a window where nothing works: the app relaunches instead.
import { app } from 'electron';
import type { AppUpdater, UpdateDownloadedEvent } from 'electron-updater';
import type { UpdatePolicy } from '../core/policy';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** electron-builder.yml's publish URL until a build sets its own: it leads nowhere, on purpose. */
export const PLACEHOLDER_FEED = 'https://updates.calllog.invalid/';

/** The feed URL in the app-update.yml electron-builder writes into an installed app, unless it is the placeholder. */
export function builtInFeed(appUpdateYml: string | null): string | null {
  const url = appUpdateYml?.match(/^url:\s*['"]?([^'"\s]+)/m)?.[1] ?? null;
  return url && !url.startsWith(PLACEHOLDER_FEED) ? url : null;
}

/** The part of an updater this app uses; main.ts adapts electron-updater to it. */
export interface UpdateEngine {
  /** Look for updates at this generic feed instead of the one built into the app. */
  useFeed(url: string): void;
  check(): Promise<void>;
  onDownloaded(listener: (version: string) => void): void;
  onError(listener: (err: Error) => void): void;
  /**
   * Quits and runs the downloaded installer, then starts the app again.
   * Success ends this process, so the promise is only ever rejected: when the
   * updater reports that the installer could not run.
   */
  install(): Promise<void>;
}

/** What electronUpdaterEngine touches of electron-updater's AppUpdater (tests pass a small fake). */
export interface AppUpdaterLike extends Pick<AppUpdater, 'logger' | 'autoDownload' | 'autoInstallOnAppQuit' | 'setFeedURL' | 'checkForUpdates' | 'quitAndInstall'> {
  on(event: 'update-downloaded', listener: (info: UpdateDownloadedEvent) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  once(event: 'error', listener: (err: Error) => void): unknown;
  off(event: 'error', listener: (err: Error) => void): unknown;
}

export function electronUpdaterEngine(u: AppUpdaterLike, logger: AppUpdater['logger']): UpdateEngine {
  u.logger = logger;
  u.autoDownload = true;
  // An update downloaded but not yet installed goes in when the agent quits (the quit stops the service first).
  u.autoInstallOnAppQuit = true;
  return {
    useFeed: (url) => u.setFeedURL({ provider: 'generic', url }),
    check: async () => {
      await u.checkForUpdates();
    },
    onDownloaded: (listener) => void u.on('update-downloaded', (info) => listener(info.version)),
    onError: (listener) => void u.on('error', listener),
    install: () =>
      new Promise<void>((_, reject) => {
        // quitAndInstall never throws for a failed install: it emits 'error' (at once
        // on Windows and Linux, later from Squirrel on macOS) and does not quit.
        const failed = (err: Error) => {
          u.off('error', failed);
          // The app stays on this version: quitting must not run the same installer again, silently.
          u.autoInstallOnAppQuit = false;
          reject(err);
        };
        u.once('error', failed);
        try {
          u.quitAndInstall(false, true);
        } catch (err) {
          failed(err instanceof Error ? err : new Error(String(err)));
        }
      }),
  };
}

/** How long the app may still be running after the installer was started before the update counts as failed. */
export const INSTALL_TIMEOUT_MS = 2 * 60 * 1000;

/**
 * How to start this version again. An AppImage runs from a mount that goes with the process, so
 * the default (this executable) would start nothing: the AppImage file itself is started instead
 * (its path in APPIMAGE, set by the AppImage runtime; electron-builder#1727).
 */
export function relaunchOptions(env: NodeJS.ProcessEnv = process.env): { execPath: string } | undefined {
  return env.APPIMAGE ? { execPath: env.APPIMAGE } : undefined;
}

/** The service is stopped and the install failed: start this version again, which brings everything back. */
function relaunch(): void {
  app.relaunch(relaunchOptions());
  app.quit();
}

/**
 * Resolves never (the app quits into the installer), rejects when the engine
 * reports a failure, or when the app is still running `timeoutMs` later.
 */
function installing(engine: UpdateEngine, timeoutMs: number): Promise<void> {
  return new Promise<void>((_, reject) => {
    let timer: NodeJS.Timeout | undefined;
    // Once the app quits, the installer has taken over: no more waiting.
    const quitting = () => clearTimeout(timer);
    app.once('before-quit', quitting);
    const fail = (err: unknown) => {
      clearTimeout(timer);
      app.off('before-quit', quitting);
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    let started: Promise<void>;
    try {
      started = engine.install();
    } catch (err) {
      started = Promise.reject(err);
    }
    started.catch(fail);
    // Armed only after install() returned: on Linux it blocks while the agent types
    // a password (pkexec), and that wait is not the installer failing.
    timer = setTimeout(() => fail(new Error(`the app was still running ${timeoutMs / 1000} s after the installer was started`)), timeoutMs);
    timer.unref();
  });
}

export interface UpdatesOptions {
  engine: UpdateEngine;
  policy: UpdatePolicy;
  /** The feed built into this install (see builtInFeed); the policy's wins. */
  builtInFeed: string | null;
  /** Stops sending and waits for requests on the wire (the service's close). */
  drain: () => Promise<void>;
  /** An update is downloaded: offer "Restart to Update". */
  onReady: (version: string) => void;
  log: (msg: string) => void;
  intervalMs?: number;
  /** After a failed install, with the service already stopped (default: relaunch this version). */
  recover?: () => void;
  installTimeoutMs?: number;
}

export interface Updates {
  /** The downloaded version waiting for a restart, if any. */
  readyVersion(): string | null;
  /**
   * Waits for in-flight sends, then quits into the installer. Settles only if
   * the install failed, once the app has been told to start again (see `recover`).
   */
  restartToUpdate(): Promise<void>;
  stop(): void;
}

export function setupUpdates(opts: UpdatesOptions): Updates {
  let ready: string | null = null;
  let restarting: Promise<void> | null = null;
  const off: Updates = { readyVersion: () => null, restartToUpdate: async () => {}, stop: () => {} };
  if (!opts.policy.check) {
    opts.log('Updates: not checked on this computer (turned off by the policy file)');
    return off;
  }
  if (opts.policy.url) opts.engine.useFeed(opts.policy.url);
  else if (!opts.builtInFeed) {
    opts.log('Updates: no update feed for this build; IT can set one with "updates": {"url": …} in the policy file');
    return off;
  }
  opts.engine.onError((err) => opts.log(`Updates: ${err.message}`));
  let stopped = false;
  opts.engine.onDownloaded((version) => {
    // A download that finishes while the app quits: the tray and menu it would offer the restart
    // in are gone (a destroyed Tray throws). electron-updater installs it on this quit anyway.
    if (stopped) return opts.log(`Updates: version ${version} downloaded while quitting; installed as the app quits`);
    if (ready === version) return;
    ready = version;
    opts.log(`Updates: version ${version} downloaded; offering a restart`);
    opts.onReady(version);
  });
  const check = () => {
    opts.engine.check().catch((err: unknown) => opts.log(`Updates: check failed: ${(err as Error)?.message ?? String(err)}`));
  };
  check();
  const timer = setInterval(check, opts.intervalMs ?? DAY_MS);
  timer.unref();
  return {
    readyVersion: () => ready,
    restartToUpdate() {
      if (!ready) return Promise.resolve();
      restarting ??= (async () => {
        opts.log(`Updates: restarting into ${ready} once calls being sent are done`);
        const version = ready;
        await opts.drain();
        try {
          await installing(opts.engine, opts.installTimeoutMs ?? INSTALL_TIMEOUT_MS);
        } catch (err) {
          opts.log(`Updates: installing ${version} failed (${(err as Error).message}); starting Call Log ${app.getVersion()} again`);
          (opts.recover ?? relaunch)();
        }
      })();
      return restarting;
    },
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
