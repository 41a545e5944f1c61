// The Dashboard's "LeadSquared call-log queue" card never passes an old reading off as the queue
// now: with none of this computer's calls in flight it is not read again (each reading costs a
// request from the calls' budget), and the card says when it was read and why not since, dimmed.
import type { Page } from '@playwright/test';
import { callInput } from '../test/support/engine';
import { expect, test } from './fixtures';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

// A reading ages in a second here, instead of a minute.
test.use({ engineTiming: { metricsMaxAgeMs: 1000 } });

test('the queue card says its reading is old, and why, once nothing of ours is in flight; a call on its way reads it again', async ({ page, world }) => {
  await world.configure();
  const first = await world.service.logCall(callInput({ leadNumber: '+91-9200000101' }));
  await expect.poll(async () => (await world.service.getEntry(first.id)).state, { timeout: 20_000 }).toBe('success');
  const metricsAsked = () => world.sandbox.requests().filter((r) => r.path.includes('metrics')).length;
  await page.waitForTimeout(1200); // the reading taken while the call was followed is now old
  const asked = metricsAsked();

  await world.open(page);
  await nav(page).getByRole('button', { name: 'Dashboard' }).click();
  const queue = page.getByRole('region', { name: 'LeadSquared call-log queue' });
  await expect(queue.getByText('Pending messages')).toBeVisible();
  await expect(queue.getByTestId('queue-reading-old')).toHaveText(
    /^Last read \d{2}:\d{2} (UTC|GMT[+-][\d:]+), while this computer’s calls were being followed — not read since, as none of them is waiting for LeadSquared now/,
  );
  await expect(queue).toHaveClass(/health-old/);
  await expect(queue).not.toContainText('As of');
  const local = page.getByRole('region', { name: /^This computer/ });
  await expect(local.locator('.stat', { hasText: 'Waiting now' }).locator('dd')).toHaveText('0');
  expect(metricsAsked()).toBe(asked); // opening the Dashboard cost the budget nothing

  // A call on its way: the page refreshes with it, the queue is read again and shown as current.
  world.sandbox.setFaults({ latencyMs: 1500 });
  await world.service.logCall(callInput({ leadNumber: '+91-9200000102' }));
  await expect(queue).toContainText(/As of \d{2}:\d{2}/, { timeout: 15_000 });
  await expect(queue.getByTestId('queue-reading-old')).toHaveCount(0);
  await expect(queue).not.toHaveClass(/health-old/);
  expect(metricsAsked()).toBeGreaterThan(asked);
});
