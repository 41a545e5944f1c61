// "Export diagnostics" from Settings: one archive with the logs, settings,
// queue counts and versions, searched for every secret this app was given.
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { callInput } from '../test/support/engine';
import { expect, test } from './fixtures';

test('Export diagnostics writes one archive holding the logs and no secret', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  // A call that reaches LeadSquared, so the log and the queue have something to say.
  const nav = page.getByRole('navigation', { name: 'Main' });
  const form = page.getByRole('form', { name: 'Log a call' });
  await form.getByLabel('Lead phone number').fill('9611795983');
  await form.getByRole('button', { name: 'Log call' }).click();
  await expect(page.getByRole('status', { name: 'Last call' })).toContainText('Success');

  await world.answerSaveDialog(join(world.dataDir, 'for-it', 'diagnostics.zip'));
  await nav.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Export diagnostics' }).click();
  const status = page.getByRole('status', { name: 'Diagnostics' });
  await expect(status).toContainText(/^Diagnostics saved to .+\.zip$/);
  const path = (await status.textContent())!.replace('Diagnostics saved to ', '');

  const files = Object.fromEntries(Object.entries(unzipSync(readFileSync(path))).map(([name, bytes]) => [name, strFromU8(bytes)]));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['about.json', 'settings.json', 'queue.json', 'key.json', 'policy.json', 'logs/calllog.log']));
  expect(files['logs/calllog.log']).toMatch(/Starting Call Log .* data in /);
  expect(JSON.parse(files['about.json']!).host).toBe(world.kind);
  expect(JSON.parse(files['queue.json']!).total).toBe(1);
  expect(JSON.parse(files['key.json']!)).toMatchObject({ hasKey: true });

  const connectorToken = world.sandbox.callLogUrl.split('/').at(-1)!;
  const secrets = [world.sandbox.apiKey, connectorToken, ...(world.host ? [world.host.token] : [])];
  for (const [name, text] of Object.entries(files)) {
    for (const secret of secrets) expect(text, `${name} holds a secret`).not.toContain(secret);
  }
});

test('Move to a new PC: the unsent calls and settings go to one file without the key, and pause here', async ({ page, world }) => {
  await world.configure();
  await world.service.clearKey();
  const ids = [(await world.service.logCall(callInput({ leadNumber: '+91-9000000501' }))).id, (await world.service.logCall(callInput({ leadNumber: '+91-9000000502' }))).id];
  await world.open(page);
  await world.answerSaveDialog(join(world.dataDir, 'usb', 'move.json'));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Export calls and settings' }).click();
  const result = page.getByRole('status', { name: 'Move result' });
  await expect(result).toContainText(/^Saved 2 unsent calls and your settings to .+\.json \(no API key\)\. They are paused here\.$/);
  const path = /to (.+\.json) \(no API key\)/.exec((await result.textContent())!)![1]!;
  const text = readFileSync(path, 'utf8');
  expect(text).not.toContain(world.sandbox.apiKey);
  expect(JSON.parse(text)).toMatchObject({ kind: 'calllog-transfer', settings: { agentName: 'Asha Rao' }, calls: [{}, {}] });
  for (const id of ids) expect((await world.service.getEntry(id)).state).toBe('paused');

  // Imported where the calls already are (as a second import on the new PC would be): no call twice,
  // and a setting that differs replaces this one in the form at once.
  const changed = join(dirname(path), 'changed.json');
  writeFileSync(changed, JSON.stringify({ ...JSON.parse(text), settings: { ...JSON.parse(text).settings, agentName: 'Ravi K' } }));
  const importInput = page.getByLabel('Import calls and settings from the old PC');
  await importInput.focus();
  await importInput.setInputFiles(changed);
  await expect(result).toHaveText('Imported 0 calls (2 already here) and 1 setting. Enter the API key in Settings if it is not saved on this computer.');
  await expect(page.getByLabel('Agent name')).toHaveValue('Ravi K');
  // Not dropped on the page's body while the file was read in.
  await expect(importInput).toBeFocused();
});
