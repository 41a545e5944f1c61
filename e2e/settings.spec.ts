// The Settings page end to end, including the promise that the API key is
// write-only: once saved it is nowhere the page (or anything reading it) can see.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const openSettings = async (page: Page) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
};
/** The DOM, every field's value and both storages. */
async function expectNotOnPage(page: Page, key: string) {
  expect(await page.content()).not.toContain(key);
  const values = await page.locator('input, textarea, select').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  for (const v of values) expect(v).not.toContain(key);
  const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));
  expect(stored).not.toContain(key);
}
const saveResult = (page: Page) => page.getByRole('status', { name: 'Save result' });
const testResult = (page: Page) => page.getByRole('status', { name: 'Connection test' });

test('first run: "Use sandbox" is on and the hint says calls go to the built-in simulator', async ({ page, world }) => {
  await world.open(page);
  await openSettings(page);
  const sandbox = page.getByLabel('Use sandbox');
  await expect(sandbox).toBeChecked();
  await expect(sandbox).toHaveAccessibleDescription(/calls go to the built-in simulator/);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(testResult(page)).toContainText('OK: Connected to the sandbox');
});

test('an invalid Call Log API URL is refused next to that field, and nothing typed is lost', async ({ page, world }) => {
  await world.open(page);
  await openSettings(page);
  await page.getByLabel('Agent name').fill('Asha Rao');
  const url = page.getByLabel('Call Log API URL');
  await url.fill('https://example.com/not/a/connector');
  await page.getByRole('button', { name: 'Save settings' }).click();
  // Main's rule (it parses the URL), shown where it belongs.
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(url).toHaveAccessibleDescription(/^Call Log API URL should contain \/1\/api\/Telephony\/LogCallComplete\//);
  await expect(url).toBeFocused();
  await expect(saveResult(page)).toContainText('Settings not saved');
  await expect(page.getByLabel('Agent name')).toHaveValue('Asha Rao');
  await expect(url).toHaveValue('https://example.com/not/a/connector');
  expect((await world.service.getSettings()).agentName).toBe('');
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);

  // The shared schema's own rules run before anything is sent.
  const agentNumber = page.getByLabel('Agent phone number');
  await agentNumber.fill('ext. 42');
  await url.fill(world.sandbox.callLogUrl);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(agentNumber).toHaveAccessibleDescription(/^Agent phone number may only contain digits, spaces, \+, -, \( and \)/);
  // The result sits under the buttons, below every field.
  await expect(saveResult(page)).toHaveText('Not saved: fix the fields marked above');
  // Test connection saves first: with nothing saved, nothing was tested, and no connection "failed".
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(testResult(page)).toHaveText('Not tested: your changes could not be saved (see above)');

  await agentNumber.fill('8611795988');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(saveResult(page)).toHaveText('Settings saved');
  await expect(url).toHaveAttribute('aria-invalid', 'false');
  expect(await world.service.getSettings()).toMatchObject({ agentName: 'Asha Rao', agentNumber: '8611795988', callLogUrl: world.sandbox.callLogUrl });
});

test('Test connection: OK against the configured sandbox, the reason with a bad key', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  await openSettings(page);
  await expect(page.getByLabel('Use sandbox')).not.toBeChecked();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(testResult(page)).toContainText('OK: Connected to LeadSquared');

  // Unsaved changes are saved first: the test is of what the agent sees.
  await page.getByLabel('API key').fill('wrong-key-1234');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(saveResult(page)).toContainText('API key saved, ends with 1234');
  await expect(testResult(page)).toContainText('Connection failed: LeadSquared rejected the API key (401)');
});

test('saving settings updates the Log call form; a bad key is refused on its own without losing the rest', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  await openSettings(page);
  await page.getByLabel('Agent name').fill('Ravi K');
  await page.getByLabel('Call status choices').fill('Answered\nMissed\n\nCallback requested\n');
  await page.getByLabel('Notes templates').fill('Sent price list');
  const key = page.getByLabel('API key');
  await key.fill('short');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(saveResult(page)).toHaveText('Settings saved · API key not saved');
  await expect(key).toHaveAccessibleDescription(/^API key is too short/);
  await expect(key).toBeFocused();
  expect(await world.service.getSettings()).toMatchObject({ agentName: 'Ravi K', callStatuses: ['Answered', 'Missed', 'Callback requested'], notesTemplates: ['Sent price list'] });
  expect((await world.service.keyStatus()).hint).toBe(world.sandbox.apiKey.slice(-4)); // the old key stays

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log call' }).click();
  const form = page.getByRole('form', { name: 'Log a call' });
  await expect(form.getByLabel('Agent name')).toHaveValue('Ravi K');
  await expect(form.getByLabel('Call status').locator('option')).toHaveText(['Answered', 'Missed', 'Callback requested']);
  await form.getByRole('button', { name: 'Insert template: Sent price list' }).click();
  await expect(form.getByLabel('Notes')).toHaveValue('Sent price list');
});

