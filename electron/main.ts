// Electron entry (bundled to dist-electron/main.mjs). Everything testable lives
// in app.ts; this file only knows where the built files are and opens the
// electron-store, which cannot be loaded outside Electron.
import { app, dialog } from 'electron';
import ElectronStore from 'electron-store';
import { existsSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareApp, startApp } from './app';
import { settingsJsonSchema, type SettingsBackend } from './core/settings';

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

if (!prepareApp()) {
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
      }),
    )
    .catch((err: unknown) => {
      console.error('[calllog] The app could not start:', err);
      // Agents start the app from a shortcut, not a terminal: say it on screen too.
      dialog.showErrorBox('Call Log could not start', `${(err as Error)?.message ?? String(err)}\n\nYour saved calls are still on this computer.`);
      app.exit(1);
    });
}
