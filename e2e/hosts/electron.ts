// The Electron app, built (dist-electron/) and launched through Playwright's
// _electron, with its own data dir. The service runs in Electron's main
// process; electron/e2e-hooks.ts lets electronApp.evaluate reach it there.
import { _electron, type ElectronApplication } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { PROBED, type HostSession, type LaunchOptions, type ServiceProbe } from './types';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Calls `method` on the service in main (the function runs there: it may use only its arguments). */
function probe(app: ElectronApplication, method: string, args: unknown[]): Promise<unknown> {
  return app.evaluate(
    async (_electron, [m, a]) => {
      const running = (globalThis as unknown as Record<string, { svc: Record<string, (...x: unknown[]) => unknown> } | undefined>).__calllogE2E;
      if (!running) throw new Error('The app has not started yet');
      return running.svc[m as string]!(...(a as unknown[]));
    },
    [method, args] as const,
  );
}

export async function startElectronSession(executablePath: string, opts: LaunchOptions): Promise<HostSession> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const app = await _electron.launch({
    executablePath,
    args: [root],
    cwd: root,
    env: {
      ...env,
      ...opts.env,
      CALLLOG_DATA_DIR: opts.dataDir,
      CALLLOG_E2E: '1',
      CALLLOG_E2E_TIMING: JSON.stringify(opts.timing),
      CALLLOG_E2E_SANDBOX_DELAY_MS: String(opts.sandboxDelayMs),
    },
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
  });
  try {
    const window = await app.firstWindow();
    // The service is up once startApp returned (the window opens just before).
    for (let i = 0; !(await app.evaluate(() => '__calllogE2E' in globalThis)); i++) {
      if (i > 300) throw new Error('The Electron app did not finish starting');
      await new Promise((r) => setTimeout(r, 50));
    }
    // The size the browser-host project's viewport has.
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.setContentSize(1280, 800));
    const service = Object.fromEntries(PROBED.map((m) => [m, (...args: unknown[]) => probe(app, m, args)])) as ServiceProbe;
    return {
      kind: 'electron',
      service,
      host: null,
      electron: { app, window },
      builtInSandbox: () => null, // it runs in Electron's main process
      async open(page) {
        // Settings changed since the window loaded: reload, as the browser host navigates afresh.
        await page.reload();
      },
      // The app grants its own page the sanitized clipboard write (electron/window.ts).
      async grantClipboard() {},
      readClipboard: () => app.evaluate(({ clipboard }) => clipboard.readText()),
      async answerSaveDialog(path) {
        // Playwright cannot click a native dialog: main's dialog answers instead (Playwright's documented way).
        await app.evaluate(({ dialog }, filePath) => {
          dialog.showSaveDialog = (async () => ({ canceled: false, filePath })) as unknown as typeof dialog.showSaveDialog;
        }, path);
      },
      close: () => app.close(),
    };
  } catch (err) {
    await app.close();
    throw err;
  }
}
