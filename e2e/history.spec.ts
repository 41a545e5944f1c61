// History end to end: live states without reload, a failure's reason and its
// fix, a wrong key, search and filter, and a 5,000-call list that stays small in the DOM.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { callInput } from '../test/support/engine';
import { expect, test, type AppWorld } from './fixtures';

async function openHistory(page: Page, world: AppWorld) {
  await world.open(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'History', exact: true, level: 1 })).toBeVisible();
  // Marks this document: if it is still there at the end, nothing reloaded the page.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
}

const grid = (page: Page) => page.getByRole('grid', { name: 'Call history' });
/** Body rows only: the header row has column headers, not cells. */
const rows = (page: Page) => grid(page).getByRole('row').filter({ has: page.getByRole('gridcell') });
const rowWith = (page: Page, text: string) => rows(page).filter({ hasText: text });
const count = (page: Page) => page.locator('.history-count');
const stillSameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);

async function waitFinal(world: AppWorld, id: number) {
  await expect.poll(async () => (await world.service.getEntry(id)).state, { timeout: 20_000 }).toMatch(/^(success|failure|error)$/);
}

test('logged calls appear with their live state and reach Success with their RequestID, without a reload', async ({ page, world }) => {
  await world.configure();
  await openHistory(page, world);
  const a = await world.service.logCall(callInput({ leadNumber: '+91-9000000001' }));
  const b = await world.service.logCall(callInput({ leadNumber: '+91-9000000002' }));

  const rowA = rowWith(page, '+91-9000000001');
  await expect(rowA).toBeVisible();
  await expect(rowA.getByText('Success', { exact: true })).toBeVisible();
  await expect(rowWith(page, '+91-9000000002').getByText('Success', { exact: true })).toBeVisible();
  const requestId = (await world.service.getEntry(a.id)).requestId!;
  expect(requestId).toBeTruthy();
  await expect(rowA).toContainText(requestId);
  // Newest first.
  await expect(rows(page).first()).toContainText('+91-9000000002');
  await expect(count(page)).toHaveText('2 calls');
  expect(await stillSameDocument(page)).toBe(true);

  // The details: payload, timeline, and Copy RequestID.
  await world.grantClipboard(page);
  await rowA.click();
  const details = page.getByRole('dialog', { name: 'Call details' });
  await expect(details).toContainText(requestId);
  await expect(details).toContainText('Asked about pricing');
  await expect(details.getByRole('list', { name: 'State changes' }).getByRole('listitem')).toHaveCount((await world.service.getEntry(a.id)).transitions.length);
  await details.getByRole('button', { name: 'Copy RequestID' }).click();
  await expect(details.getByText('Copied')).toBeVisible();
  expect(await world.readClipboard(page)).toBe(requestId);
  expect((await world.service.getEntry(b.id)).state).toBe('success');
});

test.describe('on a computer whose zone is not the call times’ zone', () => {
  test.use({ timezoneId: 'Asia/Kolkata' });

  test('call details name the zone of every time they show', async ({ page, world }) => {
    await world.configure(); // call times in UTC, the default
    await openHistory(page, world);
    const { id } = await world.service.logCall(callInput({ leadNumber: '+91-9000000001' }));
    await waitFinal(world, id);
    await rowWith(page, '+91-9000000001').click();
    const details = page.getByRole('dialog', { name: 'Call details' });
    const entry = await world.service.getEntry(id);
    await expect(details.locator('p', { hasText: entry.startTime })).toContainText(`${entry.startTime} UTC`);
    // State changes are on this computer's clock, 5 h 30 min ahead of the call times here, and say so.
    const saved = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Kolkata', dateStyle: 'short', timeStyle: 'medium' }).format(entry.transitions[0]!.at);
    await expect(details.getByRole('list', { name: 'State changes' }).getByRole('listitem').first()).toContainText(`${saved} GMT+5:30 Saved`);
  });
});

test.describe('on a computer whose clock is on UTC', () => {
  test.use({ timezoneId: 'UTC' });

  test('state changes say UTC, as the call times do, not GMT+0', async ({ page, world }) => {
    await world.configure();
    await openHistory(page, world);
    const { id } = await world.service.logCall(callInput({ leadNumber: '+91-9000000002' }));
    await waitFinal(world, id);
    await rowWith(page, '+91-9000000002').click();
    const first = page.getByRole('dialog', { name: 'Call details' }).getByRole('list', { name: 'State changes' }).getByRole('listitem').first();
    await expect(first).toContainText(/:\d\d UTC Saved/);
    await expect(first).not.toContainText('GMT');
  });
});

