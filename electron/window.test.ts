// The window's hardening and the app:// protocol, against the shared electron mock.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fetchProtocol, mockState, MockWebContents, resetElectronMock, type BrowserWindow as MockWindow } from '../test/electron-mock';
import { useTempDirs } from '../test/support/temp-dir';
import { APP_ENTRY_URL, CSP, registerAppScheme, setupAppProtocol } from './app-protocol';
import { openExternal } from './desktop/external-link';
import { createMainWindow, CRASH_RELOADS_PER_MINUTE, MainWindowHost, reloadAfterCrash } from './window';

const tempDir = useTempDirs();
beforeEach(() => resetElectronMock());

function makeWindow() {
  const win = createMainWindow({ preloadPath: '/app/dist-electron/preload.cjs' });
  return win as unknown as MockWindow;
}

describe('main window', () => {
  it('is created isolated, sandboxed, without Node or <webview>, with our preload, and loads the bundle', () => {
    const win = makeWindow();
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: false,
      preload: '/app/dist-electron/preload.cjs',
    });
    expect(win.loadedUrl).toBe(APP_ENTRY_URL);
    expect((createMainWindow({ preloadPath: '/p.cjs', devTools: true }) as unknown as MockWindow).options.webPreferences.devTools).toBe(true);
  });

  it('denies window.open, sending https links to the browser and dropping others', async () => {
    const wc = makeWindow().webContents;
    expect(wc.tryOpenWindow('https://help.leadsquared.com/x')).toBe('deny');
    expect(wc.tryOpenWindow('http://example.com/')).toBe('deny');
    expect(wc.tryOpenWindow('file:///etc/passwd')).toBe('deny');
    await Promise.resolve();
    expect(mockState.openedExternal).toEqual(['https://help.leadsquared.com/x']);
  });

  it('stays on the app origin: other navigations are prevented', () => {
    const wc = makeWindow().webContents;
    expect(wc.tryNavigate('app://bundle/index.html#/history')).toBe(true);
    expect(wc.tryNavigate('https://evil.example/')).toBe(false);
    expect(wc.tryNavigate('app://other/index.html')).toBe(false);
    expect(wc.tryNavigate('file:///etc/passwd')).toBe(false);
    expect(wc.getURL()).toBe('app://bundle/index.html#/history');
  });

  it('refuses <webview> and every permission but a clipboard write from our own page', async () => {
    const wc = makeWindow().webContents;
    expect(wc.tryAttachWebview('https://evil.example/')).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      await expect(wc.session.requestPermission(p)).resolves.toBe(false);
      expect(wc.session.checkPermission(p)).toBe(false);
    }
    await expect(wc.session.requestPermission('clipboard-sanitized-write')).resolves.toBe(true);
    expect(wc.session.checkPermission('clipboard-sanitized-write')).toBe(true);
    await expect(wc.session.requestPermission('clipboard-sanitized-write', 'https://evil.example/')).resolves.toBe(false);
    expect(wc.session.checkPermission('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
  });
});

describe('openExternal', () => {
  it('opens https: URLs only', async () => {
    await expect(openExternal('https://apidocs.leadsquared.com/')).resolves.toBe(true);
    for (const bad of ['http://example.com', 'file:///C:/Windows/System32/calc.exe', 'javascript:alert(1)', 'smb://host/share', 'app://bundle/', 'not a url', 'https://user:pw@example.com/']) {
      await expect(openExternal(bad)).resolves.toBe(false);
    }
    expect(mockState.openedExternal).toEqual(['https://apidocs.leadsquared.com/']);
  });
});

