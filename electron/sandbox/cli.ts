// `npm run sandbox`: a LeadSquared stand-in for trying the app by hand.
// Env: PORT (default 0 = any free port), SANDBOX_API_KEY, SANDBOX_DELAY_MS, and
// SANDBOX_TOKEN / SANDBOX_GUID so the pasted Call Log API URL survives a restart,
// SANDBOX_ADMIN_TOKEN for the /__sandbox admin routes (default: new every run).
import { adminHowTo, startSandbox, type SandboxOptions } from './server';

function fail(message: string): never {
  process.stderr.write(`sandbox: ${message}\n`);
  process.exit(1);
}

function envNumber(name: string, check: (n: number) => boolean, rule: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!check(n)) fail(`${name} must be ${rule} (got "${raw.slice(0, 40)}")`);
  return n;
}

function envText(name: string): string | undefined {
  const raw = process.env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

const opts: SandboxOptions = {};
const port = envNumber('PORT', (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number from 0 to 65535');
if (port !== undefined) opts.port = port;
const delay = envNumber('SANDBOX_DELAY_MS', (n) => Number.isFinite(n) && n >= 0, 'a number of milliseconds >= 0');
if (delay !== undefined) opts.processingDelayMs = delay;
const apiKey = envText('SANDBOX_API_KEY');
if (apiKey !== undefined) opts.apiKey = apiKey;
const token = envText('SANDBOX_TOKEN');
const adminToken = envText('SANDBOX_ADMIN_TOKEN');
if (adminToken !== undefined) opts.adminToken = adminToken;
if (token !== undefined) opts.connectors = [{ token, guid: envText('SANDBOX_GUID') ?? null }];

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
try {
  sandbox = await startSandbox(opts);
} catch (err) {
  fail((err as Error).message);
}

process.stdout.write(
  [
    `LeadSquared sandbox listening on ${sandbox.url}`,
    `  Async API host:   ${sandbox.host}`,
    `  Call Log API URL: ${sandbox.callLogUrl}`,
    // Printed on purpose: it is a throwaway key for this sandbox, and the operator must paste it.
    `  API key:          ${sandbox.apiKey}`,
    `  Admin:            ${adminHowTo(sandbox)}`,
    `  Processing delay: ${sandbox.options.processingDelayMs} ms; rate limit: ${
      sandbox.options.rateLimit ? `${sandbox.options.rateLimit.limit} per ${sandbox.options.rateLimit.windowMs} ms` : 'off'
    }`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  // A second Ctrl+C means "now", even if closing is somehow stuck.
  if (stopping) process.exit(1);
  stopping = true;
  process.stdout.write(`\n${signal}: stopping the sandbox...\n`);
  sandbox.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
