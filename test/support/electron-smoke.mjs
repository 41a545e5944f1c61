// Runs a built dist-electron/main.mjs in plain Node with `electron` resolved to
// the shared mock (tsx loads it): the real bundle, electron-store, SQLite and
// sandbox start, answer one IPC call, and quit. Prints one JSON line of findings.
// Usage: node --import tsx --import ./test/support/electron-smoke.mjs <main.mjs>
import { register } from 'node:module';

const mockUrl = new URL('../electron-mock.ts', import.meta.url).href;
const hooks = `export async function resolve(s, c, next) {
  return s === 'electron' ? { url: ${JSON.stringify(mockUrl)}, shortCircuit: true } : next(s, c);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

/** @type {typeof import('../electron-mock')} */
const m = await import(mockUrl);
// Always set by the test that spawns this (electron/bundle-smoke.test.ts).
m.mockState.paths.userData = /** @type {string} */ (process.env.CALLLOG_SMOKE_USERDATA);

const until = Date.now() + 15_000;
const timer = setInterval(async () => {
  const win = m.mockState.windows[0];
  if (m.mockState.ipcHandlers.size === 0 || !win) {
    if (Date.now() > until) {
      console.log(JSON.stringify({ error: 'the app did not start', errorBoxes: m.mockState.errorBoxes }));
      process.exit(1);
    }
    return;
  }
  clearInterval(timer);
  const connection = await m.invokeMain('calllog:getConnectionInfo', m.invokeEvent(win.webContents), {});
  const page = await m.fetchProtocol('app://bundle/index.html');
  console.log(
    JSON.stringify({
      handlers: m.mockState.ipcHandlers.size,
      shortcuts: [...m.mockState.shortcuts.keys()],
      trays: m.mockState.trays.length,
      preload: win.options.webPreferences.preload,
      connection,
      csp: page.headers.get('content-security-policy'),
    }),
  );
  // The process must then exit by itself: 'will-quit' closes the service and the sandbox.
  m.app.quit();
}, 50);