describe('app:// protocol', () => {
  function bundle() {
    const root = join(tempDir(), 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Call Log</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, '..', 'secret.txt'), 'outside the bundle');
    setupAppProtocol(root);
    return root;
  }

  it('is registered as a privileged standard, secure scheme before ready', () => {
    registerAppScheme();
    expect(mockState.privilegedSchemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(mockState.privilegedSchemes[0]!.privileges.corsEnabled).toBeUndefined();
  });

  it('serves the bundle with the strict CSP on every response', async () => {
    bundle();
    const index = await fetchProtocol('app://bundle/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toContain('<title>Call Log</title>');
    const csp = index.headers.get('content-security-policy');
    expect(csp).toBe(CSP);
    for (const d of ["default-src 'self'", "script-src 'self'", "connect-src 'none'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"]) {
      expect(csp).toContain(d);
    }
    const js = await fetchProtocol('app://bundle/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    const missing = await fetchProtocol('app://bundle/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CSP);
  });

  it('refuses paths that leave the bundle, encoded or not, and other hosts and methods', async () => {
    bundle();
    for (const path of ['/..%2Fsecret.txt', '/%2e%2e%2fsecret.txt', '/assets/..%2F..%2Fsecret.txt', '/..%5Csecret.txt', '/%00index.html', '/%E0%A4%A']) {
      const res = await fetchProtocol(`app://bundle${path}`);
      expect([403, 404], path).toContain(res.status);
      expect(await res.text()).not.toContain('outside the bundle');
    }
    // The URL parser folds plain ../ before the handler sees it; still nothing outside.
    const folded = await fetchProtocol('app://bundle/../secret.txt');
    expect(await folded.text()).not.toContain('outside the bundle');
    expect((await fetchProtocol('app://bundle/..%2Fsecret.txt')).status).toBe(403);
    expect((await fetchProtocol('app://elsewhere/index.html')).status).toBe(404);
    expect((await fetchProtocol('app://bundle/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });
});

describe('MainWindowHost', () => {
  it('sends navigate once the page has loaded, then directly; a closed window is made again', async () => {
    const host = new MainWindowHost(() => createMainWindow({ preloadPath: '/p.cjs' }));
    host.showPage('history');
    const win = host.current() as unknown as MockWindow;
    expect(win.visible).toBe(true);
    expect(win.webContents.sent).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(win.webContents.sent).toEqual([{ channel: 'calllog-event:navigate', args: [{ page: 'history' }] }]);
    win.minimize();
    host.showPage('settings');
    expect(win.isMinimized()).toBe(false);
    expect(win.webContents.sent.at(-1)).toEqual({ channel: 'calllog-event:navigate', args: [{ page: 'settings' }] });

    win.close();
    expect(host.current()).toBeNull();
    host.show();
    expect(mockState.windows).toHaveLength(2);
  });
});

describe('a crash of the page', () => {
  it('reloads the page, logged; a clean exit is not a crash; a page that keeps crashing stays down', () => {
    const lines: string[] = [];
    const win = createMainWindow({ preloadPath: '/p.cjs', log: (m) => lines.push(m) }) as unknown as MockWindow;
    win.webContents.renderProcessGone('crashed', 139);
    expect(win.webContents.reloads).toBe(1);
    expect(lines).toEqual(["The app page's process ended (crashed, exit code 139): reloading it"]);
    win.webContents.renderProcessGone('clean-exit');
    expect(win.webContents.reloads).toBe(1);

    let t = 1_000_000;
    const wc = new MockWebContents();
    reloadAfterCrash(wc as never, (m) => lines.push(m), () => t);
    for (let i = 0; i < CRASH_RELOADS_PER_MINUTE + 1; i++) wc.renderProcessGone('oom');
    expect(wc.reloads).toBe(CRASH_RELOADS_PER_MINUTE);
    expect(lines.at(-1)).toBe(`The app page's process ended (oom, exit code 0): not reloaded, it ended ${CRASH_RELOADS_PER_MINUTE} times within a minute`);
    // A minute later it is a new crash, reloaded again.
    t += 60_000;
    wc.renderProcessGone('killed');
    expect(wc.reloads).toBe(CRASH_RELOADS_PER_MINUTE + 1);
  });
});
