// This computer among the team's desktops, and the scope switch across a
// restart. A desktop IT named "Seat 1" (a browser host started here on a data
// dir this spec keeps, so it can be stopped and started again like the app at
// the end of a shift) shares a real PostgreSQL team database with "Seat 2".
// Restarting the browser host serves the page from a new port, a new origin
// whose storage is empty: only what main keeps survives. Hence the tag (the
// electron project skips it).
import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserApp, type BrowserApp } from '../electron/browser-host/app';
import { FileKeyCipher } from '../electron/core/vault';
import { builtInSandbox } from '../electron/sandbox-provider';
import { callInput } from '../test/support/engine';
import { E2E_TIMING, expect, test, type AppWorld } from './fixtures';
import { freshE2eDatabase } from './team-db';

const REASON = 'MXUserNotFound: No user has the agent number 8611795988';
const rendererDir = fileURLToPath(new URL('../dist/renderer/', import.meta.url));

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const scopeOf = (page: Page) => page.getByRole('group', { name: 'Show calls from' });
const rowsIn = (page: Page, grid: string) => page.getByRole('grid', { name: grid }).getByRole('row').filter({ has: page.getByRole('gridcell') });

/** A desktop on this test's sandbox and key, named `name` to the team; its settings and team database stay in `dataDir`. */
async function startDesktop(dataDir: string, name: string): Promise<BrowserApp> {
  return startBrowserApp({
    dataDir,
    rendererDir,
    cipher: new FileKeyCipher(dataDir),
    env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1', CALLLOG_DESKTOP_NAME: name },
    sandbox: builtInSandbox(400),
    timing: E2E_TIMING,
    checkOutput: true,
  });
}

async function joinTeam(world: AppWorld, app: BrowserApp, agentName: string, teamDbUrl: string): Promise<void> {
  const { sandbox } = world;
  await app.service.updateSettings({ useSandbox: false, asyncHost: sandbox.host, trustedHost: sandbox.host, callLogUrl: sandbox.callLogUrl, agentName, agentNumber: '8611795988' });
  app.service.setKey(sandbox.apiKey);
  expect((await app.service.team.setDatabase(teamDbUrl)).state).toBe('connected');
}

async function openHistory(page: Page, app: BrowserApp): Promise<void> {
  await page.goto(app.host.url);
  await nav(page).getByRole('button', { name: 'History', exact: true }).click();
}

test('on Seat 1, Team marks this computer’s calls and opens its own failed call under This computer for Edit and resend; the Team choice outlives a restart, and without a team database it is This computer', { tag: '@browser-host' }, async ({ page, world }) => {
  test.setTimeout(120_000);
  const db = await freshE2eDatabase();
  const dir1 = mkdtempSync(join(tmpdir(), 'calllog-e2e-seat1-'));
  const dir2 = mkdtempSync(join(tmpdir(), 'calllog-e2e-seat2-'));
  let seat1: BrowserApp | null = await startDesktop(dir1, 'Seat 1');
  const seat2 = await startDesktop(dir2, 'Seat 2');
  try {
    await joinTeam(world, seat1, 'Asha Rao', db.url);
    await joinTeam(world, seat2, 'Vikram Shah', db.url);
    // Asha's call on Seat 1 fails at LeadSquared; Vikram's on Seat 2 goes through.
    world.sandbox.setFaults({ failureNext: 1, failureReason: REASON });
    const failed = seat1.service.logCall(callInput({ agentName: 'Asha Rao', leadNumber: '+91-9000011111' }));
    await expect.poll(() => seat1!.service.getEntry(failed.id).state, { timeout: 20_000 }).toBe('failure');
    const ok = seat2.service.logCall(callInput({ agentName: 'Vikram Shah', leadNumber: '+91-9000022222' }));
    await expect.poll(() => seat2.service.getEntry(ok.id).state, { timeout: 20_000 }).toBe('success');

    // Settings › Team says which desktop of the team this one is.
    await page.goto(seat1.host.url);
    await nav(page).getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByTestId('this-desktop')).toHaveText('This computer shows in the team as “Seat 1”.');

    await nav(page).getByRole('button', { name: 'History', exact: true }).click();
    await scopeOf(page).getByRole('radio', { name: 'Team' }).check();
    const team = rowsIn(page, 'Team call history');
    await expect(team).toHaveCount(2, { timeout: 20_000 });
    const mine = team.filter({ hasText: 'Asha Rao' });
    await expect(mine.locator('.history-desktop')).toHaveText('Seat 1 (this computer)');
    await expect(team.filter({ hasText: 'Vikram Shah' }).locator('.history-desktop')).toHaveText('Seat 2');

    // Its own failed call: said to be this computer's, with the way to where it is edited and resent.
    await mine.click();
    const details = page.getByRole('dialog', { name: 'Call details' });
    await expect(details.getByTestId('call-owner')).toHaveText('Logged on this computer (Seat 1). Open it on This computer to edit and resend it.');
    await expect(details.getByRole('button', { name: 'Edit and resend' })).toHaveCount(0);
    await details.getByRole('button', { name: 'Open on This computer' }).click();
    await expect(scopeOf(page).getByRole('radio', { name: 'This computer' })).toBeChecked();
    await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
    await expect(details).toContainText(`StatusReason: ${REASON}`);
    await expect(details.getByRole('button', { name: 'Edit and resend' })).toBeVisible();
    await expect(details).toBeFocused();
    await expect(rowsIn(page, 'Call history').filter({ hasText: '+91-9000011111' })).toHaveAttribute('aria-selected', 'true');
    // Another desktop's call stays read-only, naming the desktop that must act.
    await scopeOf(page).getByRole('radio', { name: 'Team' }).check();
    await team.filter({ hasText: 'Vikram Shah' }).click();
    await expect(details.getByTestId('call-owner')).toHaveText('Logged on Seat 2 (online). LeadSquared has it: nothing to do.');
    await expect(details.getByRole('button', { name: 'Open on This computer' })).toHaveCount(0);

    // Team stays chosen across a restart of the app (a new port, so a new origin: nothing kept in the page).
    await expect.poll(() => seat1!.service.settings.viewScope()).toBe('team');
    const firstOrigin = seat1.host.origin;
    await seat1.close();
    seat1 = null;
    seat1 = await startDesktop(dir1, 'Seat 1');
    expect(seat1.host.origin).not.toBe(firstOrigin);
    await openHistory(page, seat1);
    await expect(page.getByRole('heading', { name: 'Team history', level: 1 })).toBeVisible();
    await expect(scopeOf(page).getByRole('radio', { name: 'Team' })).toBeChecked();
    await expect(team.filter({ hasText: 'Asha Rao' }).locator('.history-desktop')).toHaveText('Seat 1 (this computer)', { timeout: 20_000 });
    await nav(page).getByRole('button', { name: 'Dashboard' }).click();
    await expect(page.getByRole('heading', { name: 'Team dashboard', level: 1 })).toBeVisible();

    // No team database any more: This computer, with no switch, though Team was the last choice.
    await seat1.service.team.clearDatabase();
    await openHistory(page, seat1);
    await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
    await expect(rowsIn(page, 'Call history')).toHaveCount(1);
    await expect(scopeOf(page)).toHaveCount(0);
    await nav(page).getByRole('button', { name: 'Dashboard' }).click();
    await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  } finally {
    await seat1?.close();
    await seat2.close();
    rmSync(dir1, { recursive: true, force: true });
    rmSync(dir2, { recursive: true, force: true });
  }
});

