// startApp wired end to end on the shared electron mock: a real service in a
// temp data dir (its built-in sandbox on loopback), every setupX in place.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, ipcChannelId } from '../shared/ipc';
import { app, fetchProtocol, invokeEvent, invokeMain, mockState, powerMonitor, resetElectronMock, type BrowserWindow as MockWindow } from '../test/electron-mock';
import { FAST_TIMING } from '../test/support/engine';
import { useTempDirs } from '../test/support/temp-dir';
import { waitFor } from '../test/support/wait';
import { prepareApp, startApp, STILL_RUNNING, type RunningApp } from './app';
import { CSP } from './app-protocol';
import { openConfBackend } from './core/settings';
import { builtInSandbox } from './sandbox-provider';

const tempDir = useTempDirs();
const ICON = fileURLToPath(new URL('../build/icon.png', import.meta.url));
let running: RunningApp | null = null;

beforeEach(() => resetElectronMock());
afterEach(async () => {
  await running?.stop();
  running = null;
});

async function start(platform: NodeJS.Platform = 'linux') {
  const dataDir = tempDir();
  const rendererRoot = join(dataDir, 'renderer');
  mkdirSync(rendererRoot);
  writeFileSync(join(rendererRoot, 'index.html'), '<!doctype html><title>Call Log</title>');
  // Settings as an earlier session left them: startApp must honour them.
  openConfBackend(dataDir).set({ globalShortcut: 'Alt+Shift+K' });
  expect(prepareApp()).toBe(true);
  await app.whenReady();
  running = await startApp({
    dataDir,
    rendererRoot,
    preloadPath: '/app/dist-electron/preload.cjs',
    iconPath: ICON,
    isDev: false,
    platform,
    sandbox: builtInSandbox(20),
    timing: FAST_TIMING,
    log: () => {},
  });
  const win = running.windows.current() as unknown as MockWindow;
  win.emit('ready-to-show');
  return { app: running, win, dataDir };
}

const loaded = (win: MockWindow) => waitFor('page load', () => !win.webContents.isLoading());

