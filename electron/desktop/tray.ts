// A tray icon so the app stays one click away while the agent is on calls.
import { Menu, nativeImage, Tray } from 'electron';
import type { Page } from '../../shared/ipc-names';
import { restartItem, type UpdateOffer } from './menu';

export interface TrayOptions {
  iconPath: string;
  platform: NodeJS.Platform;
  showPage(page: Page): void;
  show(): void;
  quit(): void;
  log?: (msg: string) => void;
}

export function trayMenu(opts: TrayOptions, update: UpdateOffer | null = null): Menu {
  return Menu.buildFromTemplate([
    { id: 'tray:log-call', label: 'Log a Call', click: () => opts.showPage('log-call') },
    { id: 'tray:show', label: 'Show', click: () => opts.show() },
    { type: 'separator' },
    ...(update ? [restartItem(update, 'tray:restart-to-update')] : []),
    { id: 'tray:quit', label: 'Quit', click: () => opts.quit() },
  ]);
}

/** The tray, or null when this desktop has none (the app then quits with its window). */
export function setupTray(opts: TrayOptions): Tray | null {
  // macOS menu bar icons are 16 pt; Windows and Linux trays scale a 24 px icon well.
  const size = opts.platform === 'darwin' ? 16 : 24;
  try {
    const image = nativeImage.createFromPath(opts.iconPath);
    if (image.isEmpty()) throw new Error(`no icon at ${opts.iconPath}`);
    const tray = new Tray(image.resize({ width: size, height: size }));
    tray.setToolTip('Call Log for LeadSquared');
    tray.setContextMenu(trayMenu(opts));
    // Windows and Linux users expect a left click to bring the window up.
    if (opts.platform !== 'darwin') tray.on('click', () => opts.show());
    return tray;
  } catch (err) {
    opts.log?.(`No tray icon: ${(err as Error).message}`);
    return null;
  }
}
