// Vitest-only: a server standing where a stolen API key would land. It records
// every x-api-key sent to it and answers like LeadSquared's metrics endpoint, so
// a test can point the app at it and check that nothing reached it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface KeyCollector {
  /** host:port on 127.0.0.1, as "Async API host" takes it. */
  host: string;
  keys: string[];
}

/** `collector()` starts one; all are stopped after each test. */
export function useKeyCollectors(): () => Promise<KeyCollector> {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });
  return async () => {
    const keys: string[] = [];
    const server = createServer((req, res) => {
      keys.push(String(req.headers['x-api-key'] ?? ''));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"PendingMessages":0,"MaxDelayInSeconds":0,"ProcessingratePerMinute":0}');
    });
    stops.push(() => new Promise<void>((r) => server.close(() => r())));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, keys };
  };
}
