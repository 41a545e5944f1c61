// A desktop joins the team database the way a person does: Settings › Team database.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export async function connectInSettings(page: Page, url: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Team database', { exact: true }).fill(url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Team database status' })).toHaveText(/Connected to/);
}
