// What IT support gets from the desktop app: the diagnostics archive saved
// where the agent chooses (menu or Settings), and shown in its folder.
import { app, dialog, shell, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { exportDiagnostics } from '../core/diagnostics';
import type { HostSupport } from '../core/host-support';
import type { CallLogService } from '../core/service';

export function electronSupport(logDir: string, window: () => BrowserWindow | null): HostSupport {
  return {
    logDir,
    about: () => ({
      host: 'electron',
      appVersion: app.getVersion(),
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      packaged: String(app.isPackaged),
    }),
    async choosePath(suggested, kind) {
      const options = { defaultPath: join(app.getPath('downloads'), suggested), filters: [{ name: kind.name, extensions: [kind.extension] }] };
      const win = window();
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
  };
}

/** The menu's "Export Diagnostics…": same archive as Settings' button, then the file shown in its folder. */
export async function exportDiagnosticsFromMenu(svc: CallLogService, host: HostSupport, log: (msg: string) => void): Promise<void> {
  try {
    const r = await exportDiagnostics(svc, host);
    if (r.saved && r.path) shell.showItemInFolder(r.path);
  } catch (err) {
    log(`Export diagnostics failed: ${(err as Error).stack ?? String(err)}`);
    await dialog.showMessageBox({ type: 'error', message: 'Diagnostics could not be exported', detail: (err as Error).message });
  }
}
