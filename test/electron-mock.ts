// The one stand-in for the `electron` module (aliased in vite.config.ts): the
// binary cannot run here. It fakes only what our code uses, behaves like the
// real API where tests depend on it (ipcMain refuses a second handler,
// safeStorage throws when unavailable, globalShortcut can be taken by another
// app), and records everything in `mockState` for tests to inspect.
// This file: app, IPC and protocol; windows and the desktop live beside it.
import { EventEmitter } from 'node:events';
import { dialog, globalShortcut, Menu, Notification, safeStorage, shell, Tray } from './electron-mock/desktop';
import { freshState, mockState, type InvokeHandler, type Template } from './electron-mock/state';
import { BrowserWindow, nativeImage, session, type MockWebContents, type MockWebFrame } from './electron-mock/windows';

export * from './electron-mock/desktop';
export { mockState } from './electron-mock/state';
export * from './electron-mock/windows';

// ---- ipc -------------------------------------------------------------------

// An EventEmitter like the real one: electron-store listens on it with `on`.
export const ipcMain = Object.assign(new EventEmitter(), {
  handle(channel: string, handler: InvokeHandler) {
    // Electron throws here too: a channel has one handler.
    if (mockState.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    mockState.ipcHandlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    mockState.ipcHandlers.delete(channel);
  },
});

/** What an `ipcRenderer.invoke` from `sender` (optionally from another frame) looks like in main. */
export function invokeEvent(sender: MockWebContents, frame: MockWebFrame | null = sender.mainFrame) {
  return { sender, senderFrame: frame, frameId: 1, processId: 1, type: 'frame' as const };
}

/** Calls a registered main handler the way Electron would; rejects when none is registered. */
export async function invokeMain(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
  const h = mockState.ipcHandlers.get(channel);
  if (!h) throw new Error(`No handler registered for '${channel}'`);
  // IPC serialises with structured clone: anything that would not survive it fails here too.
  return structuredClone(await h(event, ...structuredClone(args)));
}

class MockIpcRenderer extends EventEmitter {
  /** Every invoke from the preload, in order; answered by `mockState.rendererInvoke`. */
  invoked: { channel: string; args: unknown[] }[] = [];
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve(mockState.rendererInvoke(channel, ...args));
  }
  /** Main pushed `payload` on `channel`: listeners get (event, payload) like in Electron. */
  deliver(channel: string, payload: unknown) {
    this.emit(channel, { sender: this, senderId: 0, ports: [] }, structuredClone(payload));
  }
}

export const ipcRenderer = new MockIpcRenderer();

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    if (Object.hasOwn(mockState.exposed, key)) throw new Error(`Cannot bind an API on top of an existing property on the window: ${key}`);
    mockState.exposed[key] = api;
  },
};

// ---- app -------------------------------------------------------------------

/** Chromium switches the app adds (a later appendSwitch of the same name wins). */
class MockCommandLine {
  switches = new Map<string, string>();
  /** Switches added after 'ready': Electron accepts them, Chromium has read its features by then. */
  late: string[] = [];
  appendSwitch(name: string, value = '') {
    if (app.ready) this.late.push(name);
    this.switches.set(name, value);
  }
  hasSwitch(name: string) {
    return this.switches.has(name);
  }
  getSwitchValue(name: string) {
    return this.switches.get(name) ?? '';
  }
}

class MockApp extends EventEmitter {
  readonly commandLine = new MockCommandLine();
  isPackaged = false;
  ready = false;
  quitCalls = 0;
  /** app.relaunch() only arranges a new start after the quit: tests see it counted. */
  relaunchCalls = 0;
  /** What the last app.relaunch() was given. */
  relaunchOptions: { execPath?: string; args?: string[] } | undefined = undefined;
  exitCode: number | null = null;
  appUserModelId: string | null = null;
  reset() {
    this.removeAllListeners();
    this.commandLine.switches.clear();
    this.commandLine.late = [];
    Object.assign(this, { isPackaged: false, ready: false, quitCalls: 0, relaunchCalls: 0, relaunchOptions: undefined, exitCode: null, appUserModelId: null });
  }
  getName() {
    return 'Call Log for LeadSquared';
  }
  getVersion() {
    return '0.0.0-test';
  }
  getPath(name: string): string {
    const p = mockState.paths[name];
    if (!p) throw new Error(`Failed to get '${name}' path`);
    return p;
  }
  setPath(name: string, value: string) {
    mockState.paths[name] = value;
  }
  whenReady(): Promise<void> {
    this.ready = true;
    return Promise.resolve();
  }
  isReady() {
    return this.ready;
  }
  requestSingleInstanceLock(): boolean {
    return mockState.singleInstanceLock;
  }
  setAppUserModelId(id: string) {
    this.appUserModelId = id;
  }
  quit() {
    this.quitCalls += 1;
    let prevented = false;
    const event = { preventDefault: () => (prevented = true) };
    this.emit('before-quit', event);
    if (!prevented) this.emit('will-quit', event);
  }
  exit(code = 0) {
    this.exitCode = code;
  }
  relaunch(options?: { execPath?: string; args?: string[] }) {
    this.relaunchCalls += 1;
    this.relaunchOptions = options;
  }
}

export const app = new MockApp();

/** Tests emit 'shutdown' with an event whose preventDefault they watch. */
export const powerMonitor = new EventEmitter();

// ---- protocol --------------------------------------------------------------

export const protocol = {
  registerSchemesAsPrivileged(schemes: Template[]) {
    if (app.ready) throw new Error('registerSchemesAsPrivileged should be called before app is ready');
    mockState.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (req: Request) => Response | Promise<Response>) {
    if (mockState.protocolHandlers.has(scheme)) throw new Error(`The scheme '${scheme}' is already handled`);
    mockState.protocolHandlers.set(scheme, handler);
  },
  unhandle(scheme: string) {
    mockState.protocolHandlers.delete(scheme);
  },
  isProtocolHandled(scheme: string) {
    return mockState.protocolHandlers.has(scheme);
  },
};

/** Fetches `url` through the handler registered for its scheme. */
export async function fetchProtocol(url: string, init?: RequestInit): Promise<Response> {
  const scheme = new URL(url).protocol.slice(0, -1);
  const h = mockState.protocolHandlers.get(scheme);
  if (!h) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME ${scheme}`);
  return h(new Request(url, init));
}

// ---- reset -----------------------------------------------------------------

/** A clean Electron for the next test: app not ready, no handlers, nothing recorded. */
export function resetElectronMock(): void {
  for (const w of mockState.windows) w.removeAllListeners();
  Object.assign(mockState, freshState());
  app.reset();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoked = [];
  ipcMain.removeAllListeners();
  powerMonitor.removeAllListeners();
}

// `import electron from 'electron'` (electron-store does this): the real module is CommonJS.
export default {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  globalShortcut,
  ipcMain,
  ipcRenderer,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  Tray,
};
