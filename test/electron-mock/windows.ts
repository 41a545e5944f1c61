// Windows and what hangs off them: BrowserWindow, webContents with their
// events, frames, sessions with permission handlers, and nativeImage.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mockState, type Listener, type Template } from './state';

// ---- nativeImage -----------------------------------------------------------

export class MockNativeImage {
  template = false;
  constructor(
    readonly path: string | null,
    readonly size = { width: 512, height: 512 },
  ) {}
  isEmpty() {
    return this.path === null;
  }
  getSize() {
    return this.size;
  }
  resize(opts: { width?: number; height?: number }) {
    return new MockNativeImage(this.path, { width: opts.width ?? this.size.width, height: opts.height ?? this.size.height });
  }
  setTemplateImage(on: boolean) {
    this.template = on;
  }
}

export const nativeImage = {
  // Like Electron: a path that cannot be read gives an empty image, not an error.
  createFromPath: (path: string) => new MockNativeImage(path && existsSync(path) ? path : null),
  createEmpty: () => new MockNativeImage(null),
};

// ---- session ---------------------------------------------------------------

export class MockSession {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  setPermissionRequestHandler(h: Listener | null) {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: Listener | null) {
    this.permissionCheckHandler = h;
  }
  /** What the app answers when a page at `requestingUrl` asks for `permission`. */
  requestPermission(permission: string, requestingUrl = 'app://bundle/index.html', webContents: unknown = null): Promise<boolean> {
    const h = this.permissionRequestHandler;
    if (!h) return Promise.resolve(true); // Electron's default: granted
    return new Promise((resolve) => h(webContents, permission, resolve, { requestingUrl, isMainFrame: true }));
  }
  /** What the app answers when Chromium checks `permission` for `origin`. */
  checkPermission(permission: string, origin = 'app://bundle', webContents: unknown = null): boolean {
    const h = this.permissionCheckHandler;
    return h ? Boolean(h(webContents, permission, origin, { requestingUrl: `${origin}/`, isMainFrame: true })) : true;
  }
}

// ---- webContents / BrowserWindow -------------------------------------------

export class MockWebFrame {
  constructor(
    public url: string,
    readonly parent: MockWebFrame | null = null,
  ) {}
  get origin() {
    try {
      const u = new URL(this.url);
      return `${u.protocol}//${u.host}`;
    } catch {
      return 'null';
    }
  }
}

let nextWebContentsId = 1;

export class MockWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly session: MockSession;
  readonly mainFrame = new MockWebFrame('about:blank');
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  /** Every `send(channel, ...args)` from main, in order. */
  readonly sent: { channel: string; args: unknown[] }[] = [];
  private destroyed = false;
  private loading = false;

  constructor(session: MockSession = defaultSession()) {
    super();
    this.session = session;
  }
  send(channel: string, ...args: unknown[]) {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args: structuredClone(args) });
  }
  setWindowOpenHandler(h: (details: { url: string }) => { action: 'allow' | 'deny' }) {
    this.windowOpenHandler = h;
  }
  getURL() {
    return this.mainFrame.url;
  }
  isLoading() {
    return this.loading;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    this.emit('destroyed');
  }
  /** Starts a load that finishes on a later tick, like a real page load. */
  load(url: string) {
    this.loading = true;
    this.mainFrame.url = url;
    setImmediate(() => {
      if (this.destroyed) return;
      this.loading = false;
      this.emit('did-finish-load');
    });
  }
  /** Reloads the page as it is (counted). */
  reloads = 0;
  reload() {
    this.reloads += 1;
    this.load(this.mainFrame.url);
  }
  /** The page's process ended, as Chromium reports it. */
  renderProcessGone(reason: string, exitCode = 0) {
    this.emit('render-process-gone', {}, { reason, exitCode });
  }
  /** A page-initiated navigation: true when the app let it happen. */
  tryNavigate(url: string): boolean {
    let prevented = false;
    const event = { url, isMainFrame: true, isSameDocument: false, frame: this.mainFrame, preventDefault: () => (prevented = true) };
    this.emit('will-navigate', event, url);
    if (!prevented) this.mainFrame.url = url;
    return !prevented;
  }
  /** `window.open(url)` from the page: the handler's answer, 'allow' when none is set. */
  tryOpenWindow(url: string): 'allow' | 'deny' {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }).action : 'allow';
  }
  /** A `<webview>` in the page: true when the app let it attach. */
  tryAttachWebview(src: string): boolean {
    let prevented = false;
    this.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, { src });
    return !prevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows(): BrowserWindow[] {
    return mockState.windows.filter((w) => !w.isDestroyed());
  }
  readonly webContents = new MockWebContents();
  loadedUrl: string | null = null;
  visible = false;
  focused = false;
  minimized = false;
  private destroyed = false;

  constructor(readonly options: Template = {}) {
    super();
    mockState.windows.push(this);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.load(url);
  }
  show() {
    this.visible = true;
    this.minimized = false;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.focused = true;
  }
  minimize() {
    this.minimized = true;
  }
  restore() {
    this.minimized = false;
  }
  isMinimized() {
    return this.minimized;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    if (this.destroyed) return;
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
  }
}

export function defaultSession(): MockSession {
  return (mockState.defaultSession ??= new MockSession());
}

export const session = {
  get defaultSession() {
    return defaultSession();
  },
};
