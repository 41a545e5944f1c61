// Log call refuses a start time that cannot be right after hangup: in the future (a year typed
// 2099) or more than 30 days back (1999). The error sits on Start time and nothing is saved or sent.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const formOf = (page: Page) => page.getByRole('form', { name: 'Log a call' });

test('a start time in 2099 or in 1999 is refused on Start time; nothing is saved', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  const form = formOf(page);
  await form.getByLabel('Lead phone number').fill('9876500001');
  const start = form.getByLabel('Start time');
  await start.fill('2099-01-01T10:00:00');
  await form.getByLabel('Duration (seconds)').fill('60');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(start).toHaveAttribute('aria-invalid', 'true');
  await expect(start).toHaveAccessibleDescription(/^Start time is in the future: check the date and time/);
  await expect(form.getByText('Not logged: fix the marked field above, then Log call again.')).toBeVisible();

  await start.fill('1999-01-01T00:00:00');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(start).toHaveAttribute('aria-invalid', 'true');
  await expect(start).toHaveAccessibleDescription(/^Start time is more than 30 days ago: check the date/);

  expect((await world.service.listEntries({})).total).toBe(0);
  expect(world.sandbox.calls()).toHaveLength(0);
  await expect(form.getByLabel('Lead phone number')).toHaveValue('9876500001');
});
