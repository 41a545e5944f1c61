// Log call refuses a lead number that is the agent's own (Settings' number, written another way):
// the error sits on Lead phone number and nothing is saved or sent; a real lead number then goes.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const formOf = (page: Page) => page.getByRole('form', { name: 'Log a call' });

test("a lead number that is the agent's own is refused on Lead phone number; nothing is saved", async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  const form = formOf(page);
  await expect(form.getByLabel('Agent phone number')).toHaveValue('8611795988');
  const lead = form.getByLabel('Lead phone number');
  await lead.fill('+91 86117-95988');
  await form.getByLabel('Duration (seconds)').fill('60');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(lead).toHaveAttribute('aria-invalid', 'true');
  await expect(lead).toHaveAccessibleDescription(/^This is the agent's own number: enter the number of the lead on the call/);
  await expect(form.getByText('Not logged: fix the marked field above, then Log call again.')).toBeVisible();
  expect((await world.service.listEntries({})).total).toBe(0);
  expect(world.sandbox.calls()).toHaveLength(0);

  await lead.fill('9611795983');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect.poll(async () => (await world.service.listEntries({})).total).toBe(1);
  await expect(lead).not.toHaveAttribute('aria-invalid', 'true');
});
