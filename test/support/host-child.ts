// A browser host in its own process, so a test can see whether a request stops
// it: prints {"port","token"} on one line, then serves until killed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserHost } from '../../electron/browser-host/server';
import { CallLogService } from '../../electron/core/service';
import { FileKeyCipher } from '../../electron/core/vault';

const dataDir = process.argv[2]!;
const rendererDir = join(dataDir, 'renderer');
mkdirSync(rendererDir, { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Call Log</title>');
const service = await CallLogService.open({ dataDir, cipher: new FileKeyCipher(dataDir) });
const host = await startBrowserHost({ service, rendererDir });
process.stdout.write(`${JSON.stringify({ port: host.port, token: host.token })}\n`);
