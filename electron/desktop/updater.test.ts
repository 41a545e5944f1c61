// Updates and support wired into startApp on the shared electron mock, with a
// real service, a real SQLite file and a real sandbox on loopback.
// electron-updater itself needs a running Electron (its HTTP goes through
// electron's `net`), so the app meets it through its UpdateEngine port; here a
// small in-test feed stands on that port and says when an update arrived, and
// a fake AppUpdater (events and methods only) drives the adapter main.ts uses.
import Database from 'better-sqlite3';
import type { AppUpdater } from 'electron-updater';
import { EventEmitter } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { strFromU8, unzipSync } from 'fflate';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { app, invokeEvent, invokeMain, mockState, resetElectronMock, type BrowserWindow as MockWindow } from '../../test/electron-mock';
import { callInput, FAST_TIMING } from '../../test/support/engine';
import { startTcpProxy } from '../../test/support/tcp-proxy';
import { freshTeamDatabase } from '../../test/support/team';
import { useTempDirs } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';
import { prepareApp, startApp, type RunningApp, type StartOptions } from '../app';
import { builtInSandbox } from '../sandbox-provider';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { builtInFeed, electronUpdaterEngine, PLACEHOLDER_FEED, relaunchOptions, setupUpdates, type UpdateEngine } from './updater';

const tempDir = useTempDirs();

/** A full garbage collection, as V8 would run at some point while the notification is on screen. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
const ICON = fileURLToPath(new URL('../../build/icon.png', import.meta.url));

/** What install() does: quit into the installer like electron-updater, fail, or never get anywhere. */
type InstallOutcome = 'quits' | 'fails' | 'hangs';

class TestFeed implements UpdateEngine {
  feeds: string[] = [];
  checks = 0;
  /** The state of each logged call when install() ran, read from the SQLite file. */
  installs: { states: string[] }[] = [];
  private downloaded: ((v: string) => void)[] = [];
  constructor(
    private readonly dbFile: string | null = null,
    private readonly outcome: InstallOutcome = 'quits',
  ) {}
  useFeed(url: string) {
    this.feeds.push(url);
  }
  async check() {
    this.checks += 1;
  }
  onDownloaded(l: (v: string) => void) {
    this.downloaded.push(l);
  }
  onError() {}
  install() {
    const db = this.dbFile ? new Database(this.dbFile, { readonly: true }) : null;
    const states = db ? (db.prepare('SELECT state FROM entries').all() as { state: string }[]).map((r) => r.state) : [];
    db?.close();
    this.installs.push({ states });
    if (this.outcome === 'fails') return Promise.reject(new Error('pkexec: the password prompt was dismissed'));
    if (this.outcome === 'quits') pendingQuits.push(new Promise<void>((resolve) => setImmediate(() => (app.quit(), resolve()))));
    return new Promise<void>(() => {});
  }
  arrive(version: string) {
    for (const l of this.downloaded) l(version);
  }
}

let running: RunningApp | null = null;
let sandbox: Sandbox | null = null;
/**
 * Quits an installer asked for. A test can end the moment install() ran: its quit must reach that
 * test's app, not quit the next test's once it has started (which took its IPC away mid-test).
 */
const pendingQuits: Promise<void>[] = [];
beforeEach(() => resetElectronMock());
afterEach(async () => {
  await Promise.all(pendingQuits.splice(0));
  await running?.stop();
  running = null;
  await sandbox?.close();
  sandbox = null;
});

