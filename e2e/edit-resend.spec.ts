// Edit and resend is Log call's form: times on the agent's own clock, sent as
// LeadSquared's UTC wall-clock text; a start in the future refused, an old one
// not; and room to work in, at a laptop's size and a small one. Real engine,
// real sandbox (what it received is read back), real Chromium.
import type { Page } from '@playwright/test';
import { callInput } from '../test/support/engine';
import { importRow, writeCsv } from './csv';
import { expect, test, type AppWorld } from './fixtures';

const REASON = 'MXUserNotFound: No user has the agent number 8611795988';

/** A call that failed, its details open and its Edit and resend form open. */
async function openEditOnFailedCall(page: Page, world: AppWorld, leadNumber: string) {
  world.sandbox.setFaults({ failureNext: 1, failureReason: REASON });
  await world.configure();
  await world.open(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History', exact: true }).click();
  const input = callInput({ leadNumber });
  const { id } = await world.service.logCall(input);
  const row = page.getByRole('grid', { name: 'Call history' }).getByRole('row').filter({ hasText: leadNumber });
  await expect(row.getByText('Failure', { exact: true })).toBeVisible();
  await row.click();
  const details = page.getByRole('dialog', { name: 'Call details' });
  await details.getByRole('button', { name: 'Edit and resend' }).click();
  return { id, input, row, details, form: page.getByRole('form', { name: 'Edit and resend' }) };
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

test.describe('in the agent’s time zone (India), call times in UTC (the default)', () => {
  test.use({ timezoneId: 'Asia/Kolkata' });

  test('the stored times show on this computer’s clock; a start typed there is resent as UTC; the future is refused, 40 days back is not', async ({ page, world }) => {
    const { id, input, row, form } = await openEditOnFailedCall(page, world, '+91-9000000021');
    const start = form.getByLabel('Start time');
    const end = form.getByLabel('End time');
    // Stored as instants; shown as India's wall clock (UTC + 5:30), as Log call's pickers show them.
    const inIndia = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Kolkata', dateStyle: 'short', timeStyle: 'medium' }).format(Date.parse(iso)).replace(' ', 'T');
    await expect(start).toHaveValue(inIndia(input.startTime));
    await expect(end).toHaveValue(inIndia(input.endTime));
    await expect(form.getByText(/Your local time \(Asia\/(Calcutta|Kolkata)\); sent to LeadSquared in UTC\./)).toBeVisible();

    // A start two days ahead is a mistyped date: refused on Start time, and nothing is sent.
    const ahead = isoDay(2);
    await start.fill(`${ahead}T10:00:00`);
    await form.getByRole('button', { name: 'Resend' }).click();
    await expect(start).toHaveAccessibleDescription(/^Start time is in the future: check the date and time/);
    expect((await world.service.getEntry(id)).state).toBe('failure');

    // 40 days back: Log call would refuse it; a failed call is fixed whenever it is found.
    const day = isoDay(-40);
    await start.fill(`${day}T15:00:00`);
    // The duration is kept: the end moves with the start.
    await expect(end).toHaveValue(`${day}T15:01:35`);
    await expect(start).not.toHaveAttribute('aria-invalid', 'true');
    await form.getByRole('button', { name: 'Resend' }).click();
    await expect(form).toBeHidden();
    await expect(row.getByText('Success', { exact: true })).toBeVisible();
    const received = world.sandbox.calls().filter((c) => (c.body as { CallSessionId?: string }).CallSessionId === input.callSessionId);
    // 15:00 in India is 09:30 UTC.
    expect(received.at(-1)!.body).toMatchObject({ StartTime: `${day} 09:30:00`, EndTime: `${day} 09:31:35`, CallDuration: '95' });
  });

  test('an imported call (its times known only as the UTC text sent) shows them on this computer’s clock and, unchanged, is resent as the same text', async ({ page, world }, info) => {
    world.sandbox.setFaults({ failureNext: 1, failureReason: REASON });
    await world.configure();
    await world.open(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History', exact: true }).click();
    const row = importRow(1, { StartTime: '2026-11-24 21:00:15', EndTime: '2026-11-24 21:01:45', CallDuration: '90' });
    await page.getByLabel('Import call logs (CSV)').setInputFiles(await writeCsv(info, 'one-call.csv', [row]));
    const listed = page.getByRole('grid', { name: 'Call history' }).getByRole('row').filter({ hasText: row.SourceNumber });
    await expect(listed.getByText('Failure', { exact: true })).toBeVisible();
    await listed.click();
    await page.getByRole('dialog', { name: 'Call details' }).getByRole('button', { name: 'Edit and resend' }).click();
    const form = page.getByRole('form', { name: 'Edit and resend' });
    // 21:00 UTC is 02:30 the next day in India.
    await expect(form.getByLabel('Start time')).toHaveValue('2026-11-25T02:30:15');
    await expect(form.getByLabel('End time')).toHaveValue('2026-11-25T02:31:45');
    await expect(form.getByLabel('Duration (seconds)')).toHaveValue('90');
    await page.keyboard.press('Control+Enter');
    await expect(form).toBeHidden();
    await expect(listed.getByText('Success', { exact: true })).toBeVisible();
    const received = world.sandbox.calls().filter((c) => (c.body as { CallSessionId?: string }).CallSessionId === row.CallSessionId);
    expect(received.at(-1)!.body).toMatchObject({ StartTime: '2026-11-24 21:00:15', EndTime: '2026-11-24 21:01:45', CallDuration: '90' });
  });
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
]) {
  test(`${viewport.width}×${viewport.height}: the form has the window’s room, nothing cut at the sides, Resend in sight`, async ({ page, world }) => {
    await page.setViewportSize(viewport);
    const { details, form } = await openEditOnFailedCall(page, world, '+91-9000000022');
    const dialog = page.getByRole('dialog', { name: 'Edit and resend' });
    await expect(dialog).toBeVisible();
    const box = (await dialog.boundingBox())!;
    const column = (await details.boundingBox())!;
    // Not the details' column: wider than it by far, and inside the window at both sides.
    expect(box.width).toBeGreaterThan(2 * column.width);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    const cut = await dialog.evaluate((d) => {
      const right = d.getBoundingClientRect().right;
      const out = [...d.querySelectorAll<HTMLElement>('input, select, textarea, button, label, .hint')].filter((el) => el.getBoundingClientRect().right > right + 1);
      return { scrolls: d.scrollWidth > d.clientWidth, outside: out.map((el) => el.id || el.textContent) };
    });
    expect(cut).toEqual({ scrolls: false, outside: [] });
    for (const label of ['Lead phone number', 'Duration (seconds)', 'Start time', 'End time']) await expect(form.getByLabel(label)).toBeInViewport();
    await expect(form.getByRole('button', { name: 'Resend' })).toBeInViewport();
    await expect(form.getByRole('button', { name: 'Cancel' })).toBeInViewport();
    // Cancel, like Esc, leaves the call where it was.
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(details.getByRole('button', { name: 'Edit and resend' })).toBeFocused();
  });
}
