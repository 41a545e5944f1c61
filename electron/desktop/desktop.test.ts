// Menu, tray, global shortcut and notifications against the shared electron
// mock, with a real service (SQLite in a temp dir, sandbox over loopback).
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Page } from '../../shared/ipc-names';
import { mockState, resetElectronMock, type MockMenu } from '../../test/electron-mock';
import { callInput, openEngine, waitForState, type EngineFixture } from '../../test/support/engine';
import { useTempDirs } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';
import type { CallLogService } from '../core/service';
import { DOCS_URL, menuTemplate, setupMenu } from './menu';
import { setupNotifications } from './notifications';
import { setupGlobalShortcut } from './shortcut';
import { setupTray } from './tray';

const tempDir = useTempDirs();
const ICON = fileURLToPath(new URL('../../build/icon.png', import.meta.url));
let engine: EngineFixture | null = null;

beforeEach(() => resetElectronMock());
afterEach(async () => {
  await engine?.close();
  engine = null;
});

async function service() {
  engine = await openEngine(tempDir());
  return engine;
}

const click = (menu: MockMenu, id: string) => (menu.find(id)!.click as () => void)();

describe('application menu', () => {
  it('has the page shortcuts, sends pages through showPage, and opens the docs with openExternal', async () => {
    const showPage = vi.fn<(p: Page) => void>();
    setupMenu({ platform: 'linux', isDev: false, appName: 'Call Log', showPage });
    const menu = mockState.applicationMenu!;
    expect(menu.find('page:log-call')).toMatchObject({ accelerator: 'CmdOrCtrl+N' });
    expect(menu.find('page:history')).toMatchObject({ accelerator: 'Ctrl+H' });
    expect(menu.find('page:settings')).toMatchObject({ accelerator: 'CmdOrCtrl+,' });
    for (const [id, page] of [['page:log-call', 'log-call'], ['page:history', 'history'], ['page:settings', 'settings']] as const) {
      click(menu, id);
      expect(showPage).toHaveBeenLastCalledWith(page);
    }
    expect(menu.items.find((i) => i.role === 'editMenu')).toBeTruthy();
    click(menu, 'help:docs');
    await Promise.resolve();
    expect(mockState.openedExternal).toEqual([DOCS_URL]);
  });

  it('offers reload and DevTools only in development', () => {
    const roles = (isDev: boolean) =>
      JSON.stringify(menuTemplate({ platform: 'linux', isDev, appName: 'x', showPage: () => {} }).map((i) => i.submenu));
    expect(roles(false)).not.toMatch(/reload|toggleDevTools/);
    expect(roles(true)).toMatch(/"reload".*"toggleDevTools"/);
  });

  it('follows macOS conventions: app menu with Settings, Cmd+Y for History (Cmd+H hides)', () => {
    const t = menuTemplate({ platform: 'darwin', isDev: false, appName: 'Call Log', showPage: () => {} });
    expect(t[0]!.label).toBe('Call Log');
    expect(JSON.stringify(t[0]!.submenu)).toContain('page:settings');
    const history = (t[1]!.submenu as { id?: string; accelerator?: string }[]).find((i) => i.id === 'page:history');
    expect(history?.accelerator).toBe('Cmd+Y');
  });
});

describe('tray', () => {
  it('has Log a call, Show and Quit, and a left click shows the window', () => {
    const calls: string[] = [];
    const tray = setupTray({ iconPath: ICON, platform: 'win32', showPage: (p) => calls.push(`page:${p}`), show: () => calls.push('show'), quit: () => calls.push('quit') });
    expect(tray).not.toBeNull();
    const mock = mockState.trays[0]!;
    expect(mock.contextMenu!.items.filter((i) => i.label).map((i) => i.label)).toEqual(['Log a Call', 'Show', 'Quit']);
    for (const id of ['tray:log-call', 'tray:show', 'tray:quit']) click(mock.contextMenu!, id);
    mock.emit('click');
    expect(calls).toEqual(['page:log-call', 'show', 'quit', 'show']);
  });

  it('is skipped, with a log line, when the icon is missing', () => {
    const log = vi.fn();
    expect(setupTray({ iconPath: '', platform: 'linux', showPage: () => {}, show: () => {}, quit: () => {}, log })).toBeNull();
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/No tray icon/));
  });
});