async function start(opts: { policy?: unknown; feed?: (dataDir: string) => TestFeed; updater?: StartOptions['updater']; quitWaitMs?: number; lines?: string[] } = {}) {
  const dataDir = tempDir();
  mkdirSync(join(dataDir, 'renderer'));
  writeFileSync(join(dataDir, 'renderer', 'index.html'), '<!doctype html><title>Call Log</title>');
  const env: NodeJS.ProcessEnv = { CALLLOG_ALLOW_HTTP_LOOPBACK: '1' };
  if (opts.policy) {
    env.CALLLOG_POLICY_FILE = join(dataDir, 'policy.json');
    writeFileSync(env.CALLLOG_POLICY_FILE, JSON.stringify(opts.policy));
  }
  mockState.paths.downloads = join(dataDir, 'Downloads');
  const feed = opts.feed?.(dataDir) ?? null;
  expect(prepareApp()).toBe(true);
  await app.whenReady();
  running = await startApp({
    dataDir,
    rendererRoot: join(dataDir, 'renderer'),
    preloadPath: '/app/dist-electron/preload.cjs',
    iconPath: ICON,
    isDev: false,
    platform: 'linux',
    sandbox: builtInSandbox(20),
    timing: FAST_TIMING,
    env,
    log: (m) => opts.lines?.push(m),
    ...(opts.quitWaitMs ? { quitWaitMs: opts.quitWaitMs } : {}),
    ...(feed ? { updater: async () => ({ engine: feed, builtInFeed: null }) } : opts.updater ? { updater: opts.updater } : {}),
  });
  const win = running.windows.current() as unknown as MockWindow;
  win.emit('ready-to-show');
  return { running, win, dataDir, feed };
}

const click = (item: Record<string, unknown> | null | undefined) => (item!.click as () => void)();

