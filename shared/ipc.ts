// The one IPC contract. Each channel names a zod schema for its input and its
// output; main parses inputs with them, the preload builds one named method per
// channel from the names (ipc-names.ts, checked against this file), and the
// renderer's type for `window.callLog` is derived from it. A new channel is its
// schema here, its name there, and its handler.
import { z } from 'zod';
import { callSessionId, DIRECTIONS, newCallInputSchema } from './call-log';
import { ENTRY_STATES, entryStateSchema, listQuerySchema } from './entry';
import { appErrorSchema, type AppErrorData } from './errors';
import { PAGES, type ChannelName, type EventName } from './ipc-names';
import { SETTINGS_LABELS, settingsPatchSchema, settingsSchema, viewScopeSchema, type SettingsField } from './settings';

const SETTINGS_FIELDS = Object.keys(SETTINGS_LABELS) as [SettingsField, ...SettingsField[]];

export { CHANNEL_NAMES, EVENT_NAMES, PAGES, ipcChannelId, ipcEventId, subscribeName } from './ipc-names';
export type { ChannelName, EventName, Page } from './ipc-names';

const id = z.number({ error: 'id must be a number' }).int('id must be a whole number').positive('id must be positive');
const none = z.strictObject({});

const payloadOut = z.object({
  SourceNumber: z.string(),
  DestinationNumber: z.string(),
  DisplayNumber: z.string().optional(),
  StartTime: z.string(),
  EndTime: z.string(),
  CallDuration: z.string(),
  Status: z.string(),
  CallNotes: z.string().optional(),
  ResourceURL: z.string().optional(),
  Direction: z.enum(DIRECTIONS),
  CallSessionId: z.string(),
  AgentName: z.string().optional(),
});

export const entrySummarySchema = z.object({
  id: z.number(),
  callSessionId: z.string(),
  state: entryStateSchema,
  requestId: z.string().nullable(),
  leadNumber: z.string(),
  direction: z.enum(DIRECTIONS),
  startTime: z.string(),
  agentName: z.string(),
  statusReason: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Logged for the built-in sandbox: a test call, never sent to LeadSquared. */
  test: z.boolean().optional(),
});

export const entryDetailSchema = entrySummarySchema.extend({
  payload: payloadOut,
  input: z.any().nullable(),
  source: z.enum(['form', 'import']),
  attempts: z.number(),
  statusChecks: z.number(),
  nextAttemptAt: z.number().nullable(),
  nextCheckAt: z.number().nullable(),
  transitions: z.array(
    z.object({ at: z.number(), from: entryStateSchema.nullable(), to: entryStateSchema, note: z.string().nullable() }),
  ),
});

/**
 * A call in the team's history: the same summary as on this computer, plus
 * which desktop logged it (the one that must act on it). `id` is that
 * desktop's own id for the call, unique with `desktopId`.
 */
export const teamEntrySummarySchema = entrySummarySchema.extend({
  desktopId: z.string(),
  desktopName: z.string(),
});
export const teamEntryDetailSchema = teamEntrySummarySchema.extend({
  payload: payloadOut,
  source: z.enum(['form', 'import']),
  attempts: z.number(),
  statusChecks: z.number(),
  transitions: z.array(
    z.object({ at: z.number(), from: entryStateSchema.nullable(), to: entryStateSchema, note: z.string().nullable() }),
  ),
  /** The desktop that logged it was seen lately (it follows its own calls). */
  ownerOnline: z.boolean(),
  ownerSeenAt: z.number().nullable(),
  /** The desktop was closed normally at this time and has not been back since (its calls are followed by another at once). */
  ownerSignedOffAt: z.number().nullable(),
  /** Followed by another desktop while its own was away: that desktop's name. */
  watchedBy: z.string().nullable(),
  /** A paused copy left behind when its agent took the call to a new PC: that PC's desktop name. */
  movedTo: z.string().nullable(),
  /** The live copy of a moved call: the desktops (names) where its paused copies stayed. */
  movedFrom: z.string().nullable(),
});
const teamRef = z.strictObject({
  desktopId: z.string({ error: 'desktopId must be text' }).min(1, 'desktopId is empty').max(100, 'desktopId is too long'),
  id: z.number({ error: 'id must be a number' }).int('id must be a whole number').positive('id must be positive'),
});

const batchId = z.string({ error: 'batchId must be text' }).uuid('batchId is not an import id');
const dayWindow = z
  .strictObject({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative() })
  .refine((d) => d.to >= d.from && d.to - d.from <= 49 * 3_600_000, { message: 'Choose one day', path: ['to'] });
