// A real engine behind a real browser host, for tests that speak HTTP to it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server';
import type { CallLogService } from '../../electron/core/service';
import { openEngine, type EngineFixture } from './engine';

export interface HostWorld extends EngineFixture {
  host: BrowserHost;
  /** POST a contract channel as the app page would. */
  api(name: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
}

export interface ContractHost {
  host: BrowserHost;
  api: HostWorld['api'];
}

/** The browser host's HTTP contract in front of `svc` (a stub page in `dataDir`/renderer). */
export async function serveContract(svc: CallLogService, dataDir: string): Promise<ContractHost> {
  const rendererDir = join(dataDir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Call Log</title>');
  const host = await startBrowserHost({ service: svc, rendererDir, checkOutput: true });
  return {
    host,
    async api(name, body, headers = {}) {
      const res = await fetch(`${host.origin}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: host.origin, 'x-calllog-token': host.token, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}

/** An engine in `dataDir` (opened with `opts`) behind the browser host's contract; closing closes both. */
export async function openHostWorld(dataDir: string, opts: Parameters<typeof openEngine>[1] = {}): Promise<HostWorld> {
  const engine = await openEngine(dataDir, opts);
  const { host, api } = await serveContract(engine.svc, dataDir);
  return {
    ...engine,
    host,
    api,
    async close() {
      await host.close();
      await engine.close();
    },
  };
}

/** A channel's answer over the contract (its output checked against shared/ipc.ts); a refusal fails the test, naming the channel. */
export async function contractValue<T = any>(d: Pick<HostWorld, 'api'>, name: string, body: unknown = {}): Promise<T> {
  const r = await d.api(name, body);
  expect(r.body.ok, `${name}: ${JSON.stringify(r.body.error)}`).toBe(true);
  return r.body.value as T;
}