test('unsaved edits survive a trip to another page and say so; the API key typed is not kept; saving ends the draft', async ({ page, world }) => {
  await world.configure();
  const before = await world.service.getSettings();
  await world.open(page);
  await openSettings(page);
  await page.getByLabel('Agent name').fill('Meera S');
  await page.getByLabel('Notes templates').fill('Call back Monday');
  await page.getByLabel('API key').fill('typed-but-not-saved-key-0000');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
  await openSettings(page);

  await expect(page.getByLabel('Agent name')).toHaveValue('Meera S');
  await expect(page.getByLabel('Notes templates')).toHaveValue('Call back Monday');
  await expect(page.getByTestId('settings-draft')).toHaveText('Your unsaved changes from before you left Settings are back. Save settings keeps them.');
  // A key is pasted and saved in one go, or not at all: it is never held in the page's memory.
  await expect(page.getByLabel('API key')).toHaveValue('');
  expect(await world.service.getSettings()).toEqual(before);

  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(saveResult(page)).toHaveText('Settings saved');
  await expect(page.getByTestId('settings-draft')).toHaveCount(0);
  expect(await world.service.getSettings()).toMatchObject({ agentName: 'Meera S', notesTemplates: ['Call back Monday'] });
  await nav.getByRole('button', { name: 'Log call' }).click();
  await openSettings(page);
  await expect(page.getByLabel('Agent name')).toHaveValue('Meera S');
  await expect(page.getByTestId('settings-draft')).toHaveCount(0);
});

