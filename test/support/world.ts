// A real engine behind a real browser host, for tests that speak HTTP to it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

export async function openHostWorld(dataDir: string): Promise<HostWorld> {
  const engine = await openEngine(dataDir);
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
