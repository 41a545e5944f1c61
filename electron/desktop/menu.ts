// The application menu. Pages are switched by the renderer: a menu item only
// asks main to show the window and push a `navigate` event.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { Page } from '../../shared/ipc-names';
import { openExternal } from './external-link';

export const DOCS_URL = 'https://apidocs.leadsquared.com/';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Reload and DevTools only while developing: agents have no use for them. */
  isDev: boolean;
  appName: string;
  showPage(page: Page): void;
  /** Help › Export Diagnostics… */
  exportDiagnostics?(): void;
  /** A downloaded update waiting for "Restart to Update". */
  update?: UpdateOffer | null;
}

export interface UpdateOffer {
  version: string;
  restart(): void;
}

export const restartItem = (offer: UpdateOffer, id: string): MenuItemConstructorOptions => ({
  id,
  label: `Restart to Update (${offer.version})`,
  click: () => offer.restart(),
});

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function menuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const mac = opts.platform === 'darwin';
  const page = (label: string, accelerator: string, target: Page): MenuItemConstructorOptions => ({
    id: `page:${target}`,
    label,
    accelerator,
    click: () => opts.showPage(target),
  });
  // Cmd+H hides the app on macOS, so History takes Cmd+Y there (as in Safari).
  const history = page('History', mac ? 'Cmd+Y' : 'Ctrl+H', 'history');
  const settings = page(mac ? 'Settings…' : 'Settings', 'CmdOrCtrl+,', 'settings');

  const appMenu: MenuItemConstructorOptions = {
    label: opts.appName,
    submenu: [{ role: 'about' }, separator, settings, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
  };
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [page('Log a Call', 'CmdOrCtrl+N', 'log-call'), history, separator, ...(mac ? [{ role: 'close' } as const] : [settings, separator, { role: 'quit' } as const])],
  };
  const devItems: MenuItemConstructorOptions[] = opts.isDev ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator] : [];
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [...devItems, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      ...(opts.update ? [restartItem(opts.update, 'help:restart-to-update'), separator] : []),
      { id: 'help:docs', label: 'LeadSquared API Documentation', click: () => void openExternal(DOCS_URL) },
      ...(opts.exportDiagnostics ? [separator, { id: 'help:diagnostics', label: 'Export Diagnostics…', click: () => opts.exportDiagnostics?.() }] : []),
    ],
  };
  return [...(mac ? [appMenu] : []), file, { role: 'editMenu' }, view, { role: 'windowMenu' }, help];
}

export function setupMenu(opts: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(opts)));
}
