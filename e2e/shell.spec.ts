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

test('Alt+1..4 switch pages from the keyboard without dropping focus on the page’s body', async ({ page, world }) => {
  await world.open(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  const lead = page.getByLabel('Lead phone number');
  await expect(lead).toBeFocused();
  // The focused field goes with the page it was on: focus lands on the new page's button, as a click leaves it.
  for (const [key, name] of [['Alt+2', 'History'], ['Alt+4', 'Dashboard'], ['Alt+3', 'Settings']] as const) {
    await page.keyboard.press(key);
    await expect(nav.getByRole('button', { name, exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(nav.getByRole('button', { name, exact: true })).toBeFocused();
  }
  // Log call puts it on the lead's number, where an agent starts.
  await page.getByLabel('Agent name').focus();
  await page.keyboard.press('Alt+1');
  await expect(lead).toBeFocused();
});
