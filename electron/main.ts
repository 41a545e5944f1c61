// Electron entry (bundled to dist-electron/main.mjs). Everything testable lives
// in app.ts; this file only knows where the built files are and opens the
// electron-store, which cannot be loaded outside Electron.
import { app, dialog } from 'electron';
import ElectronStore from 'electron-store';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareApp, startApp } from './app';
import { settingsJsonSchema, type SettingsBackend } from './core/settings';
import { builtInFeed, electronUpdaterEngine, type UpdateEngine } from './desktop/updater';
import { reportOutboxStatus } from './desktop/outbox-status';
import { e2eSetup, exposeToE2e } from './e2e-hooks';
import { sqliteBindingForThisProcess } from './sqlite-binding';

const here = dirname(fileURLToPath(import.meta.url)); // dist-electron/

/** settings.json in the data dir; a file that cannot be read is kept aside, not lost. */
function openSettingsStore(dataDir: string): SettingsBackend {
  const open = () =>
    new ElectronStore<Record<string, unknown>>({ name: 'settings', cwd: dataDir, schema: settingsJsonSchema(), clearInvalidConfig: false, configFileMode: 0o600 });
  try {
    return open();
  } catch (err) {
    const file = join(dataDir, 'settings.json');
    if (!existsSync(file)) throw err;
    renameSync(file, `${file}.bad-${Date.now()}`);
    return open();
  }
}

/** electron-updater only in an installed app: a development run has no feed, no installer to run. */
async function updater(log: (msg: string) => void): Promise<{ engine: UpdateEngine; builtInFeed: string | null } | null> {
  if (!app.isPackaged) return null;
  const { autoUpdater } = await import('electron-updater');
  // Its lines go to our (redacted) log file: feed URLs can carry credentials.
  const line = (m?: unknown) => log(`electron-updater: ${String(m)}`);
  const yml = join(process.resourcesPath, 'app-update.yml');
  return {
    engine: electronUpdaterEngine(autoUpdater, { info: line, warn: line, error: line, debug: () => {} }),
    builtInFeed: builtInFeed(existsSync(yml) ? readFileSync(yml, 'utf8') : null),
  };
}

// IT (or a test) may put the data elsewhere; set before the single-instance lock, which is kept per data dir.
if (process.env.CALLLOG_DATA_DIR) app.setPath('userData', resolve(process.env.CALLLOG_DATA_DIR));
const e2e = e2eSetup(process.env, app.isPackaged);

if (process.argv.includes('--outbox-status')) {
  // Asked by the uninstaller or IT before removing the app: answer and exit, no window.
  const sqlite = { nativeBinding: sqliteBindingForThisProcess(app.isPackaged).nativeBinding };
  app.exit(reportOutboxStatus(app.getPath('userData'), { sqlite }).exitCode);
} else if (!prepareApp()) {
  // Another copy is running: it gets a 'second-instance' event and comes forward.
  app.quit();
} else {
  app
    .whenReady()
    .then(() =>
      startApp({
        dataDir: app.getPath('userData'),
        rendererRoot: join(here, '..', 'dist', 'renderer'),
        preloadPath: join(here, 'preload.cjs'),
        iconPath: join(here, 'icon.png'),
        isDev: !app.isPackaged,
        settingsBackend: openSettingsStore,
        updater,
        ...e2e,
      }),
    )
    .then((running) => {
      if (e2e) exposeToE2e(running);
    })
    .catch((err: unknown) => {
      console.error('[calllog] The app could not start:', err);
      // Agents start the app from a shortcut, not a terminal: say it on screen too (not under
      // the e2e tests, where a modal would only hang the run until its timeout).
      if (!e2e) dialog.showErrorBox('Call Log could not start', `${(err as Error)?.message ?? String(err)}\n\nYour saved calls are still on this computer.`);
      app.exit(1);
    });
}
