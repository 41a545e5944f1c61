// The browser host put together: log files, the service (with IT's policy),
// and the HTTP server. `npm run start:browser` and the end-to-end tests both
// start it through here, so the tests run the wiring agents get.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLog, type AppLog } from '../core/logging';
import { CallLogService, type SandboxProvider, type Timing } from '../core/service';
import { AesGcmCipher, type Cipher } from '../core/vault';
import type { HostSupport } from '../ipc-handlers';
import { builtInSandbox } from '../sandbox-provider';
import { openHostKeyStore } from './keyring-key-store';
import { startBrowserHost, type BrowserHost } from './server';

export interface BrowserAppOptions {
  dataDir: string;
  rendererDir: string;
  port?: number;
  env?: NodeJS.ProcessEnv;
  sandbox?: SandboxProvider;
  timing?: Partial<Timing>;
  /** Check handler outputs against the contract (tests). */
  checkOutput?: boolean;
  /** Echo the log to the terminal. */
  console?: boolean;
  /** How the API key is kept; default: AES-GCM with its key in the OS keyring (a 0600 file where there is none). */
  cipher?: Cipher;
  /** Called once, when the first request with this launch's token arrives. */
  onFirstAuthorized?: () => void;
}

export interface BrowserApp {
  service: CallLogService;
  host: BrowserHost;
  log: AppLog;
  close(): Promise<void>;
}

export function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export async function startBrowserApp(opts: BrowserAppOptions): Promise<BrowserApp> {
  const log = openLog({ dir: join(opts.dataDir, 'logs'), console: opts.console ?? false, host: 'browser-host' });
  log.info(`Starting Call Log ${appVersion()} (browser host), data in ${opts.dataDir}`);
  const service = await CallLogService.open({
    dataDir: opts.dataDir,
    cipher: opts.cipher ?? new AesGcmCipher(openHostKeyStore(opts.dataDir, log.line)),
    sandbox: opts.sandbox ?? builtInSandbox(),
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.timing ? { timing: opts.timing } : {}),
    log: log.line,
  });
  const support: HostSupport = { logDir: log.dir, about: () => ({ host: 'browser-host', appVersion: appVersion() }) };
  const host = await startBrowserHost({
    service,
    rendererDir: opts.rendererDir,
    port: opts.port ?? 0,
    checkOutput: opts.checkOutput ?? false,
    log: log.line,
    support,
    onFirstAuthorized: opts.onFirstAuthorized,
  });
  // The token is redacted in the file; the terminal line (stdout) is what the agent opens.
  log.info(`Serving the app at ${host.url}`);
  return {
    service,
    host,
    log,
    async close() {
      await host.close();
      await service.close();
      log.info('Stopped');
    },
  };
}
