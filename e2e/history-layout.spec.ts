// History at a common laptop size (1280×800) with a call's details open: every
// column's value is shown whole, nothing cut to an ellipsis or clipped.
import { callInput } from '../test/support/engine';
import { expect, test } from './fixtures';
import { clippedIn, overlappingRows } from './layout';

test.use({ viewport: { width: 1280, height: 800 }, sandboxOptions: { processingDelayMs: 600_000 } });

// The longest values the call schema accepts (shared/call-log.ts): a lead number of 30 characters
// with the most digits allowed (15), and an agent name of 100. The state is held at the longest
// label, "In LeadSquared's queue".
const LONGEST_LEAD_NUMBER = '+1 (415) 555-0123 (44) - (1) 2';
const LONGEST_AGENT_NAME = 'Maria Fernanda Alessandra de los Santos Villanueva-Rodríguez y Castellanos Oyelaran-Bhattacharya Jr.';

test('1280×800 with details open: State, Lead number, Direction, Start time, Agent and RequestID all readable', async ({ page, world }) => {
  await world.configure();
  expect([LONGEST_LEAD_NUMBER.length, LONGEST_LEAD_NUMBER.replace(/\D/g, '').length, LONGEST_AGENT_NAME.length]).toEqual([30, 15, 100]);
  const { id } = await world.service.logCall(callInput({ leadNumber: LONGEST_LEAD_NUMBER, agentName: LONGEST_AGENT_NAME, direction: 'Outbound' }));
  // A short call beside it: the long one's row must make room, not run over its neighbour.
  await world.service.logCall(callInput({ leadNumber: '9611795983', agentName: 'Meera Shah' }));
  // A long processing delay holds the call at the longest state label. The first check waits for that
  // delay, so the test asks for one, again if the queue's metrics moved it back out.
  await expect
    .poll(
      async () => {
        const e = await world.service.getEntry(id);
        if (e.state === 'accepted' && (e.nextCheckAt ?? 0) > Date.now() + 5000) await world.service.retryNow(id);
        return e.state;
      },
      { timeout: 20_000 },
    )
    .toBe('in_queue');

  await world.open(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History', exact: true }).click();
  const row = page.locator(`[data-entry-id="${id}"]`);
  await expect(row).toContainText("In LeadSquared's queue");
  await row.click();
  await expect(page.getByRole('dialog', { name: 'Call details' })).toBeVisible();

  const entry = await world.service.getEntry(id);
  for (const text of ["In LeadSquared's queue", LONGEST_LEAD_NUMBER, 'Outbound', entry.startTime, LONGEST_AGENT_NAME, entry.requestId!]) {
    await expect(row).toContainText(text);
  }
  expect(await clippedIn(page.locator(`[data-entry-id="${id}"]`))).toEqual([]);
  expect(await overlappingRows(page)).toEqual([]);
  // Column headers too.
  expect(await clippedIn(page.locator('.history-header-row'))).toEqual([]);
});

test('1280×800 with a banner, a second row of filters and details open: the window never scrolls, only the list and details', async ({ page, world }) => {
  // Not configured: the built-in sandbox, so the "Sandbox mode" banner sits above every page.
  for (let i = 0; i < 3; i++) await world.service.logCall(callInput({ leadNumber: `961179598${i}`, agentName: 'Meera Shah' }));
  await world.open(page);
  await expect(page.getByText(/^Sandbox mode:/)).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History', exact: true }).click();
  // A filter adds "Clear filters" on a row of its own.
  await page.getByLabel('Search history').fill('96117');
  await expect(page.getByRole('button', { name: 'Clear filters' })).toBeVisible();
  await page.locator('[data-entry-id]').first().click();
  await expect(page.getByRole('dialog', { name: 'Call details' })).toBeVisible();

  const fit = await page.evaluate(() => ({
    page: document.documentElement.scrollHeight - innerHeight,
    list: document.querySelector('.history-scroll')!.getBoundingClientRect().bottom - innerHeight,
    details: document.querySelector('.history-detail')!.getBoundingClientRect().bottom - innerHeight,
  }));
  expect(fit.page).toBeLessThanOrEqual(0);
  expect(fit.list).toBeLessThanOrEqual(0);
  expect(fit.details).toBeLessThanOrEqual(0);
  // The list still has room: the 20rem floor is for tiny windows, not this one.
  expect(await page.locator('.history-scroll').evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(400);
});

test('1280×800: the State filter shows its longest choice whole (the one the Dashboard’s failures open History with)', async ({ page, world }) => {
  await world.open(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History', exact: true }).click();
  const state = page.getByRole('combobox', { name: 'State filter' });
  await state.selectOption({ label: 'Failed (Failure or Error)' });
  // A select's text is not in its scrollWidth: compare its box with the width its choices ask for.
  const { shown, needed } = await state.evaluate((el) => {
    const shown = el.getBoundingClientRect().width;
    el.style.width = 'max-content';
    const needed = el.getBoundingClientRect().width;
    el.style.width = '';
    return { shown, needed };
  });
  expect(shown).toBeGreaterThanOrEqual(needed);
});
