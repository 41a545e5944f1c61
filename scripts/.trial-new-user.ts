// One-off: "tried as a new user" for issue 10. Not committed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startPostgres } from '../test/support/postgres';

const out = '/tmp/trial';
const cluster = await startPostgres();
process.on('exit', () => cluster.destroy());
const su = new URL(cluster.url('postgres'));
const port = su.port;
const doc = readFileSync('docs/team.md', 'utf8');
const blocks = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);
console.log(`docs/team.md has ${blocks.length} sql blocks`);
import { execFileSync } from 'node:child_process';
async function run(url: string, sql: string) {
  // As a DBA would: psql, statement by statement, stop at the first error.
  console.log(execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-f', '-'], { input: sql }).toString());
}
// 1. As a superuser: roles and database, exactly as the doc says; one more agent login like desk_asha.
await run(cluster.url('postgres'), blocks[0]);
await run(cluster.url('postgres'), `CREATE ROLE desk_vikram LOGIN PASSWORD 'change-me-vikram' IN ROLE calllog_desktop;`);
const ownerUrl = `postgres://calllog_owner:change-me-owner@127.0.0.1:${port}/calllog`;
// 2. Schema as owner, 3. grants as owner.
await run(ownerUrl, blocks[1]);
await run(ownerUrl, blocks[2]);
console.log('DBA setup done');

const procs: ChildProcess[] = [];
process.on('exit', () => procs.forEach((p) => p.kill('SIGTERM')));
function start(cmd: string[], env: Record<string, string>, marker: RegExp): Promise<{ p: ChildProcess; text: () => string }> {
  const p = spawn(cmd[0], cmd.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(p);
  let text = '';
  return new Promise((resolve, reject) => {
    const on = (d: Buffer) => {
      text += d.toString();
      if (marker.test(text)) resolve({ p, text: () => text });
    };
    p.stdout!.on('data', on);
    p.stderr!.on('data', (d) => (text += d.toString()));
    p.on('exit', (code) => reject(new Error(`exited ${code}: ${text}`)));
  });
}
const sb = await start(['npx', 'tsx', 'electron/sandbox/cli.ts'], { SANDBOX_ADMIN_TOKEN: 'trial-admin-token-1234', SANDBOX_DELAY_MS: '1500' }, /Press Ctrl\+C/);
const sbText = sb.text();
const field = (name: string) => sbText.match(new RegExp(`${name}:\\s+(\\S+)`))![1];
const sandbox = { host: field('Async API host'), callLogUrl: field('Call Log API URL'), apiKey: field('API key'), url: sbText.match(/listening on (\S+)/)![1] };
console.log('sandbox', sandbox.host);

async function desktop(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `trial-${name}-`));
  const h = await start(['node', '--import', 'tsx', 'electron/browser-host/main.ts'], { CALLLOG_DATA_DIR: dir, BROWSER: 'none', CALLLOG_ALLOW_HTTP_LOOPBACK: '1', USER: name }, /Open (\S+)/);
  return h.text().match(/Open (\S+)/)![1];
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
async function open(url: string) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(url);
  return page;
}
const nav = (p: Page, name: string) => p.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();

async function setUp(page: Page, agent: string, number: string, login: string | null, shot: string) {
  await nav(page, 'Settings');
  const s = page.getByRole('form', { name: 'Settings' });
  if (login) {
    const sandboxBox = page.getByLabel('Use sandbox');
    if (await sandboxBox.isChecked()) await sandboxBox.uncheck();
    await page.getByLabel('Async API host').fill(`  http://${sandbox.host}/  `);
    const trust = page.getByLabel('Trust this host outside LeadSquared');
    if (await trust.isVisible()) await trust.check();
    await page.getByLabel('Call Log API URL').fill(sandbox.callLogUrl);
    await page.getByLabel('Agent name').fill(agent);
    await page.getByLabel('Agent phone number').fill(number);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status', { name: 'Save result' }).waitFor();
    console.log(agent, 'save:', await page.getByRole('status', { name: 'Save result' }).textContent());
    await page.getByLabel('API key').fill(sandbox.apiKey);
    await page.getByLabel('API key').press('Enter');
    await page.waitForTimeout(500);
  }
  const db = `postgres://${login ?? 'sup_meera'}:change-me-${(login ?? 'sup_meera').split('_')[1]}@127.0.0.1:${port}/calllog`;
  await page.getByLabel('Team database', { exact: true }).fill(db);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByRole('status', { name: 'Team database status' }).filter({ hasText: /onnected|Connected/ }).waitFor({ timeout: 20_000 }).catch(() => undefined);
  console.log(agent, 'team:', await page.getByRole('status', { name: 'Team database status' }).textContent());
  await page.screenshot({ path: `${out}/${shot}`, fullPage: true });
  void s;
}

async function logCall(page: Page, lead: string, notes: string) {
  await nav(page, 'Log call');
  const form = page.getByRole('form', { name: 'Log a call' });
  await form.getByLabel('Lead phone number').fill(lead);
  await form.getByLabel('Duration (seconds)').fill('95');
  await form.getByLabel('Notes').fill(notes);
  await form.getByLabel('Notes').press('Control+Enter');
  await page.waitForTimeout(800);
}

const [ua, ub, us] = [await desktop('asha'), await desktop('vikram'), await desktop('meera')];
const [pa, pb, ps] = [await open(ua), await open(ub), await open(us)];
await setUp(pa, 'Asha Rao', '8611795988', 'desk_asha', 'a-settings.png');
await setUp(pb, 'Vikram Singh', '8622000001', 'desk_vikram', 'b-settings.png');
await setUp(ps, 'Meera', '', null, 's-settings.png');
await logCall(pa, '+91-9845012345', 'Asked about the premium plan');
await logCall(pa, '+91-9845012346', 'Callback tomorrow');
// The next accepted call fails as LeadSquared would for an unmapped agent number.
const r = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sandbox-admin-token': 'trial-admin-token-1234' }, body: JSON.stringify({ failureNext: 1, failureReason: 'MXUserNotFound: No user has the agent number 8622000001' }) });
console.log('fault set', r.status, await r.text());
await logCall(pb, '+91-9900011122', 'Refund request');
await logCall(pb, '+91-9900011123', 'Wrong number');
await pa.screenshot({ path: `${out}/a-logged.png` });
await new Promise((res) => setTimeout(res, 15_000));
await nav(ps, 'History');
await ps.getByRole('group', { name: 'Show calls from' }).getByRole('radio', { name: 'Team' }).click();
await ps.waitForTimeout(2000);
await ps.screenshot({ path: `${out}/s-team-history.png` });
console.log('supervisor grid:\n', (await ps.getByRole('grid').innerText()).slice(0, 2000));
await nav(ps, 'Dashboard');
await ps.waitForTimeout(2000);
await ps.screenshot({ path: `${out}/s-team-dashboard.png`, fullPage: true });
await browser.close();
process.exit(0);
