import { expect, test } from './fixtures';

test('first run: the sandbox is on and the page says so; the three pages are reachable', async ({ page, world }) => {
  await world.open(page);
  await expect(page.getByRole('status').filter({ hasText: 'Sandbox mode' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['History', 'Settings', 'Log call']) {
    await nav.getByRole('button', { name, exact: true }).click();
    await expect(nav.getByRole('button', { name, exact: true })).toHaveAttribute('aria-current', 'page');
  }
});

test('the tab shows the app icon, and opening the app logs no error (no /favicon.ico 404)', async ({ page, world }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  await world.open(page);
  const href = await page.locator('head link[rel="icon"]').getAttribute('href', { timeout: 2000 });
  expect(href).toBeTruthy();
  // An <img> rather than fetch(): the Electron window's CSP allows no connect-src, and decoding proves it is an image.
  const width = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    return img.naturalWidth;
  }, href!);
  expect(width).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});
