// Electron only: the window's hardening seen from the page, the preload's
// surface exactly the contract, and the API key never in the page.
import { CHANNEL_NAMES, EVENT_NAMES, subscribeName } from '../../shared/ipc-names';
import { expect, test } from '../fixtures';

/** shell.openExternal recorded in main instead of starting a browser. */
async function recordExternal(world: { electron: { app: import('@playwright/test').ElectronApplication } | null }) {
  await world.electron!.app.evaluate(({ shell }) => {
    const g = globalThis as unknown as { __external: string[] };
    g.__external = [];
    shell.openExternal = async (url: string) => void g.__external.push(url);
  });
  return () => world.electron!.app.evaluate(() => (globalThis as unknown as { __external: string[] }).__external);
}

test('the page has no Node and no eval: no require, process, module or Buffer; the CSP blocks eval and inline script', async ({ page, world }) => {
  await world.open(page);
  expect(await page.evaluate(() => ['require', 'process', 'module', 'Buffer', 'global'].filter((k) => k in window))).toEqual([]);
  expect(
    await page.evaluate(() => {
      try {
        return String((0, eval)('1 + 1'));
      } catch {
        return 'blocked';
      }
    }),
  ).toBe('blocked');
  expect(
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.append(s);
      return (window as unknown as { __inline?: number }).__inline ?? 'blocked';
    }),
  ).toBe('blocked');
});

test('window.open makes no window: https goes to the system browser, anything else nowhere', async ({ page, world }) => {
  await world.open(page);
  const external = await recordExternal(world);
  expect(await page.evaluate(() => [window.open('https://example.com/help') === null, window.open('file:///etc/passwd') === null])).toEqual([true, true]);
  await expect.poll(external).toEqual(['https://example.com/help']);
  expect(world.electron!.app.windows()).toHaveLength(1);
});

test('navigating away is refused: the page stays the app, the same document', async ({ page, world }) => {
  await world.open(page);
  const external = await recordExternal(world);
  await page.evaluate(() => {
    (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    location.href = 'https://example.com/elsewhere';
  });
  await expect.poll(external).toEqual(['https://example.com/elsewhere']);
  await page.evaluate(() => {
    location.href = 'http://127.0.0.1:9/';
  });
  // Refused navigations leave the document in place: nothing to wait for but this check.
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  expect(page.url()).toMatch(/^app:\/\/bundle\//);
});

test('the preload exposes exactly the contract: one frozen method per channel and one subscription per event', async ({ page, world }) => {
  await world.open(page);
  const surface = await page.evaluate(() => {
    const api = (window as unknown as { callLog: Record<string, unknown> }).callLog;
    return { keys: Object.keys(api).sort(), frozen: Object.isFrozen(api), kinds: [...new Set(Object.values(api).map((v) => typeof v))] };
  });
  expect(surface.keys).toEqual([...CHANNEL_NAMES, ...EVENT_NAMES.map(subscribeName)].sort());
  expect(surface.frozen).toBe(true);
  expect(surface.kinds).toEqual(['function']);
  expect(await page.evaluate(() => ['ipcRenderer', 'electron', 'contextBridge'].filter((k) => k in window))).toEqual([]);
  // Input is parsed in main, whatever the page sends.
  expect(await page.evaluate(() => (window as unknown as { callLog: { getEntry(i: unknown): Promise<unknown> } }).callLog.getEntry({ id: 'one' }))).toMatchObject({
    ok: false,
    error: { code: 'invalid_input' },
  });
});

test('the API key never reaches the page: every read answer, the DOM and storage are free of it', async ({ page, world }) => {
  await world.configure();
  await world.open(page);
  const key = world.sandbox.apiKey;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByText(`Saved, ends with ${key.slice(-4)}`, { exact: true })).toBeVisible();
  const answers = await page.evaluate(async () => {
    const api = (window as unknown as { callLog: Record<string, (i?: unknown) => Promise<unknown>> }).callLog;
    const reads = ['getSettings', 'getKeyStatus', 'listEntries', 'getConnectionInfo', 'countByState', 'testConnection', 'getPolicy'];
    const out: string[] = [];
    for (const name of reads) out.push(JSON.stringify(await api[name]!({})));
    return out;
  });
  expect(answers).toHaveLength(7);
  for (const a of answers) {
    expect(JSON.parse(a)).toMatchObject({ ok: true });
    expect(a).not.toContain(key);
  }
  expect(await page.content()).not.toContain(key);
  expect(await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]))).not.toContain(key);
});
