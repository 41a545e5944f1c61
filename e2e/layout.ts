// Layout checks shared by the History specs: text cut or drawn outside its row.
import type { Locator, Page } from '@playwright/test';

/**
 * The texts in `row` that do not fit their box (cut by overflow, ellipsis or a too-small cell),
 * and cells that spill out of the row itself: rows are placed one under the other, so a cell
 * taller than its row would be drawn over the next one. `cells`: which cells to look at;
 * `skip`: texts shown in part by design (a reason's first lines), checked with shownText.
 */
export function clippedIn(row: Locator, cells = '[role="gridcell"], [role="columnheader"]', skip?: string) {
  return row.evaluate(
    (row, [CELL, SKIP]) => {
      const out: string[] = [];
      const band = row.getBoundingClientRect();
      const boxes = [...row.querySelectorAll<HTMLElement>(CELL)].flatMap((c) => [c, ...c.querySelectorAll<HTMLElement>('*')]);
      for (const el of boxes) {
        if (SKIP && el.closest(SKIP)) continue;
        // Not drawn at all (a column the list drops beside the details): nothing of it is cut.
        if (el.getClientRects().length === 0) continue;
        if (!el.textContent?.trim()) continue;
        const cut = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
        const r = el.getBoundingClientRect();
        const cell = el.closest(CELL)!.getBoundingClientRect();
        const outside = r.right > cell.right + 1 || r.bottom > cell.bottom + 1 || r.top < cell.top - 1;
        const spills = cell.bottom > band.bottom + 1 || cell.top < band.top - 1 || cell.right > band.right + 1;
        if (cut || outside || spills) out.push(`${el.className || el.tagName}: ${el.textContent.trim()}`);
      }
      return out;
    },
    [cells, skip ?? ''] as const,
  );
}

/**
 * The start of `el`'s text that is drawn inside its box: what a reader sees of a text cut by an
 * ellipsis or a line clamp. The last three characters before a cut are left out (the ellipsis
 * covers them), so the result never claims more than is shown.
 */
export function shownText(el: Locator) {
  return el.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let shown = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let i = 0; i < text.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = range.getBoundingClientRect();
        const inside = r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
        // A space at a line's end has no width of its own: it is shown if the next character is.
        if (!inside && !(r.width === 0 && /\s/.test(text[i]!))) return shown.slice(0, -3);
        shown += text[i];
      }
    }
    return shown;
  });
}

/** How many lines `el`'s text is laid out on. */
export function linesOf(el: Locator) {
  return el.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top));
    return new Set(tops).size;
  });
}

/** Rows of the list drawn over one another (a row taller than the space the list gave it). */
export function overlappingRows(page: Page) {
  return page.locator('.history-body').evaluate((body) => {
    const rows = [...body.querySelectorAll<HTMLElement>('[role="row"]')].map((r) => ({ index: r.dataset.index, box: r.getBoundingClientRect() }));
    rows.sort((a, b) => a.box.top - b.box.top);
    return rows.slice(1).flatMap((r, i) => (r.box.top < rows[i]!.box.bottom - 1 ? [`row ${r.index} starts inside row ${rows[i]!.index}`] : []));
  });
}
