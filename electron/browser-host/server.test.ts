// The browser host over real HTTP: only our page, with this launch's token, may call it.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { callInput } from '../../test/support/engine';
import { sendRaw } from '../../test/support/raw-http';
import { useTempDirs } from '../../test/support/temp-dir';
import { openHostWorld, type HostWorld } from '../../test/support/world';

const tempDir = useTempDirs();
const worlds: HostWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});
async function world() {
  const w = await openHostWorld(tempDir());
  worlds.push(w);
  return w;
}

/** A raw request, so headers browsers would set (Host, Origin) can be forged. */
function raw(port: number, path: string, headers: Record<string, string>, method = 'POST', body = '{}'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let data = '';
      res.on('data', (d) => (data += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    if (method !== 'GET') req.end(body);
    else req.end();
  });
}

describe('browser host guard', () => {
  it('answers our page with the token', async () => {
    const w = await world();
    const r = await w.api('getSettings', {});
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, value: { useSandbox: false } });
  });

  it('refuses a request without the token, or with a wrong one', async () => {
    const w = await world();
    expect((await w.api('getSettings', {}, { 'x-calllog-token': '' })).status).toBe(401);
    const wrong = await w.api('getSettings', {}, { 'x-calllog-token': 'x'.repeat(w.host.token.length) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.ok).toBe(false);
  });

  it('refuses another Origin even with the token, and changes nothing', async () => {
    const w = await world();
    const r = await w.api('updateSettings', { agentName: 'Mallory' }, { origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(w.svc.getSettings().agentName).toBe('');
  });

  it('refuses a POST without Origin, a forged Host (DNS rebinding) and cross-site fetches', async () => {
    const w = await world();
    const base = { 'content-type': 'application/json', 'x-calllog-token': w.host.token };
    expect((await raw(w.host.port, '/api/getSettings', { ...base, host: `127.0.0.1:${w.host.port}` })).status).toBe(403);
    expect((await raw(w.host.port, '/api/getSettings', { ...base, host: `evil.example:${w.host.port}`, origin: `http://evil.example:${w.host.port}` })).status).toBe(403);
    expect(
      (await raw(w.host.port, '/api/getSettings', { ...base, host: `127.0.0.1:${w.host.port}`, origin: w.host.origin, 'sec-fetch-site': 'cross-site' })).status,
    ).toBe(403);
  });

  it('streams entry changes to a page with the token only', async () => {
    const w = await world();
    expect((await raw(w.host.port, '/api/events', { host: `127.0.0.1:${w.host.port}` }, 'GET')).status).toBe(401);
    const ac = new AbortController();
    const res = await fetch(`${w.host.origin}/api/events?token=${w.host.token}`, { signal: ac.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const id = w.svc.logCall(callInput()).id;
    while (!text.includes('event: entriesChanged')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain(`"ids":[${id}]`);
    ac.abort();
  });

  it('takes the token from the query string for the event stream only', async () => {
    const w = await world();
    const headers = { 'content-type': 'application/json', origin: w.host.origin };
    const viaQuery = await fetch(`${w.host.origin}/api/updateSettings?token=${w.host.token}`, { method: 'POST', headers, body: '{"agentName":"Mallory"}' });
    expect(viaQuery.status).toBe(401);
    expect(w.svc.getSettings().agentName).toBe('');
  });

  it('asks for a body sent with "Expect: 100-continue" only after the token and Origin checks', async () => {
    const w = await world();
    const ask = (token: string) =>
      sendRaw(
        w.host.port,
        `POST /api/updateSettings HTTP/1.1\r\nHost: 127.0.0.1:${w.host.port}\r\nOrigin: ${w.host.origin}\r\nContent-Type: application/json\r\n` +
          `X-CallLog-Token: ${token}\r\nContent-Length: 24\r\nExpect: 100-continue\r\n\r\n`,
      );
    const stranger = await ask('x'.repeat(w.host.token.length));
    expect(stranger.status).toBe(401);
    expect(stranger.text).not.toContain('100 Continue');
    expect((await ask(w.host.token)).status).toBe(100);
    // A client that waits for the 100 and then sends the body is answered as usual.
    const res = await raw(w.host.port, '/api/updateSettings', { host: `127.0.0.1:${w.host.port}`, origin: w.host.origin, 'content-type': 'application/json', 'x-calllog-token': w.host.token, expect: '100-continue' }, 'POST', '{"agentName":"Asha"}');
    expect(res.status).toBe(200);
    expect(w.svc.getSettings().agentName).toBe('Asha');
  });

  it('serves the renderer with a strict CSP and nothing outside it', async () => {
    const w = await world();
    const page = await fetch(`${w.host.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    const traversal = await raw(w.host.port, '/..%2f..%2fcalls.sqlite', { host: `127.0.0.1:${w.host.port}` }, 'GET');
    expect(traversal.status).toBe(404);
  });

  it('answers an unknown channel and malformed JSON with a clear error', async () => {
    const w = await world();
    expect((await w.api('dropTables', {})).body.error).toMatchObject({ code: 'invalid_input', message: 'Unknown channel dropTables' });
    const bad = await w.api('logCall', '{"direction": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/not valid JSON/);
  });

  it('takes a multi-megabyte CSV on importCsv only; other channels keep the 1 MB cap', async () => {
    const w = await world();
    const header = 'SourceNumber,DestinationNumber,StartTime,EndTime,CallDuration,Status,Direction,CallSessionId';
    const rows = Array.from({ length: 20_000 }, (_, i) => `9611795983,8611795988,2026-11-24 10:00:00,2026-11-24 10:01:00,60,Answered,Inbound,big-${i}`);
    const text = [header, ...rows].join('\n');
    expect(text.length).toBeGreaterThan(1024 * 1024);
    const r = await w.api('importCsv', { fileName: 'big.csv', text });
    expect(r.status).toBe(200);
    expect(r.body.value).toMatchObject({ rows: 20_000, queued: 20_000 });
    const tooBig = await w.api('updateSettings', { agentName: 'x'.repeat(1024 * 1024 + 10) });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.message).toMatch(/too large/);
  });
});
