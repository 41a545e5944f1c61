// IT's policy file (CALLLOG_POLICY_FILE) as the agent meets it in Settings:
// locked fields read-only with who set them, a change refused by main too,
// and a bad policy named field by field while the app opens with the rest.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const HOST = 'asyncapi-in21.leadsquared.com';

const openSettings = async (page: Page) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
};

test.describe('a policy that locks the async host', () => {
  test.use({ policy: { setBy: 'Contoso IT', settings: { asyncHost: HOST, useSandbox: false }, locked: ['asyncHost'] } });

  test('Settings shows "Async API host" locked, says who set it, and refuses a change to it', async ({ page, world }) => {
    await world.open(page);
    await openSettings(page);
    await expect(page.getByRole('heading', { name: 'Managed by Contoso IT' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Locked settings' }).getByRole('listitem')).toHaveText(['Async API host: locked, set by Contoso IT']);
    const host = page.getByLabel('Async API host');
    await expect(host).toHaveValue(HOST);
    await expect(host).not.toBeEditable();
    await expect(host).toHaveAttribute('title', 'Locked: set by Contoso IT');
    // Typing goes nowhere...
    await host.focus();
    await page.keyboard.type('asyncapi.leadsquared.com');
    await expect(host).toHaveValue(HOST);
    // ...and a change that reaches main anyway is refused, naming the field.
    await expect(world.service.updateSettings({ asyncHost: 'asyncapi.leadsquared.com' })).rejects.toThrow(
      'Async API host is locked: it was set by Contoso IT and cannot be changed here',
    );
    // The unlocked preset (sandbox off) is the agent's to change, and the rest saves as usual.
    await expect(page.getByLabel('Use sandbox')).not.toBeChecked();
    await page.getByLabel('Agent name').fill('Asha Rao');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status', { name: 'Save result' })).toHaveText('Settings saved');
    expect(await world.service.getSettings()).toMatchObject({ asyncHost: HOST, agentName: 'Asha Rao', useSandbox: false });
  });
});

test.describe('a policy with mistakes', () => {
  test.use({
    policy: { setBy: 'Contoso IT', settings: { asyncHost: 'asyncapi leadsquared com', useSandbox: false, timeZone: 'Asia/Kolkata' }, locked: ['asyncHost', 'timeZone'] },
  });

  test('names each bad field, and the app opens with what was valid', async ({ page, world }) => {
    await world.open(page);
    await openSettings(page);
    const problems = page.getByRole('alert', { name: 'Policy problems' });
    await expect(problems).toContainText('settings.asyncHost (Async API host): Async API host should be a host name like asyncapi-in21.leadsquared.com');
    await expect(problems).toContainText('locked: asyncHost (Async API host) has no valid value under "settings", so it is not locked');
    await expect(page.getByRole('list', { name: 'Locked settings' }).getByRole('listitem')).toHaveText(['Time zone for call times: locked, set by Contoso IT']);
    await expect(page.getByLabel('Time zone for call times')).toHaveValue('Asia/Kolkata');
    await expect(page.getByLabel('Time zone for call times')).not.toBeEditable();
    await expect(page.getByLabel('Async API host')).toBeEditable();
    await expect(page.getByLabel('Use sandbox')).not.toBeChecked();
  });
});
