// Layout checks shared by the History specs: text cut or drawn outside its row.
import type { Locator, Page } from '@playwright/test';

/**
 * The texts in `row` that do not fit their box (cut by overflow, ellipsis or a too-small cell),
 * and cells that spill out of the row itself: rows are placed one under the other, so a cell
 * taller than its row would be drawn over the next one. `cells`: which cells to look at.
 */
export function clippedIn(row: Locator, cells = '[role="gridcell"], [role="columnheader"]') {
  return row.evaluate((row, CELL) => {
    const out: string[] = [];
    const band = row.getBoundingClientRect();
    const boxes = [...row.querySelectorAll<HTMLElement>(CELL)].flatMap((c) => [c, ...c.querySelectorAll<HTMLElement>('*')]);
    for (const el of boxes) {
      if (!el.textContent?.trim()) continue;
      const cut = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      const r = el.getBoundingClientRect();
      const cell = el.closest(CELL)!.getBoundingClientRect();
      const outside = r.right > cell.right + 1 || r.bottom > cell.bottom + 1 || r.top < cell.top - 1;
      const spills = cell.bottom > band.bottom + 1 || cell.top < band.top - 1 || cell.right > band.right + 1;
      if (cut || outside || spills) out.push(`${el.className || el.tagName}: ${el.textContent.trim()}`);
    }
    return out;
  }, cells);
}

/** Rows of the list drawn over one another (a row taller than the space the list gave it). */
export function overlappingRows(page: Page) {
  return page.locator('.history-body').evaluate((body) => {
    const rows = [...body.querySelectorAll<HTMLElement>('[role="row"]')].map((r) => ({ index: r.dataset.index, box: r.getBoundingClientRect() }));
    rows.sort((a, b) => a.box.top - b.box.top);
    return rows.slice(1).flatMap((r, i) => (r.box.top < rows[i]!.box.bottom - 1 ? [`row ${r.index} starts inside row ${rows[i]!.index}`] : []));
  });
}
