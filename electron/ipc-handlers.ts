// What each contract channel does, for any host: Electron's ipcMain and the
// browser host's HTTP both call `dispatch`, which parses the input with the
// channel's schema before anything runs, and turns every failure into a
// typed error the UI can show.
import { join } from 'node:path';
import { channels, type ChannelInput, type ChannelName, type ChannelOutput, type Result } from '../shared/ipc';
import { AppError, invalidInput } from '../shared/errors';
import { exportDiagnostics } from './core/diagnostics';
import type { HostSupport } from './core/host-support';
import { summarize } from './core/policy';
import type { CallLogService } from './core/service';

export type Handlers = { [K in ChannelName]: (input: ChannelInput<K>) => ChannelOutput<K> | Promise<ChannelOutput<K>> };

export type { HostSupport } from './core/host-support';

/** Without a host's own: logs in <data dir>/logs, files saved into the data dir. */
export const defaultSupport = (svc: CallLogService): HostSupport => ({ logDir: join(svc.dataDir, 'logs'), about: () => ({ host: 'core' }) });

export function createHandlers(svc: CallLogService, host: HostSupport = defaultSupport(svc)): Handlers {
  return {
    logCall: (input) => svc.logCall(input),
    whereLogged: ({ callSessionId }) => svc.whereLogged(callSessionId),
    listEntries: (q) => svc.listEntries(q),
    getEntry: ({ id }) => svc.getEntry(id),
    retryNow: ({ id }) => svc.retryNow(id),
    editAndResend: ({ id, call }) => svc.editAndResend(id, call),
    countByState: () => svc.countByState(),
    countFailedCalls: () => svc.countFailedCalls(),
    getSettings: () => svc.getSettings(),
    updateSettings: (patch) => svc.updateSettings(patch),
    getKeyStatus: () => svc.keyStatus(),
    setKey: ({ apiKey }) => svc.setKey(apiKey),
    clearKey: () => svc.clearKey(),
    getConnectionInfo: () => svc.connectionInfo(),
    retryRefusedKey: () => svc.retryRefusedKey(),
    testConnection: () => svc.testConnection(),
    getTeamDatabase: () => svc.team.database(),
    setTeamDatabase: ({ url }) => svc.team.setDatabase(url),
    clearTeamDatabase: () => svc.team.clearDatabase(),
    getViewScope: () => ({ scope: svc.settings.viewScope() }),
    setViewScope: ({ scope }) => ({ scope: svc.settings.setViewScope(scope) }),
    listTeamEntries: (q) => svc.team.list(q),
    countTeamEntries: (q) => svc.team.count(q),
    getTeamEntry: (ref) => svc.team.get(ref),
    teamAgents: () => svc.team.agents(),
    teamDashboard: (day) => svc.team.dashboard(day),
    exportTeamCsv: (q) => svc.team.exportCsv(q),
    importCsv: ({ fileName, text }) => svc.supervisor.importCsv(fileName, text),
    runningImport: () => ({ running: svc.supervisor.runningImport() }),
    importProgress: ({ batchId }) => svc.supervisor.importProgress(batchId),
    cancelImport: ({ batchId }) => svc.supervisor.cancelImport(batchId),
    resumeImport: ({ batchId }) => svc.supervisor.resumeImport(batchId),
    exportCsv: (q) => svc.supervisor.exportCsv(q),
    queueHealth: (day) => svc.supervisor.queueHealth(day),
    deliveryStats: (day) => svc.supervisor.deliveryStats(day),
    getPolicy: () => summarize(svc.policy),
    exportDiagnostics: () => exportDiagnostics(svc, host),
    exportTransfer: () => svc.transfer.exportFile(host),
    importTransfer: ({ fileName, text }) => svc.transfer.importFile(fileName, text),
  };
}

const isChannel = (name: string): name is ChannelName => Object.hasOwn(channels, name);

export interface DispatchOptions {
  /** Check outputs against the contract too (tests): drift shows up as a failure, not a UI bug. */
  checkOutput?: boolean;
  log?: (msg: string) => void;
}

export async function dispatch(handlers: Handlers, name: string, raw: unknown, opts: DispatchOptions = {}): Promise<Result<unknown>> {
  if (!isChannel(name)) return { ok: false, error: { code: 'invalid_input', message: `Unknown channel ${name.slice(0, 60)}`, field: null } };
  const schema = channels[name];
  // No argument means an empty input; null or any other non-object is malformed.
  const input = schema.input.safeParse(raw === undefined ? {} : raw);
  if (!input.success) return { ok: false, error: invalidInput(input.error).toData() };
  try {
    const handler = handlers[name] as (i: unknown) => unknown;
    const value = await handler(input.data);
    if (opts.checkOutput) schema.output.parse(value);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toData() };
    // Unexpected: keep the details in main's log (never the key: it is not in any message we build).
    opts.log?.(`${name} failed: ${(err as Error)?.stack ?? String(err)}`);
    return { ok: false, error: { code: 'internal', message: 'Something went wrong in the app. Your saved calls are safe; try again.', field: null } };
  }
}