describe('updates', () => {
  it('check at start against the feed set by the policy file; Restart to Update waits for the call on the wire', async () => {
    sandbox = await startSandbox({ processingDelayMs: 50 });
    const { running: r, feed, dataDir } = await start({
      policy: { updates: { url: 'https://updates.example.com/calllog' } },
      feed: (dir) => new TestFeed(join(dir, 'calls.sqlite')),
    });
    expect(feed!.feeds).toEqual(['https://updates.example.com/calllog/']);
    expect(feed!.checks).toBe(1);
    expect(mockState.applicationMenu!.find('help:restart-to-update')).toBeNull();

    await r.svc.updateSettings({ useSandbox: false, asyncHost: sandbox.host, trustedHost: sandbox.host, callLogUrl: sandbox.callLogUrl });
    r.svc.setKey(sandbox.apiKey);
    sandbox.setFaults({ latencyMs: 1500 });
    const { id } = r.svc.logCall(callInput());
    await waitFor('the call on the wire', () => r.svc.getEntry(id).state === 'sending');

    feed!.arrive('0.2.0');
    expect(mockState.applicationMenu!.find('help:restart-to-update')?.label).toBe('Restart to Update (0.2.0)');
    expect(mockState.trays[0]!.contextMenu!.find('tray:restart-to-update')).toBeTruthy();
    expect(mockState.notifications.at(-1)?.options.title).toBe('Update 0.2.0 is ready');
    expect(r.updates!.readyVersion()).toBe('0.2.0');

    click(mockState.trays[0]!.contextMenu!.find('tray:restart-to-update'));
    click(mockState.applicationMenu!.find('help:restart-to-update')); // a second click restarts once
    await waitFor('the installer to run', () => feed!.installs.length > 0);
    // The call on the wire finished first: LeadSquared took it, none was cut off mid-send.
    expect(feed!.installs).toEqual([{ states: ['accepted'] }]);
    expect(sandbox.calls()).toHaveLength(1);
    expect(existsSync(join(dataDir, 'calls.sqlite'))).toBe(true);
    expect(app.relaunchCalls).toBe(0); // the installer restarts the app, not us
  });

  it('an update downloaded while the app quits offers no restart in a tray and menu that are gone', async () => {
    const lines: string[] = [];
    const { running: r, feed } = await start({ feed: () => new TestFeed(), lines, policy: { updates: { url: 'https://updates.example.com/calllog' } } });
    await r.stop();
    expect(mockState.trays[0]!.isDestroyed()).toBe(true);
    feed!.arrive('0.2.0');
    expect(mockState.notifications.map((n) => n.options.title)).not.toContain('Update 0.2.0 is ready');
    expect(mockState.trays[0]!.contextMenu?.find('tray:restart-to-update') ?? null).toBeNull();
    expect(r.updates!.readyVersion()).toBeNull();
    expect(lines).toContain('Updates: version 0.2.0 downloaded while quitting; installed as the app quits');
  });

  it('quitting while the updater loads: it is stopped as soon as it is there', async () => {
    const feed = new TestFeed();
    const lines: string[] = [];
    const { running: r } = await start({
      lines,
      policy: { updates: { url: 'https://updates.example.com/calllog' } },
      updater: async () => {
        app.quit();
        return { engine: feed, builtInFeed: null };
      },
    });
    feed.arrive('0.2.0');
    expect(r.updates!.readyVersion()).toBeNull();
    expect(lines).toContain('Updates: version 0.2.0 downloaded while quitting; installed as the app quits');
  });

  it('an installer that fails to run leaves no dead window: the app quits and starts this version again', async () => {
    const lines: string[] = [];
    const { running: r, feed } = await start({ feed: () => new TestFeed(null, 'fails'), lines, policy: { updates: { url: 'https://updates.example.com/calllog' } } });
    const { id } = r.svc.logCall(callInput());
    feed!.arrive('0.2.0');
    click(mockState.applicationMenu!.find('help:restart-to-update'));
    await waitFor('the relaunch', () => app.relaunchCalls === 1);
    // What a failed install used to leave behind: the window with IPC and the tray gone.
    expect(mockState.ipcHandlers.size).toBe(0);
    expect(mockState.trays[0]!.isDestroyed()).toBe(true);
    expect(app.quitCalls).toBeGreaterThan(0);
    expect(lines).toContain('Updates: installing 0.2.0 failed (pkexec: the password prompt was dismissed); starting Call Log 0.0.0-test again');
    // The call is still in the outbox for the relaunched app to send.
    const db = new Database(join(r.svc.dataDir, 'calls.sqlite'), { readonly: true });
    expect((db.prepare('SELECT state FROM entries WHERE id = ?').get(id) as { state: string }).state).toMatch(/^(queued|needs_setup|needs_key)$/);
    db.close();
  });

  it('Restart to Update waits for the service only as long as a quit does, then installs anyway', async () => {
    const db = await freshTeamDatabase();
    const proxy = await startTcpProxy(Number(new URL(db.url).port));
    try {
      const lines: string[] = [];
      const { running: r, feed } = await start({ feed: () => new TestFeed(), lines, quitWaitMs: 200, policy: { updates: { url: 'https://updates.example.com/calllog' } } });
      const viaProxy = new URL(db.url);
      viaProxy.port = String(proxy.port);
      expect((await r.svc.team.setDatabase(viaProxy.href)).state).toBe('connected');
      // The team database goes silent (a network dropping everything, no reset): closing waits on
      // signing off there, longer than a quit waits. IPC and the tray are already down by then.
      proxy.silence();
      feed!.arrive('0.2.0');
      click(mockState.applicationMenu!.find('help:restart-to-update'));
      await waitFor('the installer to run', () => feed!.installs.length > 0, 3000);
      expect(lines).toContain('Closing took longer than 0.2 s; going on without waiting');
      await waitFor('the quit into the installer, bounded the same way', () => app.quitCalls >= 2, 3000);
    } finally {
      // The database answers again: the close left waiting ends, and its connections with it.
      proxy.restore();
      await running?.stop();
      await waitFor('the desktop’s connections to the database closed', () => proxy.connections() === 0);
      await proxy.close();
    }
  });

  it('an installer that never takes over counts as failed after a while; one the app quits into does not', async () => {
    const outcomes: Record<string, { recovered: number; lines: string[] }> = {};
    for (const outcome of ['hangs', 'quits'] as const) {
      const feed = new TestFeed(null, outcome);
      const seen = { recovered: 0, lines: [] as string[] };
      const updates = setupUpdates({ engine: feed, policy: { url: null, check: true }, builtInFeed: 'https://it.example.com/calllog/', drain: async () => {}, onReady: () => {}, log: (m) => seen.lines.push(m), installTimeoutMs: 50, recover: () => seen.recovered++ });
      feed.arrive('0.2.0');
      void updates.restartToUpdate();
      await new Promise((r) => setTimeout(r, 250));
      updates.stop();
      outcomes[outcome] = seen;
    }
    expect(outcomes.hangs!.recovered).toBe(1);
    expect(outcomes.hangs!.lines.at(-1)).toBe('Updates: installing 0.2.0 failed (the app was still running 0.05 s after the installer was started); starting Call Log 0.0.0-test again');
    expect(outcomes.quits!.recovered).toBe(0);
  });

  it('checks again on its interval, and not at all when the policy turns updates off', async () => {
    const feed = new TestFeed();
    const lines: string[] = [];
    const updates = setupUpdates({ engine: feed, policy: { url: null, check: true }, builtInFeed: 'https://it.example.com/calllog/', drain: async () => {}, onReady: () => {}, log: (m) => lines.push(m), intervalMs: 30 });
    await waitFor('a later check', () => feed.checks >= 3);
    updates.stop();
    expect(feed.feeds).toEqual([]); // the feed built into the app

    const off = new TestFeed();
    setupUpdates({ engine: off, policy: { url: 'https://x.example/', check: false }, builtInFeed: null, drain: async () => {}, onReady: () => {}, log: (m) => lines.push(m), intervalMs: 30 });
    const unset = new TestFeed();
    setupUpdates({ engine: unset, policy: { url: null, check: true }, builtInFeed: builtInFeed(`provider: generic\nurl: ${PLACEHOLDER_FEED}\n`), drain: async () => {}, onReady: () => {}, log: (m) => lines.push(m), intervalMs: 30 });
    await new Promise((r) => setTimeout(r, 120));
    expect([off.checks, unset.checks]).toEqual([0, 0]);
    expect(lines).toEqual([
      'Updates: not checked on this computer (turned off by the policy file)',
      'Updates: no update feed for this build; IT can set one with "updates": {"url": …} in the policy file',
    ]);
    expect(builtInFeed("provider: generic\nurl: 'https://it.example.com/calllog/'\n")).toBe('https://it.example.com/calllog/');
  });

  it('keeps the "update ready" notification alive until it is clicked, so the click still restarts', async () => {
    const { feed } = await start({ feed: () => new TestFeed(), policy: { updates: { url: 'https://updates.example.com/calllog' } } });
    feed!.arrive('0.2.0');
    // Electron holds a main-process Notification only weakly (electron/electron#16922): once
    // collected, its click handler is gone. Here only the app may hold it.
    const shown = new WeakRef(mockState.notifications.at(-1)!);
    mockState.notifications.length = 0;
    await new Promise((r) => setImmediate(r));
    collectGarbage();
    const n = shown.deref();
    expect(n).toBeDefined();
    n!.emit('click');
    await waitFor('the installer to run', () => feed!.installs.length > 0);
  });

  it('an updater that cannot be set up leaves the app running without updates, rather than ending it', async () => {
    const lines: string[] = [];
    const { running: r, win } = await start({
      lines,
      updater: async () => {
        throw new Error("Cannot find module 'electron-updater'");
      },
    });
    expect(r.updates).toBeNull();
    expect(lines).toContain("Updates: not available in this run (Cannot find module 'electron-updater')");
    await waitFor('page load', () => !win.webContents.isLoading());
    expect(await invokeMain('calllog:countByState', invokeEvent(win.webContents), {})).toMatchObject({ ok: true });
    expect(mockState.errorBoxes).toEqual([]);
  });

  it('an unpackaged run (no updater) has no update items', async () => {
    const { running: r } = await start();
    expect(r.updates).toBeNull();
    expect(mockState.applicationMenu!.find('help:restart-to-update')).toBeNull();
  });
});

