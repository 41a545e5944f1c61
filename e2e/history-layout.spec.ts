// History at a common laptop size (1280×800) with a call's details open: every
// column's value is shown whole, nothing cut to an ellipsis or clipped. In the
// team's history too (a real PostgreSQL team database, e2e/team-db.ts), with a
// failure's long reason, its details closed and open.
import type { Page } from '@playwright/test';
import { callInput } from '../test/support/engine';
import { expect, test, type AppWorld } from './fixtures';
import { clippedIn, linesOf, overlappingRows, shownText } from './layout';
import { freshE2eDatabase } from './team-db';

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

test.describe('a failure with a long reason, in the team’s history and this computer’s', () => {
  // Calls reach their outcome: this one needs a failure, not a call held in LeadSquared's queue.
  test.use({ sandboxOptions: { processingDelayMs: 400 } });

  // A reason as long as LeadSquared words them; a lead number of the most digits allowed, unbroken.
  const REASON = 'MXUserNotFound: No user has the agent number +919800000002 mapped in LeadSquared; map it under Users › Telephony';
  const LEAD = '+919822222203456';
  const AGENT_NUMBER = '+919800000002';
  /** What a supervisor must read of the reason in the row, details closed or open: its code and what it says. */
  const REASON_START = 'MXUserNotFound: No user has the';

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
  const scopes = [
    { scope: 'Team', grid: 'Team call history' },
    { scope: 'This computer', grid: 'Call history' },
  ] as const;

  /** A team database with two calls of this computer's in it, one a failure with REASON; History open. */
  async function teamWithFailure(page: Page, world: AppWorld) {
    const db = await freshE2eDatabase();
    await world.configure();
    await world.open(page);
    await nav(page).getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Team database', { exact: true }).fill(db.url);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Team database status' })).toHaveText(/Connected to/);

    const ok = await world.service.logCall(callInput({ agentName: 'Asha Rao', leadNumber: '+919812345601' }));
    await expect.poll(async () => (await world.service.getEntry(ok.id)).state, { timeout: 20_000 }).toBe('success');
    world.sandbox.setFaults({ failureNext: 1, failureReason: REASON });
    const { id } = await world.service.logCall(callInput({ agentName: 'Ravi', leadNumber: LEAD, agentNumber: AGENT_NUMBER, direction: 'Outbound' }));
    await expect.poll(async () => (await world.service.getEntry(id)).state, { timeout: 20_000 }).toBe('failure');
    await nav(page).getByRole('button', { name: 'History', exact: true }).click();
    return world.service.getEntry(id);
  }

  test('1280×800, details closed and open: a whole RequestID, the start of the reason, and every other value readable; the details break no number inside', async ({ page, world }) => {
    test.setTimeout(90_000);
    const entry = await teamWithFailure(page, world);
    const dialog = page.getByRole('dialog', { name: 'Call details' });

    for (const { scope, grid } of scopes) {
      await page.getByRole('group', { name: 'Show calls from' }).getByRole('radio', { name: scope }).check();
      const rows = page.getByRole('grid', { name: grid }).getByRole('row').filter({ has: page.getByRole('gridcell') });
      await expect(rows).toHaveCount(2);
      const row = rows.filter({ hasText: LEAD });
      const reason = row.locator('.history-reason');
      await expect(reason).toHaveAttribute('title', REASON);
      for (const details of ['closed', 'open'] as const) {
        const where = `${scope}, details ${details}`;
        if (details === 'open') {
          await row.click();
          await expect(dialog).toContainText(REASON);
        }
        for (const text of ['Failure', LEAD, 'Outbound', entry.startTime, 'Ravi', entry.requestId!]) await expect(row).toContainText(text);
        // Every value whole but the reason, which shows its start (whole in its title and the details).
        expect(await clippedIn(row, undefined, '.history-reason'), where).toEqual([]);
        expect(await shownText(reason), where).toContain(REASON_START);
        // The RequestID on one line, or beside the details in two halves; never cut into three.
        expect(await linesOf(row.locator('.history-mono')), where).toBeLessThanOrEqual(details === 'closed' ? 1 : 2);
        expect(await overlappingRows(page), where).toEqual([]);
        expect(await clippedIn(page.locator('.history-header-row')), where).toEqual([]);
      }

      // The details: the RequestID whole, and the phone numbers and the call's time never broken inside.
      const fact = (term: string) => dialog.locator('.history-fact').filter({ has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) }).locator('dd');
      await expect(fact('RequestID')).toHaveText(entry.requestId!);
      expect(await linesOf(fact('RequestID')), scope).toBeLessThanOrEqual(2);
      // An outbound call: the agent's number is the source, the lead's the destination.
      for (const [term, number] of [['SourceNumber', AGENT_NUMBER], ['DestinationNumber', LEAD]] as const) {
        await expect(fact(term)).toHaveText(number);
        expect(await linesOf(fact(term)), `${scope}: ${term}`).toBe(1);
      }
      for (const term of ['RequestID', 'SourceNumber', 'DestinationNumber']) expect(await clippedIn(fact(term).locator('..'), 'dd'), `${scope}: ${term}`).toEqual([]);
      const summary = dialog.locator('.history-summary');
      for (const text of [LEAD, entry.startTime]) expect(await linesOf(summary.getByText(text, { exact: true })), `${scope}: ${text}`).toBe(1);
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
    }
  });

  test.describe('at 1024×700', () => {
    test.use({ viewport: { width: 1024, height: 700 } });

    test('details open: the list drops Direction and RequestID (in the details) and shows every other column whole, without sideways scroll', async ({ page, world }) => {
      test.setTimeout(90_000);
      const entry = await teamWithFailure(page, world);
      const dialog = page.getByRole('dialog', { name: 'Call details' });
      for (const { scope, grid } of scopes) {
        await page.getByRole('group', { name: 'Show calls from' }).getByRole('radio', { name: scope }).check();
        const list = page.getByRole('grid', { name: grid });
        const row = list.getByRole('row').filter({ has: page.getByRole('gridcell') }).filter({ hasText: LEAD });
        await row.click();
        await expect(dialog).toContainText(REASON);
        const shown = scope === 'Team' ? ['State', 'Lead number', 'Start time', 'Agent', 'Desktop'] : ['State', 'Lead number', 'Start time', 'Agent'];
        const headers = list.getByRole('columnheader');
        await expect(headers).toHaveCount(shown.length);
        for (const [i, name] of shown.entries()) await expect(headers.nth(i)).toHaveText(new RegExp(`^${name}`));
        for (const text of ['Failure', LEAD, entry.startTime, 'Ravi']) await expect(row).toContainText(text);
        // "(this computer)" whole on its line, not with its ")" alone under it.
        if (scope === 'Team') expect(await linesOf(row.locator('.history-this-computer'))).toBe(1);
        expect(await clippedIn(row, undefined, '.history-reason'), scope).toEqual([]);
        expect(await clippedIn(page.locator('.history-header-row')), scope).toEqual([]);
        expect(await overlappingRows(page), scope).toEqual([]);
        const sideways = await list.evaluate((el) => el.scrollWidth - el.clientWidth);
        expect(sideways, scope).toBeLessThanOrEqual(0);
        // What the list dropped is in the details.
        await expect(dialog.locator('.history-summary')).toContainText('Outbound');
        await expect(dialog.locator('.history-fact').filter({ hasText: 'RequestID' }).first()).toContainText(entry.requestId!);
        await page.keyboard.press('Escape');
        await expect(dialog).toHaveCount(0);
      }
    });
  });
});