const importResult = z.object({
  batchId: z.string(),
  rows: z.number(),
  queued: z.number(),
  /**
   * where: earlier in the file, on this computer, or on another desktop of the floor (team database; elsewhere: its
   * name, elsewhereState: the call's state there, so a call that failed there is not taken for one LeadSquared has).
   */
  duplicates: z.array(
    z.object({
      line: z.number(),
      callSessionId: z.string(),
      where: z.enum(['file', 'here', 'team']),
      elsewhere: z.string().nullable(),
      elsewhereState: entryStateSchema.nullable(),
    }),
  ),
  /** Whether the file was compared with the calls other desktops logged (a team database), or there was none. */
  teamCheck: z.enum(['checked', 'off']),
  /** Line and reason only: the rejected rows' cells are in rejectsCsv, which names the columns once. */
  rejects: z.array(z.object({ line: z.number(), reason: z.string(), field: z.string().nullable() })),
  rejectsCsv: z.string(),
});
const batchProgress = z.object({
  total: z.number(),
  unsent: z.number(),
  paused: z.number(),
  accepted: z.number(),
  final: z.number(),
  failed: z.number(),
  /** Null while the import has not sent enough yet to measure its pace. */
  etaSeconds: z.number().nullable(),
});
const { offset: _offset, limit: _limit, ...filterShape } = listQuerySchema.shape;
const hourCounts = z.array(z.object({ hour: z.number(), success: z.number(), failure: z.number(), error: z.number(), pending: z.number() }));
/** A day's failed calls (Failure or Error) by agent, with each agent's calls that day, most failed first. */
const failuresByAgent = z.array(z.object({ agent: z.string(), failed: z.number(), total: z.number() }));
/** A day's failed calls by reason (LeadSquared's StatusReason; NO_REASON where it gave none), most first. */
const failuresByReason = z.array(z.object({ reason: z.string(), count: z.number() }));
/** A day's delivered calls by time from logging to Success, fastest bucket first (the same buckets in both scopes). */
const timeToSuccess = z.array(z.object({ label: z.string(), count: z.number() }));

const keyStatus = z.object({
  hasKey: z.boolean(),
  hint: z.string().nullable(),
  /** The async host the key was saved for: it is sent nowhere else. */
  host: z.string().nullable(),
  forCurrentHost: z.boolean(),
  warning: z.string().nullable(),
  /** How the key is protected at rest, in words. */
  protection: z.string(),
});
/** The team database as Settings shows it: host and database name, never the credentials. */
const teamDatabase = z.object({
  configured: z.boolean(),
  /** Set by IT's policy file (who set it): read-only in Settings. */
  lockedBy: z.string().nullable(),
  display: z.string().nullable(),
  state: z.enum(['off', 'connecting', 'connected', 'unreachable']),
  message: z.string().nullable(),
  /**
   * Whether this login reads every desktop's calls (a supervisor's or the schema owner's) or
   * only its own, from every desktop that uses it (an agent's), as last connected; null until known.
   */
  readsTeam: z.boolean().nullable(),
  /**
   * This computer as the team database knows it: the desktop id on the calls it logged there, and
   * the name the team sees (user@computer, or IT's CALLLOG_DESKTOP_NAME). Known with or without a database.
   */
  thisDesktop: z.object({ id: z.string(), name: z.string() }),
});

const connectionInfo = z.object({
  mode: z.enum(['sandbox', 'leadsquared']),
  ready: z.boolean(),
  reason: z.string().nullable(),
  sending: z.object({
    /** Whose budget paces this computer: its own, the team database's, or its own because the team database is away. */
    budget: z.enum(['local', 'team', 'team-unreachable']),
    /** Sends are held back because the key is busy. */
    slowed: z.boolean(),
    message: z.string().nullable(),
    /** Requests waiting for a slot on this computer (the page keeps asking while there are). */
    waiting: z.number(),
  }),
  /** Calls logged in the other mode ("Use sandbox" changed since), waiting for it: they go only there. */
  otherModeWaiting: z.number(),
  /** Sending stopped only because a 401 refused the key: retryRefusedKey may release the calls. */
  keyRefused: z.boolean(),
  /** Accepted calls whose status checks wait while sending is stopped (they would use the same key). */
  checksWaiting: z.number(),
});

