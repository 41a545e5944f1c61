// Electron only: menu, tray, global shortcut and notifications, as far as
// Playwright can see them: their state in main, and what they make the page do.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { callInput } from '../../test/support/engine';
import { expect, test } from '../fixtures';

type Main = typeof globalThis & { __calllogE2E: { tray: { getToolTip?: () => string } | null }; __shown: string[]; __folder: string[] };

test('the menu drives the page; the tray is up; the log-call shortcut follows Settings', async ({ page, world }, testInfo) => {
  await world.open(page);
  const app = world.electron!.app;
  await app.evaluate(({ Menu }) => Menu.getApplicationMenu()!.getMenuItemById('page:history')!.click());
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History', exact: true })).toHaveAttribute('aria-current', 'page');
  expect(await app.evaluate(() => (globalThis as Main).__calllogE2E.tray !== null)).toBe(true);
  // Shortcuts are system-wide: the default may belong to another app running beside the tests
  // (a parallel worker's, or the developer's installed copy). One this worker alone uses:
  const accelerator = `CommandOrControl+Alt+Shift+F${13 + (testInfo.parallelIndex % 10)}`;
  await world.service.updateSettings({ globalShortcut: accelerator });
  await expect.poll(() => app.evaluate(({ globalShortcut }, a) => globalShortcut.isRegistered(a), accelerator)).toBe(true);
  // Changed again, the old one is given back to the system.
  await world.service.updateSettings({ globalShortcut: 'CommandOrControl+Shift+L' });
  await expect.poll(() => app.evaluate(({ globalShortcut }, a) => globalShortcut.isRegistered(a), accelerator)).toBe(false);
});

test('a call LeadSquared refuses raises one desktop notification naming the lead', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  const app = world.electron!.app;
  await app.evaluate(({ Notification }) => {
    const g = globalThis as Main;
    g.__shown = [];
    Notification.prototype.show = function (this: InstanceType<typeof Notification>) {
      g.__shown.push(this.title);
    };
  });
  world.sandbox.setFaults({ failureNext: 1 });
  await world.service.logCall(callInput({ leadNumber: '+91-9000000777' }));
  await expect.poll(() => app.evaluate(() => (globalThis as Main).__shown)).toEqual(['Call log failure: +91-9000000777']);
});

test('Help › Export Diagnostics… saves the archive where the dialog says and shows it in its folder', async ({ page, world }) => {
  await world.open(page);
  const target = join(world.dataDir, 'from-menu.zip');
  await world.answerSaveDialog(target);
  const app = world.electron!.app;
  await app.evaluate(({ shell }) => {
    const g = globalThis as Main;
    g.__folder = [];
    shell.showItemInFolder = (p: string) => void g.__folder.push(p);
  });
  await app.evaluate(({ Menu }) => Menu.getApplicationMenu()!.getMenuItemById('help:diagnostics')!.click());
  await expect.poll(() => app.evaluate(() => (globalThis as Main).__folder)).toEqual([target]);
  expect(existsSync(target)).toBe(true);
});