describe('startApp', () => {
  it('asks for global shortcuts through the desktop portal on Linux, before ready, keeping features already asked for', () => {
    app.commandLine.appendSwitch('enable-features', 'WaylandWindowDecorations');
    expect(prepareApp('linux')).toBe(true);
    expect(app.commandLine.getSwitchValue('enable-features')).toBe('WaylandWindowDecorations,GlobalShortcutsPortal');
    expect(app.commandLine.late).toEqual([]);
    resetElectronMock();
    prepareApp('win32');
    expect(app.commandLine.hasSwitch('enable-features')).toBe(false);
  });

  it('refuses to start a second copy', () => {
    mockState.singleInstanceLock = false;
    expect(prepareApp()).toBe(false);
  });

  it('wires protocol, ipc, window, menu, tray and the settings shortcut', async () => {
    const { win } = await start();
    expect(mockState.privilegedSchemes.map((s) => s.scheme)).toEqual(['app']);
    expect((await fetchProtocol('app://bundle/index.html')).headers.get('content-security-policy')).toBe(CSP);
    expect([...mockState.ipcHandlers.keys()].sort()).toEqual(CHANNEL_NAMES.map(ipcChannelId).sort());
    expect(mockState.windows).toHaveLength(1);
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false, preload: '/app/dist-electron/preload.cjs' });
    expect(mockState.applicationMenu?.find('page:log-call')).toBeTruthy();
    expect(mockState.trays).toHaveLength(1);
    expect([...mockState.shortcuts.keys()]).toEqual(['Alt+Shift+K']);
  });

  it('serves the page over IPC with the sandbox running on first start', async () => {
    const { win } = await start();
    await loaded(win);
    const info = await invokeMain('calllog:getConnectionInfo', invokeEvent(win.webContents), {});
    expect(info).toEqual({ ok: true, value: { mode: 'sandbox', ready: true, reason: null, sending: { budget: 'local', slowed: false, message: null, waiting: 0 }, otherModeWaiting: 0, keyRefused: false, checksWaiting: 0 } });
  });

  it('brings the window forward on a second launch, and on the shortcut opens the log-call form', async () => {
    const { win } = await start();
    await loaded(win);
    win.minimize();
    app.emit('second-instance');
    expect(win.isMinimized()).toBe(false);
    expect(win.focused).toBe(true);

    mockState.shortcuts.get('Alt+Shift+K')!();
    expect(win.webContents.sent.at(-1)).toEqual({ channel: 'calllog-event:navigate', args: [{ page: 'log-call' }] });
  });

  it('keeps running in the tray when the window closes, and the tray brings a new one', async () => {
    const { win } = await start();
    win.close();
    app.emit('window-all-closed');
    expect(app.quitCalls).toBe(0);
    (mockState.trays[0]!.contextMenu!.find('tray:log-call')!.click as () => void)();
    const again = running!.windows.current() as unknown as MockWindow;
    expect(again).not.toBe(win);
    await loaded(again);
    expect(again.webContents.sent).toEqual([{ channel: 'calllog-event:navigate', args: [{ page: 'log-call' }] }]);
  });

  it('says once that closing the window left it running, and where to find it; a click on that brings the window back', async () => {
    const { win } = await start('linux');
    win.close();
    app.emit('window-all-closed');
    const told = mockState.notifications.filter((n) => n.options.title === STILL_RUNNING.title);
    expect(told).toHaveLength(1);
    expect(told[0]!.options.body).toBe(STILL_RUNNING.body);
    told[0]!.emit('click');
    const again = running!.windows.current() as unknown as MockWindow;
    expect(again).not.toBe(win);
    expect(again.visible).toBe(true);
    again.close();
    app.emit('window-all-closed');
    expect(mockState.notifications.filter((n) => n.options.title === STILL_RUNNING.title)).toHaveLength(1);
  });

  it('quits cleanly when the system shuts down (Linux, macOS), holding the shutdown back meanwhile', async () => {
    const { app: started } = await start('linux');
    let held = false;
    powerMonitor.emit('shutdown', { preventDefault: () => (held = true) });
    expect(held).toBe(true);
    await waitFor('the quit after the clean stop', () => app.quitCalls === 2);
    expect(() => started.svc.listEntries({})).toThrow(); // SQLite closed
    expect(powerMonitor.listenerCount('shutdown')).toBe(0);
  });

  it('starts a clean quit when Windows asks its window whether the session may end, without holding it back', async () => {
    const { app: started, win } = await start('win32');
    app.emit('browser-window-created', {}, win);
    let held = false;
    win.emit('query-session-end', { preventDefault: () => (held = true), reasons: ['shutdown'] });
    expect(held).toBe(false);
    await waitFor('the quit after the clean stop', () => app.quitCalls === 2);
    expect(() => started.svc.listEntries({})).toThrow();
  });

  it('closed to the tray on Windows, a hidden empty window still hears the session end, and the app quits cleanly', async () => {
    const { app: started, win } = await start('win32');
    win.close();
    app.emit('window-all-closed');
    expect(app.quitCalls).toBe(0);
    const [stand, ...others] = mockState.windows.filter((w) => !w.isDestroyed());
    expect(others).toHaveLength(0);
    expect(stand!.isVisible()).toBe(false);
    expect(stand!.loadedUrl).toBeNull();
    expect(stand!.options).toMatchObject({ show: false, skipTaskbar: true, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    // Nothing can be put in it: no navigation (nor a browser opened for it), no window, no <webview>.
    expect(stand!.webContents.tryNavigate('https://example.com/')).toBe(false);
    expect(stand!.webContents.tryNavigate('app://calllog/index.html')).toBe(false);
    expect(stand!.webContents.tryOpenWindow('https://example.com/')).toBe('deny');
    expect(stand!.webContents.tryAttachWebview('https://example.com/')).toBe(false);
    expect(mockState.openedExternal).toEqual([]);
    app.emit('window-all-closed'); // again (the agent opened the window from the tray and closed it): still one
    expect(mockState.windows.filter((w) => !w.isDestroyed())).toHaveLength(1);
    let held = false;
    stand!.emit('query-session-end', { preventDefault: () => (held = true), reasons: ['shutdown'] });
    expect(held).toBe(false);
    await waitFor('the quit after the clean stop', () => app.quitCalls === 2);
    expect(() => started.svc.listEntries({})).toThrow();
    expect(stand!.isDestroyed()).toBe(true);
  });

  it('a kill (SIGTERM, as a session manager sends at logout) quits cleanly, as the menu does', async () => {
    const before = new Set(process.listeners('SIGTERM'));
    const { app: started } = await start();
    const ours = process.listeners('SIGTERM').filter((l) => !before.has(l));
    expect(ours).toHaveLength(1);
    // Called directly, not raised: a real signal to the test runner is not this test's to send.
    (ours[0] as (signal: NodeJS.Signals) => void)('SIGTERM');
    await waitFor('the quit after the clean stop', () => app.quitCalls === 2);
    expect(() => started.svc.listEntries({})).toThrow();
    expect(process.listeners('SIGTERM').filter((l) => !before.has(l))).toHaveLength(0);
  });

  it('closes the service before quitting and undoes every setup', async () => {
    const { app: started } = await start();
    app.quit();
    await waitFor('the second quit', () => app.quitCalls === 2);
    expect(mockState.ipcHandlers.size).toBe(0);
    expect(mockState.shortcuts.size).toBe(0);
    expect(mockState.trays[0]!.isDestroyed()).toBe(true);
    expect(() => started.svc.listEntries({})).toThrow(); // SQLite closed
  });
});
