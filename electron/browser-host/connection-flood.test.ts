// A local process holding open far more connections than the browser host allows
// must not lock the agent's page out: its proven connections stay, and a new one
// of the page's still gets in.
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir';
import { openHostWorld, type HostWorld } from '../../test/support/world';
import { MAX_CONNECTIONS } from './server';

const tempDir = useTempDirs();
const worlds: HostWorld[] = [];
const flood: Socket[] = [];
afterEach(async () => {
  for (const s of flood.splice(0)) s.destroy();
  for (const w of worlds.splice(0)) await w.close();
});

/** getSettings as the page asks it, through `agent` (one keep-alive socket). */
function getSettings(w: HostWorld, agent: Agent): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: w.host.port,
        path: '/api/getSettings',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', origin: w.host.origin, 'x-calllog-token': w.host.token },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

/** Opens `n` connections that never send a byte; `closed(k)` resolves once the server has closed k of them. */
function openIdle(port: number, n: number): { sockets: Socket[]; closed(k: number): Promise<void> } {
  let count = 0;
  const waiting: { k: number; resolve(): void }[] = [];
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i++) {
    const s = connect({ host: '127.0.0.1', port });
    s.on('error', () => undefined);
    s.on('close', () => {
      count++;
      for (const w of waiting.filter((x) => x.k <= count)) w.resolve();
    });
    sockets.push(s);
    flood.push(s);
  }
  return { sockets, closed: (k) => new Promise<void>((resolve) => (count >= k ? resolve() : waiting.push({ k, resolve }))) };
}

const stillOpen = (sockets: Socket[]) => sockets.filter((s) => !s.closed).length;

describe('browser host under a connection flood', () => {
  it('keeps the page’s connections and lets a new one of the page’s in, closing the flood’s oldest', async () => {
    const w = await openHostWorld(tempDir());
    worlds.push(w);
    const page = new Agent({ keepAlive: true, maxSockets: 1 });
    expect(await getSettings(w, page)).toEqual({ status: 200, reused: false });

    // Three times the cap: at most MAX_CONNECTIONS - 1 of them can stay beside the page's socket.
    const { sockets, closed } = openIdle(w.host.port, 3 * MAX_CONNECTIONS);
    await closed(2 * MAX_CONNECTIONS + 1);
    expect(stillOpen(sockets)).toBeLessThanOrEqual(MAX_CONNECTIONS - 1);

    // The page's proven socket was kept through the flood…
    expect(await getSettings(w, page)).toEqual({ status: 200, reused: true });
    // …and a connection the page opens now gets in, though the flood still fills the cap.
    expect((await w.api('getSettings', {})).status).toBe(200);
    await closed(2 * MAX_CONNECTIONS + 2);
    expect(stillOpen(sockets)).toBeLessThanOrEqual(MAX_CONNECTIONS - 1);
    page.destroy();
  });

  it('lets a connection that never showed the token be closed to make room, even one that asked for the page', async () => {
    const w = await openHostWorld(tempDir());
    worlds.push(w);
    // A request without the token (the app shell itself needs none) proves nothing.
    const stranger = new Agent({ keepAlive: true, maxSockets: 1 });
    const shell = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: w.host.port, path: '/', agent: stranger }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    expect(shell).toBe(200);
    const closedFirst = new Promise<void>((resolve) => {
      const [socket] = Object.values(stranger.freeSockets).flat();
      socket!.once('close', () => resolve());
    });
    const { sockets } = openIdle(w.host.port, MAX_CONNECTIONS);
    // The stranger's was the oldest untrusted connection: it went, and the flood's all stayed.
    await closedFirst;
    expect(stillOpen(sockets)).toBe(MAX_CONNECTIONS);
    stranger.destroy();
  });
});
