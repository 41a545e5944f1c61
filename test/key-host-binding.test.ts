// The API key goes only to the host it was saved for, through the contract as
// the page (or anything holding the browser host's token) would call it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callInput } from './support/engine';
import { useKeyCollectors } from './support/key-collector';
import { useTempDirs } from './support/temp-dir';
import { openHostWorld, serveContract, type HostWorld } from './support/world';
import { CallLogService } from '../electron/core/service';
import { FileKeyCipher } from '../electron/core/vault';

const tempDir = useTempDirs();
const collector = useKeyCollectors();
const worlds: HostWorld[] = [];
const restarted: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const close of restarted.splice(0)) await close();
});

async function world() {
  const w = await openHostWorld(tempDir());
  worlds.push(w);
  return w;
}

describe('the API key is bound to its host', () => {
  it('changing the host asks for the key again; nothing is sent to the new host until it is pasted there', async () => {
    const w = await world();
    const before = await w.api('getKeyStatus', {});
    expect(before.body.value).toMatchObject({ hasKey: true, host: w.sandbox.host, forCurrentHost: true });

    const thief = await collector();
    const moved = await w.api('updateSettings', { asyncHost: thief.host, trustedHost: thief.host });
    expect(moved.body).toMatchObject({ ok: true, value: { asyncHost: thief.host } });
    const test = await w.api('testConnection', {});
    expect(test.body.value).toMatchObject({ ok: false, message: expect.stringMatching(/saved for 127\.0\.0\.1:\d+, not 127\.0\.0\.1:\d+.*paste the key again/) });
    const logged = await w.api('logCall', callInput());
    expect(logged.body.value.state).toBe('needs_key');
    expect((await w.api('getKeyStatus', {})).body.value).toMatchObject({ hasKey: true, host: w.sandbox.host, forCurrentHost: false });
    expect(thief.keys).toEqual([]);

    // Pasted again for the new host: now it may go there (the agent chose to).
    expect((await w.api('setKey', { apiKey: 'key-for-the-proxy-1234' })).body.value).toMatchObject({ host: thief.host, forCurrentHost: true });
    expect((await w.api('testConnection', {})).body.value.ok).toBe(true);
    // The waiting call went too, with the new key: the old one never reached this host.
    expect(thief.keys.length).toBeGreaterThan(0);
    expect(new Set(thief.keys)).toEqual(new Set(['key-for-the-proxy-1234']));
  });

  it('a host outside LeadSquared needs its confirmation; a key needs a host first', async () => {
    const w = await world();
    const refused = await w.api('updateSettings', { asyncHost: 'collector.example.net' });
    expect(refused.body.error).toMatchObject({ code: 'invalid_input', field: 'trustedHost', message: expect.stringMatching(/collector\.example\.net is not a LeadSquared host/) });
    expect(w.svc.getSettings().asyncHost).toBe(w.sandbox.host);

    const ok = await w.api('updateSettings', { asyncHost: ' https://asyncapi-in21.leadsquared.com/ ', trustedHost: '' });
    expect(ok.body.value.asyncHost).toBe('asyncapi-in21.leadsquared.com');
    await w.api('updateSettings', { asyncHost: '' });
    const noHost = await w.api('setKey', { apiKey: 'a-perfectly-good-key' });
    expect(noHost.body.error).toMatchObject({ field: 'apiKey', message: expect.stringMatching(/Fill in the Async API host first/) });
  });

  /** Rewrites the saved key as a version before keys had a host wrote it. */
  function makeLegacy(dataDir: string) {
    const file = join(dataDir, 'api-key.json');
    const { host: _host, ...legacy } = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify(legacy));
  }

  /** The app started again on `dataDir`, behind the browser host's contract. */
  async function restart(dataDir: string) {
    const svc = await CallLogService.open({ dataDir, cipher: new FileKeyCipher(dataDir), env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1' } });
    const { host, api } = await serveContract(svc, dataDir);
    let closed: Promise<void> | null = null;
    const close = () =>
      (closed ??= (async () => {
        await host.close();
        await svc.close();
      })());
    restarted.push(close);
    return { svc, api, close };
  }

  it('a key saved before keys had a host, with no host set, stays unbound: a host set later does not get it, a LeadSquared one does', async () => {
    const w = await world();
    const dir = w.dataDir;
    const key = w.sandbox.apiKey;
    // No host configured when the new version first starts (the sandbox's Call Log API URL stays).
    expect((await w.api('updateSettings', { asyncHost: '', trustedHost: '' })).body.ok).toBe(true);
    await w.close();
    worlds.splice(0);
    makeLegacy(dir);

    const thief = await collector();
    const first = await restart(dir);
    expect((await first.api('getKeyStatus', {})).body.value).toMatchObject({ hasKey: true, host: null, forCurrentHost: false });
    // Anything holding the contract points the app elsewhere: the old key is not sent there.
    expect((await first.api('updateSettings', { asyncHost: thief.host, trustedHost: thief.host })).body.ok).toBe(true);
    expect((await first.api('testConnection', {})).body.value).toMatchObject({ ok: false, message: expect.stringMatching(/saved before keys were tied to a host, so it is not sent to 127\.0\.0\.1:\d+\. Open Settings and paste the key again/) });
    await first.close();

    // Nor after a restart with that host configured.
    const second = await restart(dir);
    expect((await second.api('getKeyStatus', {})).body.value).toMatchObject({ hasKey: true, host: null, forCurrentHost: false });
    expect((await second.api('testConnection', {})).body.value.ok).toBe(false);
    expect(thief.keys).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'api-key.json'), 'utf8')).host).toBeUndefined();

    // A LeadSquared host is where a key from before hosts was meant to go: bound there, for good.
    // (No Call Log API URL, so nothing is sent to the real LeadSquared from a test.)
    const ls = 'asyncapi-in21.leadsquared.com';
    expect((await second.api('updateSettings', { asyncHost: ls, trustedHost: '', callLogUrl: '' })).body.ok).toBe(true);
    expect((await second.api('getKeyStatus', {})).body.value).toMatchObject({ hasKey: true, host: ls, forCurrentHost: true, hint: key.slice(-4) });
    expect(JSON.parse(readFileSync(join(dir, 'api-key.json'), 'utf8')).host).toBe(ls);
  });

  it('a key saved before keys had a host is bound at start to a LeadSquared host configured then, and to no other', async () => {
    const w = await world();
    const dir = w.dataDir;
    expect((await w.api('updateSettings', { asyncHost: 'asyncapi-us11.leadsquared.com', trustedHost: '', callLogUrl: '' })).body.ok).toBe(true);
    await w.close();
    worlds.splice(0);
    makeLegacy(dir);
    const app = await restart(dir);
    expect((await app.api('getKeyStatus', {})).body.value).toMatchObject({ hasKey: true, host: 'asyncapi-us11.leadsquared.com', forCurrentHost: true });
    expect(JSON.parse(readFileSync(join(dir, 'api-key.json'), 'utf8')).host).toBe('asyncapi-us11.leadsquared.com');
    await app.close();

    // The same old key with a host outside LeadSquared (here the sandbox, trusted) configured: asked for again.
    const other = await world();
    await other.close();
    worlds.splice(0);
    makeLegacy(other.dataDir);
    const again = await restart(other.dataDir);
    expect((await again.api('getKeyStatus', {})).body.value).toMatchObject({ hasKey: true, host: null, forCurrentHost: false });
    expect((await again.api('logCall', callInput())).body.value.state).toBe('needs_key');
  });
});

describe('History search', () => {
  it('refuses control characters next to the search, and forgives spaces around it', async () => {
    const w = await world();
    w.svc.logCall(callInput({ notes: 'premium plan' }));
    for (const search of ['a\u0000b', 'tab\there', 'line\nbreak', 'x\u007f']) {
      const r = await w.api('listEntries', { search });
      expect(r.body.error, JSON.stringify(search)).toMatchObject({ code: 'invalid_input', field: 'search', message: expect.stringMatching(/^Search cannot contain control characters/) });
    }
    expect((await w.api('listEntries', { search: '  premium plan \n' })).body.value.total).toBe(1);
  });
});