describe('global shortcut', () => {
  it('registers the settings value, follows changes, survives a taken shortcut, and unregisters', async () => {
    const { svc } = await service();
    const onPress = vi.fn();
    const log = vi.fn();
    const undo = setupGlobalShortcut({ settings: svc.settings, onPress, log });
    expect([...mockState.shortcuts.keys()]).toEqual(['CommandOrControl+Shift+L']);
    mockState.shortcuts.get('CommandOrControl+Shift+L')!();
    expect(onPress).toHaveBeenCalledTimes(1);

    await svc.updateSettings({ globalShortcut: 'Alt+Shift+K' });
    expect([...mockState.shortcuts.keys()]).toEqual(['Alt+Shift+K']);

    mockState.takenShortcuts.add('CommandOrControl+Shift+J');
    await svc.updateSettings({ globalShortcut: 'CommandOrControl+Shift+J' });
    expect(mockState.shortcuts.size).toBe(0);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/CommandOrControl\+Shift\+J is taken by another application/));

    mockState.takenShortcuts.clear();
    await svc.updateSettings({ agentName: 'Asha' }); // same shortcut, saved again: tried again
    expect([...mockState.shortcuts.keys()]).toEqual(['CommandOrControl+Shift+J']);
    undo();
    expect(mockState.shortcuts.size).toBe(0);
  });
});

describe('notifications', () => {
  /** The real service, with a way to report the same ids changed again. */
  function watched(svc: CallLogService) {
    const listeners: ((ids: number[] | null) => void)[] = [];
    return {
      svc: {
        getEntry: (id: unknown) => svc.getEntry(id),
        onEntriesChanged: (l: (ids: number[] | null) => void) => {
          listeners.push(l);
          return svc.onEntriesChanged(l);
        },
      },
      reportAgain: (ids: number[]) => listeners.forEach((l) => l(ids)),
    };
  }

  it('announces a FAILURE once, with the reason and not the key; a click opens History', async () => {
    const { svc, sandbox } = await service();
    const w = watched(svc);
    const showPage = vi.fn();
    setupNotifications({ svc: w.svc, showPage });
    sandbox.setFaults({ failureNext: 1, failureReason: 'MXUserNotFound: no user has 8611795988' });
    const { id } = svc.logCall(callInput({ leadNumber: '+91-9611795983' }));
    await waitForState(svc, id, ['failure']);
    const n = await waitFor('a notification', () => mockState.notifications[0]);
    expect(n.options.title).toBe('Call log failure: +91-9611795983');
    expect(n.options.body).toBe('MXUserNotFound: no user has 8611795988. Open History to correct and resend it.');
    expect(JSON.stringify(mockState.notifications.map((x) => x.options))).not.toContain(sandbox.apiKey);

    w.reportAgain([id]);
    await new Promise((r) => setTimeout(r, 50));
    expect(mockState.notifications).toHaveLength(1);

    n.emit('click');
    expect(showPage).toHaveBeenCalledWith('history');
  });

  it('announces a missing key once until it is fixed, pointing to Settings', async () => {
    const { svc, sandbox } = await service();
    const showPage = vi.fn();
    setupNotifications({ svc, showPage });
    svc.clearKey();
    const a = svc.logCall(callInput()).id;
    await waitFor('a notification', () => mockState.notifications[0]);
    svc.logCall(callInput());
    await waitForState(svc, a, ['needs_key']);
    await new Promise((r) => setTimeout(r, 50));
    expect(mockState.notifications).toHaveLength(1);
    const n = mockState.notifications[0]!;
    expect(n.options.title).toBe('Calls are waiting for the API key');
    expect(n.options.body).toMatch(/API key.*Your calls are saved/);
    n.emit('click');
    expect(showPage).toHaveBeenCalledWith('settings');

    svc.setKey(sandbox.apiKey);
    await waitForState(svc, a, ['success']);
    svc.clearKey();
    svc.logCall(callInput());
    await waitFor('a second key notification', () => mockState.notifications[1]);
    expect(JSON.stringify(mockState.notifications.map((x) => x.options))).not.toContain(sandbox.apiKey);
  });
});
