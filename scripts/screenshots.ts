// npm run screenshots: pictures of every page, light and dark, for the docs
// and for eyeballing layout changes. Starts a sandbox, the real engine and the
// browser host in a temp dir (as the e2e fixture does), seeds ~40 calls, and
// drives Debian's Chromium. Writes docs/screenshots/<page>-<light|dark>.png.
// With PostgreSQL's server binaries present it also joins a throwaway team
// database and shoots the Team scope of History and Dashboard (team-*.png).
import { chromium, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserHost } from '../electron/browser-host/server';
import { CallLogService } from '../electron/core/service';
import { FileKeyCipher } from '../electron/core/vault';
import { startSandbox } from '../electron/sandbox/server';
import { seedCalls } from './screenshot-seed';
import { startPostgres, type PgCluster } from '../test/support/postgres';

const rendererDir = fileURLToPath(new URL('../dist/renderer/', import.meta.url));
const outDir = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const VIEWPORT = { width: 1280, height: 800 };

/** The day the demo calls were logged: today once a working day has passed, else yesterday. */
function demoDay(): { start: number; end: number; date: string } {
  const now = new Date();
  const base = now.getHours() >= 11 ? now : new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1, 12);
  const at = (h: number, m: number) => new Date(base.getFullYear(), base.getMonth(), base.getDate(), h, m).getTime();
  const end = Math.min(at(17, 45), now.getTime() - 5 * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { start: at(8, 30), end, date: `${base.getFullYear()}-${pad(base.getMonth() + 1)}-${pad(base.getDate())}` };
}

async function go(page: Page, name: string, heading: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();
  // In Team scope History and Dashboard are headed "Team history", "Team dashboard".
  await page.getByRole('heading', { name: new RegExp(`^(Team )?${heading}$`, 'i'), level: 1 }).waitFor();
}

/** History and Dashboard show "This computer" or "Team" once a team database is connected. */
async function scope(page: Page, name: 'This computer' | 'Team') {
  const group = page.getByRole('group', { name: 'Show calls from' });
  if ((await group.count()) > 0) await group.getByRole('radio', { name }).check();
}

/**
 * The seeded calls in a throwaway team database, as a supervisor would see them:
 * each agent at a desktop of their own (the seed logs every agent's calls on this
 * one computer, so the settled ones are moved to named desktops afterwards, as the
 * seed sets their times).
 */