export const channels = {
  logCall: {
    input: newCallInputSchema,
    output: z.object({ id: z.number(), callSessionId: z.string(), state: entryStateSchema }),
  },
  /**
   * Where a call session ID is already logged, asked as the agent types one: on this computer, or
   * on another desktop of the floor (team database; teamCheck says whether it could be asked).
   */
  whereLogged: {
    // Exactly what Log call takes as one (trimmed, letters, digits and . _ : -): nothing else is
    // ever logged, so nothing else is asked of the team database.
    input: z.strictObject({ callSessionId }),
    output: z.object({
      here: z.boolean(),
      elsewhere: z.object({ desktop: z.string(), state: entryStateSchema }).nullable(),
      teamCheck: z.enum(['checked', 'off', 'unavailable']),
    }),
  },
  listEntries: {
    input: listQuerySchema,
    output: z.object({ total: z.number(), offset: z.number(), items: z.array(entrySummarySchema) }),
  },
  getEntry: { input: z.strictObject({ id }), output: entryDetailSchema },
  retryNow: { input: z.strictObject({ id }), output: entryDetailSchema },
  editAndResend: { input: z.strictObject({ id, call: newCallInputSchema }), output: entryDetailSchema },
  countByState: {
    input: none,
    output: z.partialRecord(z.enum(ENTRY_STATES), z.number()),
  },
  /**
   * This computer's calls that ended in Failure or Error and wait for the agent (Edit and resend or
   * Retry moves a call out of them): the account's, and test calls (built-in sandbox) apart, since
   * whether those need anyone depends on the mode the page is in.
   */
  countFailedCalls: { input: none, output: z.object({ account: z.number(), test: z.number() }) },
  getSettings: { input: none, output: settingsSchema },
  updateSettings: { input: settingsPatchSchema, output: settingsSchema },
  getKeyStatus: { input: none, output: keyStatus },
  setKey: {
    input: z.strictObject({ apiKey: z.string({ error: 'API key must be text' }).max(512, 'API key is too long') }),
    output: keyStatus,
  },
  clearKey: { input: none, output: keyStatus },
  getConnectionInfo: { input: none, output: connectionInfo },
  /** Try again after a 401 (banner): the parked calls and status checks go again; another 401 parks them again. */
  retryRefusedKey: { input: none, output: connectionInfo },
  testConnection: {
    input: none,
    output: z.union([
      z.object({
        ok: z.literal(true),
        message: z.string(),
        pendingMessages: z.number(),
        maxDelaySeconds: z.number(),
        processingRatePerMinute: z.number(),
      }),
      z.object({ ok: z.literal(false), message: z.string() }),
    ]),
  },
  getTeamDatabase: { input: none, output: teamDatabase },
  setTeamDatabase: {
    input: z.strictObject({ url: z.string({ error: 'Team database must be text' }).max(2000, 'Team database: the connection string is too long') }),
    output: teamDatabase,
  },
  clearTeamDatabase: { input: none, output: teamDatabase },
  /** "This computer" or "Team" for History and the Dashboard, as last chosen here (kept across restarts). */
  getViewScope: { input: none, output: z.object({ scope: viewScopeSchema }) },
  setViewScope: { input: z.strictObject({ scope: viewScopeSchema }), output: z.object({ scope: viewScopeSchema }) },
  // ---- supervisor tools
  importCsv: {
    input: z.strictObject({
      fileName: z.string().max(260, 'File name is too long'),
      text: z.string({ error: 'The file must be text' }).max(20_000_000, 'The file is too large (20 MB at most)'),
    }),
    output: importResult,
  },
  /**
   * The import this window's main process is running (still sending, or paused), so a reloaded
   * window shows its summary, progress and Cancel again; null when none.
   */
  runningImport: { input: none, output: z.object({ running: z.object({ fileName: z.string(), result: importResult }).nullable() }) },
  importProgress: { input: z.strictObject({ batchId }), output: batchProgress },
  cancelImport: { input: z.strictObject({ batchId }), output: batchProgress },
  resumeImport: { input: z.strictObject({ batchId }), output: batchProgress },
  exportCsv: { input: z.strictObject(filterShape), output: z.object({ csv: z.string(), rows: z.number() }) },
  queueHealth: {
    input: dayWindow,
    output: z.object({
      leadsquared: z
        .object({ pendingMessages: z.number(), maxDelaySeconds: z.number(), processingRatePerMinute: z.number(), at: z.number() })
        .nullable(),
      leadsquaredError: z.string().nullable(),
      /** Why `leadsquared` is not a current reading: nothing of this computer's in flight (not asked, to spare the budget), or LeadSquared cannot be asked. */
      leadsquaredOld: z.enum(['idle', 'blocked']).nullable(),
      /** The account's calls; test calls (the built-in sandbox) only in `testCalls`, unless `withTestCalls` (the sandbox is on). */
      local: z.object({
        loggedToday: z.number(),
        delivered: z.number(),
        failed: z.number(),
        waiting: z.number(),
        medianSecondsToSuccess: z.number().nullable(),
        testCalls: z.number(),
        withTestCalls: z.boolean(),
      }),
    }),
  },
  deliveryStats: {
    input: dayWindow,
    output: z.object({
      hours: hourCounts,
      timeToSuccess,
      /** The failed calls of the day, as the team's Dashboard gives them; test calls left out unless `withTestCalls`. */
      failuresByReason,
      /** Null unless more than one agent's name was used on this computer that day. */
      failuresByAgent: failuresByAgent.nullable(),
      /** Decided by main: test calls are counted while the sandbox is on. */
      withTestCalls: z.boolean(),
    }),
  },
  // ---- the team's history (team database): read-only here; the desktop that logged a call acts on it
  // A page of the team's calls and their count are two reads: a broad search's rows show at once,
  // its count (up to 10,000) follows.
  listTeamEntries: {
    input: listQuerySchema,
    output: z.object({ offset: z.number(), items: z.array(teamEntrySummarySchema) }),
  },
  countTeamEntries: {
    input: listQuerySchema,
    output: z.object({
      total: z.number(),
      /** False when a broad search matched more than `total` (10,000): "10,000+ calls". */
      exact: z.boolean(),
    }),
  },
  getTeamEntry: { input: teamRef, output: teamEntryDetailSchema },
  teamAgents: { input: none, output: z.object({ agents: z.array(z.object({ name: z.string(), calls: z.number() })) }) },
  teamDashboard: {
    input: dayWindow,
    output: z.object({
      /** The account's calls; test calls (the built-in sandbox) only in `testCalls`. */
      totals: z.object({ logged: z.number(), delivered: z.number(), failed: z.number(), waiting: z.number() }),
      testCalls: z.number(),
      hours: hourCounts,
      failuresByAgent,
      failuresByReason,
      timeToSuccess,
      /** Half of the day's delivered calls got there faster; null when none did. */
      medianSecondsToSuccess: z.number().nullable(),
    }),
  },
  exportTeamCsv: { input: z.strictObject(filterShape), output: z.object({ csv: z.string(), rows: z.number() }) },
  // ---- support: managed settings and diagnostics
  getPolicy: {
    input: none,
    output: z.object({
      source: z.string().nullable(),
      setBy: z.string().nullable(),
      locked: z.array(z.enum(SETTINGS_FIELDS)),
      preset: z.array(z.enum(SETTINGS_FIELDS)),
      problems: z.array(z.string()),
    }),
  },
  exportDiagnostics: { input: none, output: z.object({ saved: z.boolean(), path: z.string().nullable(), message: z.string() }) },
  // ---- moving to a new PC (never the key)
  exportTransfer: { input: none, output: z.object({ saved: z.boolean(), path: z.string().nullable(), calls: z.number(), message: z.string() }) },
  importTransfer: {
    input: z.strictObject({
      fileName: z.string().max(260, 'File name is too long'),
      text: z.string({ error: 'The file must be text' }).max(50_000_000, 'The file is too large (50 MB at most)'),
    }),
    output: z.object({ calls: z.number(), duplicates: z.number(), settings: z.array(z.enum(SETTINGS_FIELDS)), skipped: z.array(z.string()), message: z.string() }),
  },
} as const satisfies Record<ChannelName, { input: z.ZodType; output: z.ZodType }>;