/** electron-updater's AppUpdater as far as the adapter uses it: its events and five members. */
class FakeUpdater extends EventEmitter {
  logger: AppUpdater['logger'] = null;
  autoDownload = false;
  autoInstallOnAppQuit = false;
  feeds: unknown[] = [];
  checks = 0;
  checkError: Error | null = null;
  /** [isSilent, isForceRunAfter] of each quitAndInstall, and what else happened, in order. */
  calls: unknown[] = [];
  /**
   * How quitAndInstall ends, as electron-updater does: BaseUpdater quits the app
   * on success and emits 'error' at once on failure; MacUpdater's Squirrel
   * reports a failure later, and Electron's native updater can throw.
   */
  constructor(private readonly outcome: 'quits' | 'errors-now' | 'errors-later' | 'throws' = 'quits') {
    super();
  }
  setFeedURL(options: unknown) {
    this.feeds.push(options);
  }
  async checkForUpdates() {
    this.checks += 1;
    if (this.checkError) throw this.checkError;
    return null;
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean) {
    this.calls.push(['quitAndInstall', isSilent, isForceRunAfter]);
    const err = new Error('Squirrel: the code signature of the update could not be verified');
    if (this.outcome === 'quits') pendingQuits.push(new Promise<void>((resolve) => setImmediate(() => (app.quit(), resolve()))));
    else if (this.outcome === 'errors-now') this.emit('error', err);
    else if (this.outcome === 'throws') throw err;
    else setTimeout(() => this.emit('error', err), 20);
  }
}

