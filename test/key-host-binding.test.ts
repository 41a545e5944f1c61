// The API key goes only to the host it was saved for, through the contract as
// the page (or anything holding the browser host's token) would call it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callInput } from './support/engine';
import { useTempDirs } from './support/temp-dir';
import { openHostWorld, type HostWorld } from './support/world';
import { CallLogService } from '../electron/core/service';
import { FileKeyCipher } from '../electron/core/vault';

const tempDir = useTempDirs();
const worlds: HostWorld[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A server that records every x-api-key it is sent: where a stolen key would land. */
async function collector() {
  const keys: string[] = [];
  const server = createServer((req, res) => {
    keys.push(String(req.headers['x-api-key'] ?? ''));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"PendingMessages":0,"MaxDelayInSeconds":0,"ProcessingratePerMinute":0}');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, keys };
}

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

  it('a key saved before keys had a host is bound to the host configured when the app starts', async () => {
    const w = await world();
    const dir = w.dataDir;
    const file = join(dir, 'api-key.json');
    const { host: _host, ...legacy } = JSON.parse(readFileSync(file, 'utf8'));
    await w.close();
    worlds.splice(0);
    writeFileSync(file, JSON.stringify(legacy));
    const svc = await CallLogService.open({ dataDir: dir, cipher: new FileKeyCipher(dir), env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1' } });
    try {
      expect(svc.keyStatus()).toMatchObject({ hasKey: true, host: w.sandbox.host, forCurrentHost: true });
      expect(JSON.parse(readFileSync(file, 'utf8')).host).toBe(w.sandbox.host);
    } finally {
      await svc.close();
    }
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