/** Push events from main to the renderer. */
export const events = {
  /** Entries changed; `ids` null means "many changed, refetch everything". */
  entriesChanged: z.object({ ids: z.array(z.number()).nullable() }),
  /** Menu, tray or global shortcut asked for a page. */
  navigate: z.object({ page: z.enum(PAGES) }),
  /** The team's history changed (a desktop replicated calls or state changes): refetch Team views. */
  teamChanged: z.object({}),
} as const satisfies Record<EventName, z.ZodType>;

// The zod-free name lists (ipc-names.ts) must name exactly these channels and events.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ChannelNamesMatch = Assert<Same<keyof typeof channels, ChannelName>>;
export type EventNamesMatch = Assert<Same<keyof typeof events, EventName>>;

export type ChannelInput<K extends ChannelName> = z.input<(typeof channels)[K]['input']>;
export type ChannelOutput<K extends ChannelName> = z.output<(typeof channels)[K]['output']>;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };
export const resultSchema = <T extends z.ZodType>(value: T) =>
  z.union([z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: appErrorSchema })]);

/** Channels whose input may be empty can be called without an argument. */
export type InputOptional<K extends ChannelName> = {} extends ChannelInput<K> ? true : false;
type MethodOf<K extends ChannelName> = InputOptional<K> extends true
  ? (input?: ChannelInput<K>) => Promise<Result<ChannelOutput<K>>>
  : (input: ChannelInput<K>) => Promise<Result<ChannelOutput<K>>>;

/** The API the preload exposes as `window.callLog` (and the browser bridge mirrors). */
export type CallLogApi = { [K in ChannelName]: MethodOf<K> } & {
  [K in EventName as `on${Capitalize<K>}`]: (listener: (payload: EventPayload<K>) => void) => () => void;
};