test('a call logged with the built-in sandbox is marked Test; one for the account is not', async ({ page, world }) => {
  // First run: "Use sandbox" is on.
  await openHistory(page, world);
  await world.service.logCall(callInput({ leadNumber: '+91-9000000101' }));
  const testRow = rowWith(page, '+91-9000000101');
  await expect(testRow.getByText('Success', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(testRow.getByText('Test', { exact: true })).toHaveAttribute('title', /built-in sandbox: a test call, never sent to LeadSquared/);

  await world.configure();
  await world.service.logCall(callInput({ leadNumber: '+91-9000000102' }));
  const realRow = rowWith(page, '+91-9000000102');
  await expect(realRow.getByText('Success', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(realRow.getByText('Test', { exact: true })).toHaveCount(0);
  await testRow.click();
  await expect(page.getByRole('dialog', { name: 'Call details' }).getByText('Test', { exact: true })).toBeVisible();
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);
});

test('a customer call waiting when the sandbox is switched on is said above every page, and never sent to the sandbox', async ({ page, world }) => {
  await world.configure();
  await world.service.clearKey();
  await openHistory(page, world);
  const waiting = await world.service.logCall(callInput({ leadNumber: '+91-9000000103' }));
  await world.service.updateSettings({ useSandbox: true });
  const banner = page.getByRole('status').filter({ hasText: 'Sandbox mode' });
  await expect(banner).toContainText('1 call logged for your LeadSquared account waits until you do: it goes only there.');
  await expect(rowWith(page, '+91-9000000103')).toContainText('Logged for your LeadSquared account');
  expect((await world.service.getEntry(waiting.id)).requestId).toBeNull();
});

test('a FAILURE shows its reason; Edit and resend fixes it and it reaches Success', async ({ page, world }) => {
  const reason = 'MXUserNotFound: No user has the agent number 8611795988';
  world.sandbox.setFaults({ failureNext: 1, failureReason: reason });
  await world.configure();
  await openHistory(page, world);
  const { id } = await world.service.logCall(callInput({ leadNumber: '+91-9000000011', agentNumber: '8611795988' }));

  const row = rowWith(page, '+91-9000000011');
  await expect(row.getByText('Failure', { exact: true })).toBeVisible();
  // The reason is in the row itself, and one click away in full.
  await expect(row).toContainText('MXUserNotFound');
  await row.click();
  const details = page.getByRole('dialog', { name: 'Call details' });
  await expect(details).toContainText(`StatusReason: ${reason}`);
  await expect(details.getByRole('list', { name: 'State changes' })).toContainText('Failure');

  await details.getByRole('button', { name: 'Edit and resend' }).click();
  const form = details.getByRole('form', { name: 'Edit and resend' });
  await expect(form.getByLabel('Agent phone number')).toHaveValue('8611795988');
  // The list, the details and the form, checked by axe (WCAG 2 A/AA rules), light and dark.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const axe = await new AxeBuilder({ page }).include('.history-page').withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(axe.violations.map((v) => `${colorScheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
  // Main's rules decide; its field error shows on the field.
  await form.getByLabel('Lead phone number').fill('12');
  await form.getByRole('button', { name: 'Resend' }).click();
  await expect(form.getByText('Lead phone number should have 3 to 15 digits')).toBeVisible();
  await expect(form.getByLabel('Lead phone number')).toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel('Lead phone number').fill('+91-9000000011');
  await form.getByLabel('Agent phone number').fill('8611795999');
  // The form takes a duration as Log call does (m:ss off the dialler), under the same words.
  await expect(form.getByLabel('Display number (IVR)')).toHaveValue('');
  await expect(form.getByLabel('Duration (seconds)')).toHaveAccessibleDescription('Seconds, or m:ss like 2:05');
  await form.getByLabel('Duration (seconds)').fill('1:35');
  await form.getByRole('button', { name: 'Resend' }).click();
  await expect(form).toBeHidden();
  await expect(row.getByText('Success', { exact: true })).toBeVisible();
  await expect(details.getByRole('list', { name: 'State changes' })).toContainText('Edited and resent by the agent');
  const entry = await world.service.getEntry(id);
  expect(entry.payload.DestinationNumber).toBe('8611795999');
  expect(entry.payload.CallDuration).toBe('95');
  await expect(row).toContainText(entry.requestId!);
  expect(await stillSameDocument(page)).toBe(true);
});

test('Edit and resend by keyboard: focus goes into the form, a bad input is refused on its field and Esc leaves the call as it was, Ctrl+Enter resends and focus stays in the details', async ({ page, world }) => {
  world.sandbox.setFaults({ failureNext: 1, failureReason: 'MXUserNotFound: No user has the agent number 8611795988' });
  await world.configure();
  await openHistory(page, world);
  const { id } = await world.service.logCall(callInput({ leadNumber: '+91-9000000012', agentNumber: '8611795988' }));
  const row = rowWith(page, '+91-9000000012');
  await expect(row.getByText('Failure', { exact: true })).toBeVisible();
  const failed = await world.service.getEntry(id);
  await row.focus();
  await page.keyboard.press('Enter');
  const details = page.getByRole('dialog', { name: 'Call details' });
  await expect(details).toBeFocused();

  const edit = details.getByRole('button', { name: 'Edit and resend' });
  await edit.press('Enter');
  // Over the page, with the room Log call has; focus on its first field, as on Log call.
  await expect(page.getByRole('dialog', { name: 'Edit and resend' })).toBeVisible();
  const form = details.getByRole('form', { name: 'Edit and resend' });
  await expect(form.getByLabel('Lead phone number')).toBeFocused();
  // A bad input is refused next to its field before anything is sent; the call stored is untouched.
  await form.getByLabel('Lead phone number').fill('12');
  await page.keyboard.press('Control+Enter');
  await expect(form.getByLabel('Lead phone number')).toHaveAccessibleDescription('Lead phone number should have 3 to 15 digits');
  await expect(form.getByLabel('Lead phone number')).toBeFocused();
  // Esc leaves the form for the button that opened it; a second Esc closes the details, back on the row.
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(edit).toBeFocused();
  const kept = await world.service.getEntry(id);
  expect([kept.state, kept.payload, kept.input]).toEqual([failed.state, failed.payload, failed.input]);
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(row).toBeFocused();

  // Opened again, it shows the call as stored, not what was typed and cancelled.
  await page.keyboard.press('Enter');
  await details.getByRole('button', { name: 'Edit and resend' }).press('Enter');
  await expect(form.getByLabel('Lead phone number')).toHaveValue('+91-9000000012');
  await form.getByLabel('Agent phone number').fill('8611795999');
  await page.keyboard.press('Control+Enter');
  await expect(form).toBeHidden();
  await expect(details.getByRole('status').filter({ hasText: 'Edited and queued to send again' })).toBeVisible();
  await expect(details).toBeFocused();
  expect((await world.service.getEntry(id)).payload.DestinationNumber).toBe('8611795999');
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(row).toBeFocused();
});

test.describe('a call LeadSquared keeps in its queue', () => {
  test.use({ sandboxOptions: { processingDelayMs: 600_000 } });

  test('Retry now pressed from the keyboard keeps focus on the button', async ({ page, world }) => {
    await world.configure();
    await openHistory(page, world);
    const { id } = await world.service.logCall(callInput({ leadNumber: '+91-9000000013' }));
    await expect.poll(async () => (await world.service.getEntry(id)).state, { timeout: 20_000 }).toMatch(/^(accepted|in_queue)$/);
    await rowWith(page, '+91-9000000013').click();
    const details = page.getByRole('dialog', { name: 'Call details' });
    const retry = details.getByRole('button', { name: 'Retry now' });
    await retry.press('Enter');
    await expect(details.getByRole('status').filter({ hasText: 'Retry requested' })).toBeVisible();
    // Not dropped on the page's body while the request was pending: Esc still closes the details.
    await expect(retry).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(details).toBeHidden();
  });
});

test('a wrong key shows "Needs API key"; the right key turns the row to Success live', async ({ page, world }) => {
  await world.configure({ key: 'wrong-key-1234' });
  await openHistory(page, world);
  await world.service.logCall(callInput({ leadNumber: '+91-9000000021' }));
  const row = rowWith(page, '+91-9000000021');
  await expect(row.getByText('Needs API key', { exact: true })).toBeVisible();

  await world.service.setKey(world.sandbox.apiKey);
  await expect(row.getByText('Success', { exact: true })).toBeVisible();
  expect(await stillSameDocument(page)).toBe(true);
});

test('search by number, RequestID and notes narrows the rows; the State filter shows only failed ones', async ({ page, world }) => {
  await world.configure();
  world.sandbox.setFaults({ failureNext: 1 });
  const failed = await world.service.logCall(callInput({ leadNumber: '+91-9000000031', notes: 'Wants a warranty extension' }));
  await waitFinal(world, failed.id);
  const ids = [
    (await world.service.logCall(callInput({ leadNumber: '+91-9000000032', notes: 'Asked about pricing' }))).id,
    (await world.service.logCall(callInput({ leadNumber: '+91-9000000033', notes: 'Warranty claim for the dryer' }))).id,
    (await world.service.logCall(callInput({ leadNumber: '+91-9000000034', notes: 'Call back on Monday' }))).id,
  ];
  for (const id of ids) await waitFinal(world, id);
  expect((await world.service.getEntry(failed.id)).state).toBe('failure');
  await openHistory(page, world);
  await expect(count(page)).toHaveText('4 calls');
  await expect(rows(page)).toHaveCount(4);

  const search = page.getByRole('searchbox', { name: 'Search history' });
  // A number as typed, spaces and all, matches the digits.
  await search.fill('90000 00032');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('+91-9000000032');
  await expect(count(page)).toHaveText('1 call');

  const requestId = (await world.service.getEntry(ids[1]!)).requestId!;
  await search.fill(requestId);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('+91-9000000033');

  await search.fill('warranty');
  await expect(rows(page)).toHaveCount(2);
  await expect(count(page)).toHaveText('2 calls');

  const filter = page.getByRole('combobox', { name: 'State filter' });
  await filter.selectOption({ label: 'Failure' });
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('+91-9000000031');

  await search.fill('');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first().getByText('Failure', { exact: true })).toBeVisible();

  await search.fill('no such call anywhere');
  await expect(rows(page)).toHaveCount(0);
  await expect(page.getByText('No calls match this search and filter.')).toBeVisible();

  await search.fill('');
  await filter.selectOption({ label: 'All' });
  await expect(rows(page)).toHaveCount(4);
});

test('5,000 calls: the total reads 5,000, the DOM holds a screenful, and the bottom shows the oldest', async ({ page, world }) => {
  // Unconfigured: no key, so the calls stay "Needs API key" and nothing changes under the test.
  await world.service.updateSettings({ useSandbox: false });
  const N = 5000;
  const lead = (i: number) => `+91-80000${String(i).padStart(5, '0')}`;
  for (let i = 0; i < N; i++) await world.service.logCall(callInput({ leadNumber: lead(i) }));
  await openHistory(page, world);

  await expect(count(page)).toHaveText('5,000 calls');
  await expect(grid(page)).toHaveAttribute('aria-rowcount', String(N + 1));
  await expect(rows(page).first()).toContainText(lead(N - 1));
  const inDom = await grid(page).getByRole('row').count();
  expect(inDom).toBeGreaterThan(5);
  expect(inDom).toBeLessThan(100);

  await grid(page).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  const oldest = rowWith(page, lead(0));
  await expect(oldest).toBeVisible();
  await expect(oldest).toHaveAttribute('aria-rowindex', String(N + 1));
  expect(await grid(page).getByRole('row').count()).toBeLessThan(100);

  // Keyboard: Home and End jump through all 5,000; Enter opens, Esc closes and returns to the row.
  await oldest.focus();
  await page.keyboard.press('Home');
  const newest = rowWith(page, lead(N - 1));
  await expect(newest).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rowWith(page, lead(N - 2))).toBeFocused();
  await page.keyboard.press('End');
  await expect(oldest).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(rowWith(page, lead(1))).toBeFocused();
  // Page Up lands above the old view: the row it focuses must show below the sticky header, not under it.
  await page.keyboard.press('PageUp');
  const focused = grid(page).locator('[role=row]:focus');
  await expect(focused).toHaveCount(1);
  const headerBox = (await grid(page).getByRole('row').first().boundingBox())!;
  const focusedBox = (await focused.boundingBox())!;
  expect(focusedBox.y).toBeGreaterThanOrEqual(headerBox.y + headerBox.height - 1);
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowUp');
  await expect(rowWith(page, lead(1))).toBeFocused();
  await page.keyboard.press('Enter');
  const details = page.getByRole('dialog', { name: 'Call details' });
  await expect(details).toContainText(lead(1));
  await expect(details).toContainText('Needs API key');
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(rowWith(page, lead(1))).toBeFocused();
});
