// A failed call must not go unnoticed once the agent logs another: the menu keeps a count of this
// computer's calls in Failure or Error until each is resent, and opens History on them; Log call's
// failed last call opens that call in History. Real engine, real sandbox, real Chromium.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const formOf = (page: Page) => page.getByRole('form', { name: 'Log a call' });
const lastCall = (page: Page) => page.getByRole('status', { name: 'Last call' });
const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const indicator = (page: Page) => nav(page).getByRole('button', { name: /failed calls? needs? you — open them in History$/ });
const rows = (page: Page) => page.getByRole('grid', { name: 'Call history' }).getByRole('row').filter({ has: page.getByRole('gridcell') });

async function logCall(page: Page, lead: string) {
  const form = formOf(page);
  await form.getByLabel('Lead phone number').fill(lead);
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(lastCall(page)).toContainText(`Call to ${lead} saved`);
}

test('a failed call followed by a successful one stays counted in the menu, opens History on it, and leaves once resent', async ({ page, world }) => {
  await world.configure();
  world.sandbox.setFaults({ failureNext: 1, failureReason: 'MXUserNotFound: No user has the agent number 8611795988' });
  await world.open(page);
  await expect(indicator(page)).toHaveCount(0);
  await logCall(page, '9600000001');
  await logCall(page, '9600000002');
  await expect(lastCall(page)).toContainText('Success');
  // The last call line says Success; the menu still says the first one failed.
  await expect(indicator(page)).toHaveAccessibleName('1 failed call needs you — open them in History');
  await expect(indicator(page)).toHaveText('1 failed');

  await indicator(page).click();
  await expect(page.getByRole('heading', { name: 'History', exact: true, level: 1 })).toBeVisible();
  await expect(page.getByLabel('State')).toHaveValue('failed');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('9600000001');

  await rows(page).first().click();
  const details = page.getByRole('dialog', { name: 'Call details' });
  await details.getByRole('button', { name: 'Edit and resend' }).click();
  const form = details.getByRole('form', { name: 'Edit and resend' });
  await form.getByRole('button', { name: 'Resend' }).click();
  await expect(details.getByRole('status').filter({ hasText: 'Edited and queued to send again' })).toBeVisible();
  await expect(indicator(page)).toHaveCount(0);
  const [failed] = (await world.service.listEntries({ search: '9600000001' })).items;
  await expect.poll(async () => (await world.service.getEntry(failed!.id)).state).toBe('success');
  await expect(indicator(page)).toHaveCount(0);
});

test('Log call’s failed last call opens that call in History, its details open', async ({ page, world }) => {
  await world.configure();
  world.sandbox.setFaults({ failureNext: 1 });
  await world.open(page);
  await logCall(page, '9600000003');
  await expect(lastCall(page)).toContainText('Failure');
  await lastCall(page).getByRole('button', { name: 'Open in History to fix it' }).click();
  await expect(page.getByRole('heading', { name: 'History', exact: true, level: 1 })).toBeVisible();
  const details = page.getByRole('dialog', { name: 'Call details' });
  await expect(details).toContainText('9600000003');
  await expect(details.getByRole('button', { name: 'Edit and resend' })).toBeVisible();
  await expect(rows(page)).toHaveCount(1);
});
