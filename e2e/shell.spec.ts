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
