// An engine wired to a real sandbox over loopback HTTP, with a real SQLite file
// in a temp dir and schedules shrunk from minutes to milliseconds.
import { CallLogService, type ServiceOptions, type Timing } from '../../electron/core/service';
import { FileKeyCipher } from '../../electron/core/vault';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../electron/sandbox/server';
import type { CallInput } from '../../shared/call-log';
import { isFinalState, type EntryDetail } from '../../shared/entry';
import { waitFor } from './wait';

export const FAST_TIMING: Timing = {
  backoff: { baseMs: 20, capMs: 200 },
  schedule: { firstMinMs: 20, firstUnknownMs: 60, slackMs: 20, laterMs: [50, 100, 200] },
  requestTimeoutMs: 2000,
  metricsMaxAgeMs: 60_000,
  rateLimit: { limit: 25, windowMs: 5000 },
};

export interface EngineFixture {
  svc: CallLogService;
  sandbox: Sandbox;
  dataDir: string;
  close(): Promise<void>;
}

export async function openEngine(
  dataDir: string,
  opts: { sandbox?: SandboxOptions; timing?: Partial<Timing>; key?: string | null; existingSandbox?: Sandbox; service?: Partial<ServiceOptions> } = {},
): Promise<EngineFixture> {
  const sandbox = opts.existingSandbox ?? (await startSandbox({ processingDelayMs: 50, ...opts.sandbox }));
  const svc = await CallLogService.open({
    dataDir,
    cipher: new FileKeyCipher(dataDir),
    env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1' },
    timing: { ...FAST_TIMING, ...opts.timing },
    ...opts.service,
  });
  await svc.updateSettings({ useSandbox: false, asyncHost: sandbox.host, trustedHost: sandbox.host, callLogUrl: sandbox.callLogUrl });
  if (opts.key !== null) svc.setKey(opts.key ?? sandbox.apiKey);
  return {
    svc,
    sandbox,
    dataDir,
    async close() {
      await svc.close();
      if (!opts.existingSandbox) await sandbox.close();
    },
  };
}

let seq = 0;
/** A valid call as the form would send it; `over` changes fields. */
export function callInput(over: Partial<CallInput> = {}): CallInput {
  seq += 1;
  const start = Date.UTC(2026, 10, 24, 9, 0, 0) + seq * 1000;
  return {
    direction: 'Inbound',
    leadNumber: '+91-9611795983',
    agentNumber: '8611795988',
    displayNumber: '',
    startTime: new Date(start).toISOString(),
    endTime: new Date(start + 95_000).toISOString(),
    durationSeconds: 95,
    status: 'Answered',
    notes: 'Asked about pricing',
    recordingUrl: '',
    agentName: 'Asha',
    callSessionId: `sess-${process.pid}-${Date.now().toString(36)}-${seq}`,
    ...over,
  };
}

export function waitForState(svc: CallLogService, id: number, states: string[] | 'final', timeoutMs = 15_000): Promise<EntryDetail> {
  return waitFor(`entry ${id} to reach ${String(states)}`, () => {
    const e = svc.getEntry(id);
    const ok = states === 'final' ? isFinalState(e.state) : states.includes(e.state);
    return ok ? e : null;
  }, timeoutMs);
}

