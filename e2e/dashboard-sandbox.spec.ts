// Trying the app in sandbox mode, the Dashboard is not empty: while "Use sandbox" is
// on, this computer's figures count the day's test calls and say so, and the lists they open in
// History hold those calls (no "Test calls left out"). Off again, the test calls are counted apart
// as before. The built-in sandbox fails a call on request: it runs in this process with the
// browser host only, hence the tag.
import type { Page } from '@playwright/test';
import { callInput } from '../test/support/engine';
import { expect, test, type AppWorld } from './fixtures';

const UNMAPPED = 'MXUserNotFound: No user has the agent number 8611795988';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const filters = (page: Page) => page.getByRole('search', { name: 'Filter history' });
const rows = (page: Page) => page.getByRole('grid', { name: 'Call history' }).getByRole('row').filter({ has: page.getByRole('gridcell') });

async function logged(world: AppWorld, agentName: string, leadNumber: string) {
  const { id } = await world.service.logCall(callInput({ agentName, leadNumber }));
  await expect.poll(async () => (await world.service.getEntry(id)).state, { timeout: 20_000 }).toMatch(/^(success|failure|error)$/);
}

test('sandbox on: the Dashboard counts the test calls, says so, and its Failed figure and reason open them in History', { tag: '@browser-host' }, async ({ page, world }) => {
  test.skip(world.kind !== 'browser-host', 'the built-in sandbox is reachable from the test only in the browser host');
  // The account is set up too (Settings' host and key), and the sandbox on, as a trainer leaves it.
  await world.configure();
  await world.service.updateSettings({ useSandbox: true });
  await world.open(page);
  await expect.poll(() => world.builtInSandbox() !== null).toBe(true);
  await logged(world, 'Trainer', '+91-9300000001');
  await logged(world, 'Trainee', '+91-9300000002');
  world.builtInSandbox()!.setFaults({ failureNext: 1, failureReason: UNMAPPED });
  await logged(world, 'Trainee', '+91-9300000003');

  await nav(page).getByRole('button', { name: 'Dashboard' }).click();
  const local = page.getByRole('region', { name: /^This computer/ });
  const stat = (term: string) => local.locator('.stat', { hasText: term }).locator('dd');
  await expect(stat('Logged')).toHaveText('3');
  await expect(stat('Delivered')).toHaveText('2');
  await expect(stat('Failed')).toHaveText('1');
  await expect(stat('Median to Success')).toHaveText(/^\d+ s$/);
  await expect(local.getByTestId('test-calls-note')).toHaveText('Counting 3 Test calls above: the sandbox is on. Test calls never reach LeadSquared.');
  await expect(page.getByRole('img', { name: /^Calls logged per hour on today/ })).toHaveAttribute('aria-label', /3 in all \(2 Success, 1 Failure, 0 Error, 0 Not final yet\)/);
  await expect(page.getByRole('img', { name: /^Time from logging to Success for 2 calls/ })).toBeVisible();
  const byReason = page.getByRole('table', { name: /Failed calls by reason/ });
  await expect(byReason.getByRole('row')).toHaveText([/Reason\s*Failed/, new RegExp(`^${UNMAPPED}\\s*1$`)]);
  await expect(page.getByRole('table', { name: /Failed calls by agent/ }).getByRole('row')).toHaveText([/Agent\s*Failed/, /Trainee\s*1 of 2/]);

  // The Failed figure: History lists the failed test call, with no "Test calls left out" chip.
  await local.getByRole('button', { name: /^Show the 1 failed call logged on .* in History$/ }).click();
  await expect(page.getByRole('heading', { name: 'History', exact: true, level: 1 })).toBeFocused();
  await expect(filters(page).getByLabel('State filter')).toHaveValue('failed');
  await expect(filters(page).getByRole('button', { name: /^Remove filter: logged on/ })).toBeVisible();
  await expect(filters(page).getByRole('button', { name: 'Show test calls too' })).toHaveCount(0);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText(['+91-9300000003']);
  await expect(rows(page).first().getByText('Test', { exact: true })).toBeVisible();

  // A reason's row: the same call.
  await nav(page).getByRole('button', { name: 'Dashboard' }).click();
  await byReason.getByRole('button', { name: new RegExp(`^Show the 1 failed call for the reason “${UNMAPPED}” logged on`) }).click();
  await expect(filters(page).getByRole('textbox', { name: 'Reason' })).toHaveValue(UNMAPPED);
  await expect(filters(page).getByRole('button', { name: 'Show test calls too' })).toHaveCount(0);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText(['+91-9300000003']);

  // Sandbox off in Settings: the same day counts the account's calls only (none), the test calls apart.
  await nav(page).getByRole('button', { name: 'Dashboard' }).click();
  await expect(stat('Logged')).toHaveText('3');
  await nav(page).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Use sandbox').uncheck();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  await nav(page).getByRole('button', { name: 'Dashboard' }).click();
  await expect(stat('Logged')).toHaveText('0');
  await expect(stat('Failed')).toHaveText('0');
  await expect(local.getByTestId('test-calls-note')).toHaveText('Not counted above: 3 Test calls logged with the built-in sandbox on this day (never sent to LeadSquared).');
  await expect(page.getByRole('img', { name: /^No calls to LeadSquared were logged on today/ })).toBeVisible();
});
