// Everything the fake Electron records, for tests to inspect. Plain data only,
// so every part of the mock can import it without import cycles at run time.
import type { BrowserWindow, MockSession } from './windows';
import type { MockMenu, Notification, Tray } from './desktop';

export type Listener = (...args: any[]) => unknown;
export type Template = Record<string, any>;
export type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

export function freshState() {
  return {
    paths: {} as Record<string, string>,
    singleInstanceLock: true,
    windows: [] as BrowserWindow[],
    /** Made on first use by `session.defaultSession` (windows.ts). */
    defaultSession: null as MockSession | null,
    ipcHandlers: new Map<string, InvokeHandler>(),
    /** Answers `ipcRenderer.invoke` in preload tests. */
    rendererInvoke: ((channel: string) => ({ ok: true, value: { channel } })) as (channel: string, ...args: unknown[]) => unknown,
    exposed: {} as Record<string, unknown>,
    privilegedSchemes: [] as Template[],
    protocolHandlers: new Map<string, (req: Request) => Response | Promise<Response>>(),
    safeStorage: { available: true, backend: 'gnome_libsecret' as string },
    openedExternal: [] as string[],
    applicationMenu: null as MockMenu | null,
    trays: [] as Tray[],
    shortcuts: new Map<string, () => void>(),
    /** Accelerators another application holds: register() returns false for them. */
    takenShortcuts: new Set<string>(),
    notificationsSupported: true,
    notifications: [] as Notification[],
    errorBoxes: [] as { title: string; content: string }[],
    saveDialogs: [] as Template[],
    /** What the next save dialog answers: a path, or null for Cancel. */
    saveDialogAnswer: null as string | null,
    messageBoxes: [] as Template[],
    shownInFolder: [] as string[],
  };
}

export const mockState = freshState();
