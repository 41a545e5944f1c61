// For the Electron end-to-end tests only (Playwright's _electron.launch): an
// unpackaged app started with CALLLOG_E2E=1 takes the tests' shrunk timings
// and lets electronApp.evaluate reach its service, as the browser-host tests
// reach theirs in-process. A packaged app ignores all of it (and its fuses
// refuse the inspector Playwright needs anyway).
import type { RunningApp } from './app';
import type { SandboxProvider, Timing } from './core/service';
import { builtInSandbox } from './sandbox-provider';

export interface E2eSetup {
  timing?: Partial<Timing>;
  sandbox?: SandboxProvider;
}

export const E2E_GLOBAL = '__calllogE2E';

export function e2eSetup(env: NodeJS.ProcessEnv, isPackaged: boolean): E2eSetup | null {
  if (isPackaged || env.CALLLOG_E2E !== '1') return null;
  const setup: E2eSetup = {};
  if (env.CALLLOG_E2E_TIMING) setup.timing = JSON.parse(env.CALLLOG_E2E_TIMING) as Partial<Timing>;
  const delay = Number(env.CALLLOG_E2E_SANDBOX_DELAY_MS);
  if (Number.isFinite(delay) && delay > 0) setup.sandbox = builtInSandbox(delay);
  return setup;
}

export function exposeToE2e(running: RunningApp): void {
  (globalThis as Record<string, unknown>)[E2E_GLOBAL] = running;
}