async function joinTeam(): Promise<PgCluster | null> {
  let cluster: PgCluster;
  try {
    cluster = await startPostgres();
  } catch (e) {
    process.stdout.write(`Team screenshots skipped: ${(e as Error).message}\n`);
    return null;
  }
  const db = await cluster.createDatabase('screens');
  if ((await service.team.setDatabase(cluster.url(db))).state !== 'connected') throw new Error('Team database did not connect');
  const total = service.countByState();
  const want = Object.values(total).reduce((a, b) => a + (b ?? 0), 0);
  const deadline = Date.now() + 30_000;
  while (Number((await cluster.sql(db, 'SELECT count(*) AS n FROM calllog.calls')).rows[0].n) < want) {
    if (Date.now() > deadline) throw new Error('The seeded calls did not reach the team database in 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  // Settled calls only: a call still followed is copied again on its next check, under this desktop.
  const demo = `'demo-' || lower(split_part(agent_name, ' ', 1))`;
  const settled = `state IN ('success', 'failure', 'error')`;
  await cluster.sql(db, `UPDATE calllog.call_transitions t SET desktop_id = 'demo-' || lower(split_part(c.agent_name, ' ', 1))
    FROM calllog.calls c WHERE c.desktop_id = t.desktop_id AND c.id = t.call_id AND c.${settled}`);
  await cluster.sql(db, `UPDATE calllog.calls SET desktop_id = ${demo} WHERE ${settled}`);
  await cluster.sql(db, `INSERT INTO calllog.desktops (desktop_id, name, agent_name)
    VALUES ('demo-asha', 'asha@floor2-pc07', 'Asha Rao'), ('demo-ravi', 'ravi@floor2-pc12', 'Ravi Kumar'), ('demo-meera', 'meera@floor2-pc03', 'Meera Shah')`);
  return cluster;
}

async function shoot(page: Page, file: string) {
  // Caret and focus rings blink and move: park focus on the page itself.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: join(outDir, file) });
  process.stdout.write(`  ${file}\n`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'calllog-screens-'));
const sandbox = await startSandbox({ processingDelayMs: 300 });
const service = await CallLogService.open({
  dataDir,
  cipher: new FileKeyCipher(dataDir),
  // Named as IT would name the supervisor's desktop (not this machine's user@host).
  env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1', CALLLOG_DESKTOP_NAME: 'lead@floor2-pc01' },
  // Seconds, not minutes, between status checks: the seed settles in a few seconds.
  timing: { schedule: { firstMinMs: 200, firstUnknownMs: 300, slackMs: 100, laterMs: [300, 600, 1000] } },
});
const host = await startBrowserHost({ service, rendererDir });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

let cluster: PgCluster | null = null;
try {
  await service.updateSettings({
    useSandbox: false,
    asyncHost: sandbox.host,
    trustedHost: sandbox.host,
    callLogUrl: sandbox.callLogUrl,
    agentName: 'Asha Rao',
    agentNumber: '8611795988',
  });
  service.setKey(sandbox.apiKey);
  const day = demoDay();
  process.stdout.write('Seeding calls…\n');
  const failureId = await seedCalls(service, sandbox, dataDir, day);
  const failureLead = service.getEntry(failureId).leadNumber;
  mkdirSync(outDir, { recursive: true });
  cluster = await joinTeam();

  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ viewport: VIEWPORT, colorScheme, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(host.url);
    // One call logged (the status line shows it reach Success), the next one half typed.
    const form = page.getByRole('form', { name: 'Log a call' });
    await form.getByLabel('Lead phone number').fill(colorScheme === 'light' ? '+91-9845012345' : '+91-9845012346');
    await form.getByLabel('Duration (seconds)').fill('185');
    await form.getByRole('button', { name: 'Log call' }).click();
    await page.getByRole('status', { name: 'Last call' }).getByText('Success', { exact: true }).waitFor();
    await form.getByLabel('Lead phone number').fill('+91-9845098765');
    await form.getByLabel('Duration (seconds)').fill('240');
    await form.getByLabel('Notes').fill('Asked about the annual plan; wants a call back on Friday');
    await shoot(page, `log-call-${colorScheme}.png`);

    await go(page, 'History', 'History');
    await scope(page, 'This computer');
    const row = page.getByRole('grid', { name: 'Call history' }).getByRole('row').filter({ hasText: failureLead });
    await row.click();
    await page.getByRole('dialog', { name: 'Call details' }).getByText('StatusReason:').waitFor();
    await shoot(page, `history-${colorScheme}.png`);
    // The failed call's Edit and resend: Log call's form over History, its times on the agent's clock.
    await page.getByRole('dialog', { name: 'Call details' }).getByRole('button', { name: 'Edit and resend' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit and resend' });
    await edit.getByLabel('Lead phone number').waitFor();
    await shoot(page, `history-edit-resend-${colorScheme}.png`);
    await edit.getByRole('button', { name: 'Cancel' }).click();

    await go(page, 'Settings', 'Settings');
    await shoot(page, `settings-${colorScheme}.png`);

    await go(page, 'Dashboard', 'Dashboard');
    await scope(page, 'This computer');
    await page.getByLabel('Day', { exact: true }).fill(day.date);
    await page.getByRole('img', { name: /^Calls logged per hour/ }).waitFor();
    await page.getByText('Pending messages').waitFor();
    await shoot(page, `dashboard-${colorScheme}.png`);
    // The Failed figure opens History on exactly the day's failed calls, the day and test calls left out as removable filters.
    await page.getByRole('button', { name: /^Show the \d+ failed calls? logged on .* in History$/ }).click();
    await page.getByRole('button', { name: /^Remove filter: logged on / }).waitFor();
    await page.getByRole('button', { name: 'Show test calls too' }).waitFor();
    await page.getByRole('grid', { name: 'Call history' }).getByText('MXUserNotFound', { exact: false }).first().waitFor();
    await shoot(page, `history-failed-of-day-${colorScheme}.png`);
    await page.getByRole('button', { name: 'Clear filters' }).click();

    if (cluster) {
      await go(page, 'History', 'History');
      await scope(page, 'Team');
      await page.getByRole('grid', { name: 'Team call history' }).getByText('MXUserNotFound', { exact: false }).first().waitFor();
      await shoot(page, `team-history-${colorScheme}.png`);
      await go(page, 'Dashboard', 'Dashboard');
      await scope(page, 'Team');
      await page.getByLabel('Day', { exact: true }).fill(day.date);
      await page.getByRole('table', { name: /Failed calls by reason/ }).waitFor();
      await shoot(page, `team-dashboard-${colorScheme}.png`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await host.close();
  await service.close();
  await sandbox.close();
  cluster?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
