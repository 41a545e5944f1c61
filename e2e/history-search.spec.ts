// History's search and Agent filter (This computer) as supervisors type them:
// a part of a failure's reason, a number written any way, a part of a name.
import type { Page } from '@playwright/test';
import { callInput } from '../test/support/engine';
import { expect, test, type AppWorld } from './fixtures';

const grid = (page: Page) => page.getByRole('grid', { name: 'Call history' });
const rows = (page: Page) => grid(page).getByRole('row').filter({ has: page.getByRole('gridcell') });
const count = (page: Page) => page.locator('.history-count');

async function settled(world: AppWorld, id: number, states: RegExp) {
  await expect.poll(async () => (await world.service.getEntry(id)).state, { timeout: 20_000 }).toMatch(states);
}

test('search finds calls by a part of their failure reason and by their number however it is typed; Agent takes a part of a name', async ({ page, world }) => {
  await world.configure();
  world.sandbox.setFaults({ failureNext: 1, failureReason: 'MXUserNotFound: No user has the agent number 8611795988' });
  const unmapped = await world.service.logCall(callInput({ leadNumber: '9876543210', agentName: 'Priya Sharma', notes: 'Wants a demo' }));
  await settled(world, unmapped.id, /^failure$/);
  const through = await world.service.logCall(callInput({ leadNumber: '+91-8611795977', agentName: 'Priya Sharma', notes: 'Asked about pricing' }));
  await settled(world, through.id, /^success$/);
  const other = await world.service.logCall(callInput({ leadNumber: '+91 99000 11122', agentName: 'Ravi Kumar', notes: 'Warranty claim' }));
  await settled(world, other.id, /^success$/);
  // Last: a key LeadSquared refuses holds this call (and any after it) with the app's own reason.
  world.sandbox.setFaults({ unauthorizedNext: 1 });
  const refused = await world.service.logCall(callInput({ leadNumber: '+91-9000000044', agentName: 'Ravi Kumar', notes: 'Call back Monday' }));
  await settled(world, refused.id, /^needs_key$/);

  await world.open(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History', exact: true }).click();
  await expect(count(page)).toHaveText('4 calls');
  const search = page.getByRole('searchbox', { name: 'Search history' });
  await expect(search).toHaveAttribute('placeholder', /reason/);

  // LeadSquared's StatusReason, by a part of it and in any case.
  await search.fill('MXUser');
  await expect(count(page)).toHaveText('1 call');
  await expect(rows(page).first()).toContainText('9876543210');
  await search.fill('mxusernotfound');
  await expect(count(page)).toHaveText('1 call');
  // The app's own words for why a call is held.
  await search.fill('rejected the API key');
  await expect(count(page)).toHaveText('1 call');
  await expect(rows(page).first()).toContainText('+91-9000000044');

  // A number with a country code, spaces, dashes or brackets finds it as stored.
  for (const typed of ['+91 9876543210', '98765 43210', '(987) 654-3210']) {
    await search.fill(typed);
    await expect(count(page), typed).toHaveText('1 call');
    await expect(rows(page).first()).toContainText('9876543210');
  }
  await search.fill('8611795977');
  await expect(count(page)).toHaveText('1 call');
  await expect(rows(page).first()).toContainText('+91-8611795977');
  await search.fill('');
  await expect(count(page)).toHaveText('4 calls');

  // The Agent filter: a first name, a surname in another case.
  const agent = page.getByRole('textbox', { name: 'Agent' });
  await agent.fill('Priya');
  await expect(count(page)).toHaveText('2 calls');
  await expect(rows(page)).toHaveCount(2);
  await agent.fill('sharma');
  await expect(count(page)).toHaveText('2 calls');
  // With the search, both narrow the list.
  await search.fill('MXUser');
  await expect(count(page)).toHaveText('1 call');
  await agent.fill('ravi');
  await expect(rows(page)).toHaveCount(0);
  await expect(page.getByText('No calls match this search and filter.')).toBeVisible();
});

test('the Dashboard’s row of an agent lists that agent’s failed calls, not a longer name’s; typed, the name matches both', async ({ page, world }) => {
  await world.configure();
  for (const agentName of ['Priya', 'Priya Sharma']) {
    world.sandbox.setFaults({ failureNext: 1 });
    const { id } = await world.service.logCall(callInput({ agentName, leadNumber: agentName === 'Priya' ? '+91-9100000001' : '+91-9100000002' }));
    await settled(world, id, /^failure$/);
  }
  await world.open(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Dashboard' }).click();
  const byAgent = page.getByRole('table', { name: /Failed calls by agent/ });
  await byAgent.getByRole('button', { name: /^Show the 1 failed call of Priya logged on .+ in History$/ }).click();
  await expect(page.getByRole('heading', { name: 'History', exact: true, level: 1 })).toBeFocused();
  const agent = page.getByRole('textbox', { name: 'Agent' });
  await expect(agent).toHaveValue('Priya');
  await expect(count(page)).toHaveText('1 call');
  await expect(rows(page).first()).toContainText('+91-9100000001');
  // Typed again, it is a part of a name like any other.
  await agent.fill('');
  await agent.pressSequentially('Priya');
  await expect(count(page)).toHaveText('2 calls');
});
