// A call's details by keyboard alone: Tab never leaves History for the page's body (past the
// details' last control it goes back to the row they came from), Esc closes them wherever focus
// is, and closing puts focus back on that row.
import type { Page } from '@playwright/test';
import { callInput } from '../test/support/engine';
import { expect, test } from './fixtures';

const rows = (page: Page) => page.getByRole('grid', { name: 'Call history' }).getByRole('row').filter({ has: page.getByRole('gridcell') });

test('Tab cycles row → Close → Copy RequestID → the same row; Esc from anywhere closes the details onto that row', async ({ page, world }) => {
  await world.configure();
  const ids = [];
  for (const lead of ['+91-9000000041', '+91-9000000042', '+91-9000000043']) ids.push((await world.service.logCall(callInput({ leadNumber: lead }))).id);
  for (const id of ids) await expect.poll(async () => (await world.service.getEntry(id)).state, { timeout: 20_000 }).toBe('success');
  await world.open(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History', exact: true }).click();
  await expect(rows(page)).toHaveCount(3);

  // The list's tab stop, then the keyboard only: the second row, opened with Enter.
  await rows(page).first().focus();
  await page.keyboard.press('ArrowDown');
  const row = rows(page).nth(1);
  await expect(row).toBeFocused();
  await page.keyboard.press('Enter');
  const details = page.getByRole('dialog', { name: 'Call details' });
  await expect(details).toBeFocused();

  await page.keyboard.press('Tab');
  await expect(details.getByRole('button', { name: 'Close details' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(details.getByRole('button', { name: 'Retry now' })).toHaveCount(0);
  await expect(details.getByRole('button', { name: 'Copy RequestID' })).toBeFocused();
  // Past the last control: back on the row the details came from, the details still open.
  await page.keyboard.press('Tab');
  await expect(row).toBeFocused();
  await expect(details).toBeVisible();
  // And round again into the details.
  await page.keyboard.press('Tab');
  await expect(details.getByRole('button', { name: 'Close details' })).toBeFocused();

  // Esc from inside the details: closed, focus on the row.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(row).toBeFocused();

  // Focus dropped on the page's body (as a click on the background does): Esc still closes them.
  await page.keyboard.press('Enter');
  await expect(details).toBeFocused();
  await page.evaluate(() => (document.activeElement as HTMLElement).blur());
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(row).toBeFocused();
});
