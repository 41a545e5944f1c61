// Runs a built dist-electron/main.mjs with `--outbox-status` in plain Node, with
// `electron` resolved to the shared mock (as electron-smoke.mjs does). The mock's
// app.exit() only records its code, so this prints, as one JSON line at the end,
// the code the real app would have exited with and whether any window opened.
// Usage: node --import tsx --import ./test/support/outbox-status-smoke.mjs <main.mjs> --outbox-status
import { register } from 'node:module';

const mockUrl = new URL('../electron-mock.ts', import.meta.url).href;
const hooks = `export async function resolve(s, c, next) {
  return s === 'electron' ? { url: ${JSON.stringify(mockUrl)}, shortCircuit: true } : next(s, c);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

/** @type {typeof import('../electron-mock')} */
const m = await import(mockUrl);
// Always set by the test that spawns this (electron/desktop/outbox-status.test.ts).
m.mockState.paths.userData = /** @type {string} */ (process.env.CALLLOG_SMOKE_USERDATA);

process.once('beforeExit', () => {
  console.log(JSON.stringify({ exitCode: m.app.exitCode, windows: m.mockState.windows.length, ipcHandlers: m.mockState.ipcHandlers.size }));
});
