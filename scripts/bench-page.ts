// What the History benchmarks (bench:ui, bench:team-ui) share: the built
// renderer, Debian's Chromium, and a watcher armed in the page that notes the
// moment the DOM first shows what a measurement waits for.
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const rendererDir = join(root, 'dist/renderer');

export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
export const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Builds the renderer when dist/renderer is missing. */
export function ensureRenderer(name: string): void {
  if (existsSync(join(rendererDir, 'index.html'))) return;
  console.log(`${name}: building the renderer (dist/renderer is missing)`);
  const r = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

export async function openChromium(): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  // tsx (esbuild keepNames) wraps named functions in `__name(...)`; functions sent to page.evaluate need it defined there too.
  await context.addInitScript('window.__name = (f) => f');
  return { browser, context, page: await context.newPage() };
}

/**
 * What "rendered" means for a measurement: the count line says `countText`
 * (unless undefined), the list is not showing the previous filter's rows, and
 * the first row is the call `firstKey` (its rowKey: the id, or in the team's
 * history desktop/id; any loaded call when undefined; no row when null);
 * or, for a jump, no row in view is still loading; or the first element
 * `selector` finds says `text`. With `afterMark`, only once the page has made
 * that performance mark since the watcher was armed (a search started).
 */
export type Done = ({ kind: 'rows'; countText?: string; firstKey?: string | null } | { kind: 'jump' } | { kind: 'text'; selector: string; text: string }) & {
  afterMark?: string;
};

/** "1,234 calls", as the page's count line says it (en-US); "10,000+ calls" for a count the server stopped at. */
export const countText = (n: number, exact = true) => `${n.toLocaleString('en-US')}${exact ? '' : '+'} ${n === 1 && exact ? 'call' : 'calls'}`;

/** Arms a watcher in the page: resolves with performance.now() when `done` first holds after a DOM change, and at the next frame. */
export function watchInPage(p: Page, name: string, done: Done) {
  return p.evaluate(
    ({ name, done }) => {
      const firstRow = () => document.querySelector("[role=grid] [role=row][aria-rowindex='2']");
      const keyOf = (row: Element) => {
        const desktop = row.getAttribute('data-desktop-id');
        return `${desktop === null ? '' : `${desktop}/`}${row.getAttribute('data-entry-id')}`;
      };
      const armedAt = performance.now();
      const holds = (): boolean => {
        if (done.afterMark && !performance.getEntriesByName(done.afterMark, 'mark').some((m) => m.startTime >= armedAt)) return false;
        if (done.kind === 'text') return document.querySelector(done.selector)?.textContent === done.text;
        if (done.kind === 'jump') {
          return document.querySelector('[role=grid] .history-row-loading') === null && document.querySelector('[role=grid] [data-entry-id]') !== null;
        }
        if (done.countText !== undefined && (document.querySelector('.history-count')?.textContent ?? '') !== done.countText) return false;
        if (document.querySelector('[role=grid]')?.getAttribute('aria-busy') === 'true') return false;
        const row = firstRow();
        if (done.firstKey === null) return row === null;
        if (!row?.hasAttribute('data-entry-id')) return false;
        return done.firstKey === undefined || keyOf(row) === done.firstKey;
      };
      (window as unknown as Record<string, unknown>)[name] = new Promise<{ dom: number; frame: number }>((resolve) => {
        const mo = new MutationObserver(() => {
          if (!holds()) return;
          const dom = performance.now();
          mo.disconnect();
          requestAnimationFrame(() => resolve({ dom, frame: performance.now() }));
        });
        mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      });
    },
    { name, done },
  );
}

/** Waits for a watcher armed by watchInPage; after a minute says what the page shows instead of waiting for ever. */
export async function awaitInPage(p: Page, name: string, limitMs = 60_000): Promise<{ dom: number; frame: number }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(async () => {
      const shown = await p
        .evaluate(() => ({
          count: document.querySelector('.history-count')?.textContent ?? null,
          firstRow: document.querySelector("[role=grid] [role=row][aria-rowindex='2']")?.textContent?.slice(0, 120) ?? null,
        }))
        .catch(() => null);
      reject(new Error(`${name}: the page did not get there in ${limitMs / 1000} s; it shows ${JSON.stringify(shown)}`));
    }, limitMs);
  });
  try {
    return await Promise.race([p.evaluate((n) => (window as unknown as Record<string, Promise<{ dom: number; frame: number }>>)[n]!, name), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Notes when the next click starts (capture phase, before React sees it). */
export const markNextClick = (p: Page) =>
  p.evaluate(() => {
    const w = window as unknown as { __clickAt: number };
    window.addEventListener('click', () => (w.__clickAt = performance.now()), { capture: true, once: true });
  });
export const clickedAt = (p: Page) => p.evaluate(() => (window as unknown as { __clickAt: number }).__clickAt);

/** When the page's debounced search last started (HistoryPage's `history:search` mark). */
export const searchMark = (p: Page) => p.evaluate(() => performance.getEntriesByName('history:search', 'mark').at(-1)?.startTime ?? NaN);
