// The contract's names without its schemas. The preload imports only this file,
// so the sandboxed preload bundle stays small and free of zod; shared/ipc.ts
// checks at compile time that these lists match its `channels` and `events`.

export const CHANNEL_NAMES = [
  'logCall',
  'whereLogged',
  'listEntries',
  'getEntry',
  'retryNow',
  'editAndResend',
  'countByState',
  'countFailedCalls',
  'getSettings',
  'updateSettings',
  'getKeyStatus',
  'setKey',
  'clearKey',
  'getConnectionInfo',
  'retryRefusedKey',
  'testConnection',
  'getTeamDatabase',
  'setTeamDatabase',
  'clearTeamDatabase',
  'getViewScope',
  'setViewScope',
  'importCsv',
  'runningImport',
  'importProgress',
  'cancelImport',
  'resumeImport',
  'exportCsv',
  'queueHealth',
  'deliveryStats',
  'listTeamEntries',
  'countTeamEntries',
  'getTeamEntry',
  'teamAgents',
  'teamDashboard',
  'exportTeamCsv',
  'getPolicy',
  'exportDiagnostics',
  'exportTransfer',
  'importTransfer',
] as const;

export const EVENT_NAMES = ['entriesChanged', 'navigate', 'teamChanged'] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

/** Pages the main process can send the renderer to (menu, tray, global shortcut). */
export const PAGES = ['log-call', 'history', 'settings', 'dashboard'] as const;
export type Page = (typeof PAGES)[number];

/** Electron channel id for a contract name: one namespace, nothing else is handled. */
export const ipcChannelId = <K extends ChannelName>(name: K) => `calllog:${name}` as const;
export const ipcEventId = <K extends EventName>(name: K) => `calllog-event:${name}` as const;

export const subscribeName = <K extends EventName>(name: K) => `on${name[0]!.toUpperCase()}${name.slice(1)}` as `on${Capitalize<K>}`;
