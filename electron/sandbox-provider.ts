// The built-in sandbox as the service's SandboxProvider: started on demand
// (first run, or "Use sandbox" switched on), on a free loopback port.
import type { SandboxProvider } from './core/service';
import { startSandbox, type Sandbox } from './sandbox/server';

export function builtInSandbox(processingDelayMs = 1500): SandboxProvider {
  let running: Sandbox | null = null;
  return {
    async start() {
      running ??= await startSandbox({ processingDelayMs });
      return { host: running.host, callLogUrl: running.callLogUrl, apiKey: running.apiKey };
    },
    async stop() {
      const s = running;
      running = null;
      await s?.close();
    },
  };
}
