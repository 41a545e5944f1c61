// The built-in sandbox as the service's SandboxProvider: started on demand
// (first run, or "Use sandbox" switched on), on a free loopback port.
import type { SandboxProvider } from './core/service';
import { startSandbox, type Sandbox } from './sandbox/server';

/** `onStarted` hears of each sandbox started (the browser host tells its terminal how to reach the admin routes). */
export function builtInSandbox(processingDelayMs = 1500, onStarted?: (sandbox: Sandbox) => void): SandboxProvider {
  let running: Sandbox | null = null;
  return {
    async start() {
      if (!running) {
        running = await startSandbox({ processingDelayMs });
        onStarted?.(running);
      }
      return { host: running.host, callLogUrl: running.callLogUrl, apiKey: running.apiKey };
    },
    async stop() {
      const s = running;
      running = null;
      await s?.close();
    },
  };
}