test('the key can be cleared', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  await openSettings(page);
  const hint = world.sandbox.apiKey.slice(-4);
  await expect(page.getByText(`Saved for ${world.sandbox.host}, ends with ${hint}`, { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await expect(page.getByText('No key saved')).toBeVisible();
  expect((await world.service.keyStatus()).hasKey).toBe(false);
});

// The browser host's HTTP surface (/api/, the event stream): Electron has none;
// its IPC answers are checked by e2e/electron/preload.spec.ts instead.
test('after saving, the API key appears nowhere: DOM, inputs, storage, URLs, console or any /api/ response', { tag: '@browser-host' }, async ({ page, world }) => {
  await world.configure();
  await world.service.clearKey(); // the key arrives through the page only
  const key = world.sandbox.apiKey;

  const bodies: Promise<{ url: string; body: string }>[] = [];
  const urls: string[] = [];
  const consoleLines: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    // The event stream never ends while the page is open; its frames are read below instead.
    if (!path.startsWith('/api/') || path === '/api/events') return;
    bodies.push(r.text().then((body) => ({ url: r.url(), body })));
  });

  await world.open(page);
  // Listen to the push stream the way the app does, to check its frames too.
  await page.evaluate((token) => {
    const w = window as unknown as { __frames: string[] };
    w.__frames = [];
    const es = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    for (const name of ['ready', 'entriesChanged', 'navigate']) es.addEventListener(name, (ev) => w.__frames.push((ev as MessageEvent<string>).data));
  }, world.host!.token);

  await openSettings(page);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(saveResult(page)).toContainText(`API key saved, ends with ${key.slice(-4)}`);
  await expect(page.getByText(`Saved for ${world.sandbox.host}, ends with ${key.slice(-4)}`, { exact: true })).toBeVisible();
  await expect(page.getByLabel('API key')).toHaveValue('');
  await expectNotOnPage(page, key); // on Settings, right after saving

  // Log a call with it, so every read channel has something real to say.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log call' }).click();
  const form = page.getByRole('form', { name: 'Log a call' });
  await form.getByLabel('Lead phone number').fill('9611795983');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(page.getByRole('status', { name: 'Last call' })).toContainText('Success');
  const id = (await world.service.listEntries({})).items[0]!.id;

  const reads: [string, unknown][] = [['getSettings', {}], ['getKeyStatus', {}], ['listEntries', {}], ['getEntry', { id }], ['getConnectionInfo', {}], ['countByState', {}], ['testConnection', {}]];
  const answers = await page.evaluate(
    async ({ token, reads }) => {
      const out: string[] = [];
      for (const [name, input] of reads) {
        const res = await fetch(`/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-calllog-token': token }, body: JSON.stringify(input) });
        out.push(await res.text());
      }
      return out;
    },
    { token: world.host!.token, reads },
  );
  for (const a of answers) expect(JSON.parse(a)).toMatchObject({ ok: true });

  const recorded = await Promise.all(bodies);
  const paths = recorded.map((r) => new URL(r.url).pathname);
  for (const [name] of reads) expect(paths).toContain(`/api/${name}`);
  expect(paths).toContain('/api/setKey');
  for (const r of recorded) expect(r.body, r.url).not.toContain(key);
  const frames = await page.evaluate(() => (window as unknown as { __frames: string[] }).__frames);
  expect(frames.length).toBeGreaterThan(1);
  for (const f of frames) expect(f).not.toContain(key);

  await expectNotOnPage(page, key);
  await openSettings(page);
  await expectNotOnPage(page, key);
  for (const u of urls) expect(u).not.toContain(key);
  for (const line of consoleLines) expect(line).not.toContain(key);
});

test('Async API host: the "Kept … from …" note describes only the current value: retyping the host or saving ends it', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  await openSettings(page);
  const host = page.getByLabel('Async API host');
  const plainHint = /^Your account’s region/;
  const paste = async (text: string) => {
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await host.fill('');
    await host.focus();
    await page.keyboard.press('Control+V');
  };
  await world.grantClipboard(page);
  await paste('https://asyncapi-in21.leadsquared.com:8443/some/path');
  await expect(host).toHaveValue('asyncapi-in21.leadsquared.com:8443');
  await expect(host).toHaveAccessibleDescription(/^Kept asyncapi-in21\.leadsquared\.com:8443 from https:\/\/asyncapi-in21\.leadsquared\.com:8443\/some\/path/);

  // The plain host typed over it, the very same text: the note was about a paste that is gone.
  await host.fill('asyncapi-in21.leadsquared.com:8443');
  await expect(host).toHaveAccessibleDescription(plainHint);

  // Pasted again and saved: the saved host needs no note of where it came from.
  await paste('https://asyncapi-in21.leadsquared.com:8443/some/path');
  await expect(host).toHaveAccessibleDescription(/^Kept asyncapi-in21/);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(saveResult(page)).toHaveText('Settings saved');
  expect((await world.service.getSettings()).asyncHost).toBe('asyncapi-in21.leadsquared.com:8443');
  await expect(host).toHaveAccessibleDescription(plainHint);
});

test('Async API host: a pasted address keeps host and port; a new host asks for the key again; a non-LeadSquared host needs its box ticked', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  await openSettings(page);
  const host = page.getByLabel('Async API host');

  // Pasted, with spaces around it, the way it is copied from a browser.
  await world.grantClipboard(page);
  await page.evaluate(() => navigator.clipboard.writeText('  https://asyncapi-in21.leadsquared.com:8443/1/api/telephony/logcallcomplete/metrics  '));
  await host.fill('');
  await host.focus();
  await page.keyboard.press('Control+V');
  await expect(host).toHaveValue('asyncapi-in21.leadsquared.com:8443');
  await expect(host).toHaveAccessibleDescription(/^Kept asyncapi-in21\.leadsquared\.com:8443 from https:\/\/asyncapi-in21/);
  // Typed (or dropped) and left: the same on leaving the field.
  await host.fill('https://asyncapi-us11.leadsquared.com/');
  await page.keyboard.press('Tab');
  await expect(host).toHaveValue('asyncapi-us11.leadsquared.com');

  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(saveResult(page)).toHaveText('Settings saved');
  const hint = world.sandbox.apiKey.slice(-4);
  await expect(page.getByText(`Saved for ${world.sandbox.host}, ends with ${hint}: not sent to the host above. Paste the key again to use it there.`)).toBeVisible();
  expect(await world.service.connectionInfo()).toMatchObject({ ready: false, reason: expect.stringMatching(/paste the key again/) });

  // A host outside LeadSquared: refused next to its box until the box is ticked.
  await host.fill('proxy.example.com');
  const trust = page.getByRole('checkbox', { name: 'Trust this host outside LeadSquared' });
  await expect(trust).not.toBeChecked();
  // A key pasted with it waits for the host: no misleading "fill in the host" while it is filled in.
  const keyBox = page.getByLabel('API key', { exact: true });
  await keyBox.fill('proxy-key-0000-1111-2222');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(trust).toHaveAccessibleDescription(/^proxy\.example\.com is not a LeadSquared host\. Tick “Trust this host outside LeadSquared” if your API key may really go there\. Tick this only if/);
  await expect(page.getByText('is not a LeadSquared host')).toHaveCount(1);
  await expect(saveResult(page)).toHaveText('Settings not saved: see the marked field · API key not saved');
  await expect(keyBox).toHaveAccessibleDescription(/^Not saved yet: the key is saved for the Async API host above, so fix the settings first/);
  await expect(keyBox).not.toHaveValue('');
  expect((await world.service.getSettings()).asyncHost).toBe('asyncapi-us11.leadsquared.com');
  expect((await world.service.keyStatus()).hint).toBe(hint);
  await trust.check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(saveResult(page)).toHaveText('Settings saved · API key saved, ends with 2222');
  await expect(keyBox).toHaveValue('');
  expect(await world.service.getSettings()).toMatchObject({ asyncHost: 'proxy.example.com', trustedHost: 'proxy.example.com' });
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);
});
