// Calls LeadSquared refused: what a History row says of them at a glance (what happened and
// what to do, not a sentence cut before its instruction), and the details of a call refused as
// malformed (400), which is edited and resent, never retried as it is.
import type { Page } from '@playwright/test';
import { callInput } from '../test/support/engine';
import { expect, test, type AppWorld } from './fixtures';
import { shownText } from './layout';

test.use({ viewport: { width: 1280, height: 800 } });

async function openHistory(page: Page, world: AppWorld) {
  await world.open(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History', exact: true }).click();
}

const rowWith = (page: Page, text: string) =>
  page.getByRole('grid', { name: 'Call history' }).getByRole('row').filter({ has: page.getByRole('gridcell') }).filter({ hasText: text });

test('a row’s reason for a 401 and a 400 shows what happened and what to do; the whole reason is its title and description', async ({ page, world }) => {
  await world.configure();
  world.sandbox.setFaults({ badRequestNext: 1 });
  const refused = await world.service.logCall(callInput({ leadNumber: '+91-9000000031' }));
  await expect.poll(async () => (await world.service.getEntry(refused.id)).state, { timeout: 20_000 }).toBe('failure');
  await world.configure({ key: 'wrong-key-1234' });
  const keyed = await world.service.logCall(callInput({ leadNumber: '+91-9000000032' }));
  await expect.poll(async () => (await world.service.getEntry(keyed.id)).state, { timeout: 20_000 }).toBe('needs_key');
  await openHistory(page, world);

  for (const [lead, id, words] of [
    ['+91-9000000031', refused.id, ['400', 'edit and resend']],
    ['+91-9000000032', keyed.id, ['API key', '401', 'Settings']],
  ] as const) {
    const row = rowWith(page, lead);
    const reason = row.locator('.history-reason');
    await expect(reason).toBeVisible();
    // Details closed, each row at its fixed height: the key words are in what is drawn.
    const shown = await shownText(reason);
    for (const w of words) expect(shown, lead).toContain(w);
    const full = (await world.service.getEntry(id)).statusReason ?? (await world.service.getEntry(id)).lastError!;
    await expect(reason).toHaveAttribute('title', full);
    await expect(row).toHaveAccessibleDescription(full);
  }
});

test('a call refused as malformed (400): its reason said once, Edit and resend offered, Retry now not', async ({ page, world }) => {
  await world.configure();
  world.sandbox.setFaults({ badRequestNext: 1 });
  const { id } = await world.service.logCall(callInput({ leadNumber: '+91-9000000033' }));
  await expect.poll(async () => (await world.service.getEntry(id)).state, { timeout: 20_000 }).toBe('failure');
  const entry = await world.service.getEntry(id);
  expect(entry.lastError).toBe(entry.statusReason);
  await openHistory(page, world);
  await rowWith(page, '+91-9000000033').click();
  const details = page.getByRole('dialog', { name: 'Call details' });
  await expect(details.locator('.history-why')).toHaveCount(1);
  await expect(details.locator('.history-why')).toContainText(entry.statusReason!);
  await expect(details.getByRole('button', { name: 'Edit and resend' })).toBeVisible();
  await expect(details.getByRole('button', { name: 'Retry now' })).toHaveCount(0);
});