const updateInfo = (version: string) => ({ version, files: [], path: '', sha512: '', releaseDate: '2026-01-01T00:00:00.000Z' });

describe('electronUpdaterEngine (the adapter main.ts gives electron-updater)', () => {
  const logger = { info: () => {}, warn: () => {}, error: () => {} };

  it('sets electron-updater up, feeds it the policy URL, and passes on checks, downloads, errors and the install', async () => {
    const fake = new FakeUpdater('quits');
    fake.checkError = new Error('HttpError: 404 Not Found');
    const engine = electronUpdaterEngine(fake, logger);
    expect(fake).toMatchObject({ logger, autoDownload: true, autoInstallOnAppQuit: true });

    const lines: string[] = [];
    const ready: string[] = [];
    const updates = setupUpdates({ engine, policy: { url: 'https://updates.example.com/calllog/', check: true }, builtInFeed: null, drain: async () => void fake.calls.push('drain'), onReady: (v) => ready.push(v), log: (m) => lines.push(m) });
    expect(fake.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example.com/calllog/' }]);
    expect(fake.checks).toBe(1);
    await waitFor('the failed check to be logged', () => lines.includes('Updates: check failed: HttpError: 404 Not Found'));

    fake.emit('error', new Error('net::ERR_NAME_NOT_RESOLVED'));
    expect(lines.at(-1)).toBe('Updates: net::ERR_NAME_NOT_RESOLVED');
    fake.emit('update-downloaded', updateInfo('0.2.0'));
    expect(ready).toEqual(['0.2.0']);

    let quit = false;
    app.once('before-quit', () => (quit = true));
    void updates.restartToUpdate();
    await waitFor('the app to quit into the installer', () => quit);
    updates.stop();
    // Not silent (the agent sees the installer's progress) and forced to start again after.
    expect(fake.calls).toEqual(['drain', ['quitAndInstall', false, true]]);
    expect(fake.autoInstallOnAppQuit).toBe(true);
    expect(app.relaunchCalls).toBe(0);
  });

  it.each(['errors-now', 'errors-later', 'throws'] as const)('an install electron-updater reports as failed (%s) relaunches this version and is not retried on quit', async (outcome) => {
    const fake = new FakeUpdater(outcome);
    const lines: string[] = [];
    const updates = setupUpdates({ engine: electronUpdaterEngine(fake, logger), policy: { url: 'https://updates.example.com/calllog/', check: true }, builtInFeed: null, drain: async () => {}, onReady: () => {}, log: (m) => lines.push(m) });
    fake.emit('update-downloaded', updateInfo('0.2.0'));
    void updates.restartToUpdate();
    await waitFor('the relaunch', () => app.relaunchCalls === 1);
    updates.stop();
    expect(app.quitCalls).toBe(1);
    expect(fake.autoInstallOnAppQuit).toBe(false);
    expect(lines).toContain('Updates: installing 0.2.0 failed (Squirrel: the code signature of the update could not be verified); starting Call Log 0.0.0-test again');
    expect(fake.listenerCount('error')).toBe(1); // only setupUpdates' own: the install's listener is gone
  });

  it('relaunches an AppImage through the AppImage file, not the executable inside its mount (gone once the app quits)', async () => {
    const was = process.env.APPIMAGE;
    process.env.APPIMAGE = '/home/asha/Applications/CallLog.AppImage';
    try {
      const fake = new FakeUpdater('errors-now');
      const updates = setupUpdates({ engine: electronUpdaterEngine(fake, logger), policy: { url: 'https://updates.example.com/calllog/', check: true }, builtInFeed: null, drain: async () => {}, onReady: () => {}, log: () => {} });
      fake.emit('update-downloaded', updateInfo('0.2.0'));
      void updates.restartToUpdate();
      await waitFor('the relaunch', () => app.relaunchCalls === 1);
      updates.stop();
      expect(app.relaunchOptions).toEqual({ execPath: '/home/asha/Applications/CallLog.AppImage' });
    } finally {
      if (was === undefined) delete process.env.APPIMAGE;
      else process.env.APPIMAGE = was;
    }
    // Anywhere else, the default: this executable, with its arguments.
    expect(relaunchOptions({})).toBeUndefined();
  });
});

describe('Export diagnostics', () => {
  it('from the Help menu: asks where, saves the zip there and shows it in its folder', async () => {
    const { dataDir } = await start();
    const target = join(dataDir, 'out', 'diag.zip');
    mockState.saveDialogAnswer = target;
    click(mockState.applicationMenu!.find('help:diagnostics'));
    await waitFor('the archive', () => mockState.shownInFolder.includes(target));
    expect(mockState.saveDialogs[0]).toMatchObject({ defaultPath: expect.stringMatching(/Downloads[\\/]calllog-diagnostics-.*\.zip$/) });
    const files = unzipSync(readFileSync(target));
    expect(strFromU8(files['logs/calllog.log']!)).toContain('Starting Call Log 0.0.0-test');
    expect(JSON.parse(strFromU8(files['about.json']!))).toMatchObject({ host: 'electron', appVersion: '0.0.0-test', packaged: 'false' });
  });

  it('from Settings over IPC: same archive; Cancel writes nothing', async () => {
    const { win, dataDir } = await start();
    await waitFor('page load', () => !win.webContents.isLoading());
    mockState.saveDialogAnswer = null;
    expect(await invokeMain('calllog:exportDiagnostics', invokeEvent(win.webContents), {})).toEqual({
      ok: true,
      value: { saved: false, path: null, message: 'Diagnostics not exported' },
    });
    const target = join(dataDir, 'diag.zip');
    mockState.saveDialogAnswer = target;
    expect(await invokeMain('calllog:exportDiagnostics', invokeEvent(win.webContents), {})).toEqual({
      ok: true,
      value: { saved: true, path: target, message: `Diagnostics saved to ${target}` },
    });
    expect(Object.keys(unzipSync(readFileSync(target)))).toContain('queue.json');
  });
});
