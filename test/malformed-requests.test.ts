// Any local process can send any bytes to the browser host and the sandbox:
// each malformed request gets a 4xx (or, when it never completes, a closed
// socket), and the server process is still there to answer the next one.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CONNECTIONS } from '../electron/browser-host/server';
import { malformedRequests, sendRaw } from './support/raw-http';
import { useTempDirs } from './support/temp-dir';
import { waitFor } from './support/wait';

const tempDir = useTempDirs();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** Starts a TypeScript entry point in its own Node process and collects its stdout. */
function start(entry: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(entry, import.meta.url)), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, out: () => out };
}

async function survivesCorpus(child: ChildProcess, port: number, paths: { api: string; get: string }, stillAnswers: () => Promise<number>) {
  const host = `127.0.0.1:${port}`;
  for (const c of malformedRequests(host, paths)) {
    const answer = await sendRaw(port, c.bytes, c.incomplete);
    expect(child.exitCode, `${c.name}: the process exited`).toBeNull();
    if (answer.status === null) expect(c.incomplete, `${c.name}: closed without an answer`).toBe(true);
    else if (!c.wellFormed) expect(answer.status, `${c.name}: ${answer.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    if (answer.status !== null) expect(answer.status, `${c.name}: ${answer.text.slice(0, 200)}`).toBeLessThan(500);
    expect(await stillAnswers(), `${c.name}: the next request`).toBe(200);
  }
}

describe('malformed requests', () => {
  it('the browser host answers each with a 4xx and keeps serving', async () => {
    const { child, out } = start('./support/host-child.ts', [tempDir()]);
    await waitFor('the browser host to start', () => out().includes('"port"'), 30_000);
    const { port, token } = JSON.parse(out().trim()) as { port: number; token: string };
    const origin = `http://127.0.0.1:${port}`;
    await survivesCorpus(child, port, { api: '/api/getSettings', get: '/api/events' }, async () => {
      const r = await fetch(`${origin}/api/getSettings`, { method: 'POST', headers: { 'content-type': 'application/json', origin, 'x-calllog-token': token }, body: '{}' });
      return r.status;
    });
  }, 120_000);

  it('a flood of connections that never finish their headers is capped, then closed, and the host serves again', async () => {
    const { child, out } = start('./support/host-child.ts', [tempDir()]);
    await waitFor('the browser host to start', () => out().includes('"port"'), 30_000);
    const { port, token } = JSON.parse(out().trim()) as { port: number; token: string };
    const origin = `http://127.0.0.1:${port}`;
    const flood = Array.from({ length: MAX_CONNECTIONS + 36 }, () => {
      const socket = connect({ host: '127.0.0.1', port });
      const held = { socket, closedByServer: false };
      socket.on('connect', () => socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`));
      socket.on('error', () => {});
      socket.resume(); // read the server's 408, so its closing reaches 'close'
      socket.on('close', () => (held.closedByServer = true));
      return held;
    });
    try {
      // Past the cap at once; the rest when the headers' deadline passes. We never close one ourselves.
      await waitFor('the connections over the cap to be closed', () => flood.filter((f) => f.closedByServer).length >= 36, 30_000);
      await waitFor('every unfinished connection to be closed', () => flood.every((f) => f.closedByServer), 60_000, 200);
      expect(child.exitCode).toBeNull();
      const r = await fetch(`${origin}/api/getSettings`, { method: 'POST', headers: { 'content-type': 'application/json', origin, 'x-calllog-token': token }, body: '{}' });
      expect(r.status).toBe(200);
    } finally {
      for (const f of flood) f.socket.destroy();
    }
  }, 120_000);

  it('the sandbox answers each with a 4xx and keeps serving', async () => {
    const { child, out } = start('../electron/sandbox/cli.ts', [], { PORT: '0' });
    await waitFor('the sandbox to start', () => out().includes('Press Ctrl+C'), 30_000);
    const url = /listening on (http:\/\/\S+)/.exec(out())![1]!;
    const port = Number(new URL(url).port);
    const adminToken = /x-sandbox-admin-token: (\S+)/.exec(out())![1]!;
    // The admin route answers past the rate limit, which the corpus's API requests use up.
    await survivesCorpus(child, port, { api: '/1/api/telephony/logcallcomplete/metrics', get: '/__sandbox/state' }, async () => {
      const r = await fetch(`${url}/__sandbox/state`, { headers: { 'x-sandbox-admin-token': adminToken } });
      return r.status;
    });
  }, 120_000);
});
