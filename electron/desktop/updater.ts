// Updates: electron-updater against electron-builder's generic feed (the URL
// built into the app, or IT's own from the policy file). Checked at start and
// daily, downloaded in the background, then offered as "Restart to Update".
// The restart first stops the service, which waits for calls on the wire; the
// outbox keeps everything else, so nothing is lost or sent twice.
import type { AppUpdater } from 'electron-updater';
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
  /** Quits and runs the downloaded installer, then starts the app again. */
  install(): void;
}

export function electronUpdaterEngine(u: AppUpdater, logger: AppUpdater['logger']): UpdateEngine {
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
    install: () => u.quitAndInstall(false, true),
  };
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
}

export interface Updates {
  /** The downloaded version waiting for a restart, if any. */
  readyVersion(): string | null;
  /** Waits for in-flight sends, then restarts into the new version. */
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
  opts.engine.onDownloaded((version) => {
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
        await opts.drain();
        opts.engine.install();
      })();
      return restarting;
    },
    stop: () => clearInterval(timer),
  };
}
