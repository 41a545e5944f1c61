// History at a common laptop size (1280×800) with a call's details open: every
// column's value is shown whole, nothing cut to an ellipsis or clipped.
import type { Page } from '@playwright/test';
import { callInput } from '../test/support/engine';
import { expect, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 800 }, sandboxOptions: { processingDelayMs: 600_000 } });

/** The texts in `row` that do not fit their box (cut by overflow, ellipsis or a too-small cell). */
function clippedIn(page: Page, rowSelector: string) {
  return page.locator(rowSelector).evaluate((row) => {
    const out: string[] = [];
    const CELL = '[role="gridcell"], [role="columnheader"]';
    const boxes = [...row.querySelectorAll<HTMLElement>(`${CELL}, [role="gridcell"] *, [role="columnheader"] *`)];
    for (const el of boxes) {
      if (!el.textContent?.trim()) continue;
      const cut = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      const r = el.getBoundingClientRect();
      const cell = el.closest(CELL)!.getBoundingClientRect();
      const outside = r.right > cell.right + 1 || r.bottom > cell.bottom + 1 || r.top < cell.top - 1;
      if (cut || outside) out.push(`${el.className || el.tagName}: ${el.textContent.trim()}`);
    }
    return out;
  });
}

test('1280×800 with details open: State, Lead number, Direction, Start time, Agent and RequestID all readable', async ({ page, world }) => {
  await world.configure();
  const { id } = await world.service.logCall(callInput({ leadNumber: '+91-9611795983', agentName: 'Meera Shah', direction: 'Outbound' }));
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
  for (const text of ["In LeadSquared's queue", '+91-9611795983', 'Outbound', entry.startTime, 'Meera Shah', entry.requestId!]) {
    await expect(row).toContainText(text);
  }
  expect(await clippedIn(page, `[data-entry-id="${id}"]`)).toEqual([]);
  // Column headers too.
  expect(await clippedIn(page, '.history-header-row')).toEqual([]);
});