/** WCAG's contrast ratio of two computed colours ("rgb(…)"). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const x = Number(v) / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The focused segment's ring colours (outline, and the inset ring inside it if any) and the colour behind it. */
function focusRing(page: Page) {
  return page.evaluate(() => {
    const input = document.activeElement as HTMLInputElement;
    const span = input.nextElementSibling as HTMLElement;
    const s = getComputedStyle(span);
    let behind = 'rgba(0, 0, 0, 0)';
    for (let el: HTMLElement | null = span; el && /rgba\(.*, 0\)$|transparent/.test(behind); el = el.parentElement) behind = getComputedStyle(el).backgroundColor;
    return {
      focusVisible: input.matches(':focus-visible'),
      checked: input.checked,
      outline: s.outlineStyle === 'none' || s.outlineWidth === '0px' ? null : s.outlineColor,
      inset: /inset/.test(s.boxShadow) ? (s.boxShadow.match(/rgba?\([^)]*\)/)?.[0] ?? null) : null,
      behind,
    };
  });
}

test('the scope switch’s keyboard focus stands out on the selected and the unselected segment, light and dark', async ({ page, world }) => {
  const db = await freshE2eDatabase();
  await world.configure();
  await world.open(page);
  await nav(page).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Team database', { exact: true }).fill(db.url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Team database status' })).toHaveText(/Connected to/);
  await nav(page).getByRole('button', { name: 'History', exact: true }).click();
  const here = scopeOf(page).getByRole('radio', { name: 'This computer' });
  const team = scopeOf(page).getByRole('radio', { name: 'Team' });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await team.check();
    // By keyboard: the arrow moves focus and the choice to "This computer" (selected, on the accent colour).
    await page.keyboard.press('ArrowLeft');
    await expect(here).toBeFocused();
    await expect(here).toBeChecked();
    // Then "Team" focused but not chosen (after keyboard use, a focus moved by script shows as keyboard focus).
    const seen = [await focusRing(page)];
    await team.focus();
    seen.push(await focusRing(page));
    expect(seen.map((r) => [r.checked, r.focusVisible])).toEqual([
      [true, true],
      [false, true],
    ]);
    for (const r of seen) {
      const what = `${colorScheme}, ${r.checked ? 'selected' : 'unselected'}: ${JSON.stringify(r)}`;
      expect(r.outline, what).not.toBeNull();
      // Some colour of the ring stands out 3:1 against the segment it is drawn on…
      const best = Math.max(contrast(r.outline!, r.behind), r.inset ? contrast(r.inset, r.behind) : 0);
      expect(best, what).toBeGreaterThanOrEqual(3);
      // …and a two-colour ring's colours stand out from each other, so its edge is seen on either.
      if (r.inset) expect(contrast(r.outline!, r.inset), what).toBeGreaterThanOrEqual(3);
    }
  }
  await page.emulateMedia({ colorScheme: null });
});
