// The engine's one face to the hosts (Electron IPC, browser host, tests): every
// operation the UI needs. Inputs arrive unparsed and are parsed here too, so
// no host can skip validation.
import { join } from 'node:path';
import { z } from 'zod';
import { callLogPayloadSchema, newCallInputSchema, numbersByDirection } from '../../shared/call-log';
import type { CallInput, CallLogPayload } from '../../shared/call-log';
import { isFinalState, isRefusedAsMalformed, listQuerySchema, type EntryDetail, type EntryState, type ListResult } from '../../shared/entry';
import { SupervisorTools } from './supervisor';
import { TransferTools } from './transfer';
import { AppError, invalidInput } from '../../shared/errors';
import type { Settings } from '../../shared/settings';
import type { ChannelOutput } from '../../shared/ipc';
import { toApiTime } from '../../shared/time-rule';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { ConnectionResolver, otherTarget, otherTargetCheckReason, otherTargetReason, savedState, targetName, targetOf, type SandboxLink } from './connection';
import { LeadSquaredClient } from './leadsquared/client';
import { httpLoopbackAllowed } from './leadsquared/urls';
import { openDb, type Db, type SqliteOptions } from './outbox/db';
import { desktopId } from './outbox/desktop-id';
import { DuplicateSessionError, Entries, payloadColumns, URGENT_MS } from './outbox/entries';
import { applyPresets, policyPath, readPolicy, settingsLocks, type Policy } from './policy';
import { Sender } from './outbox/sender';
import { LocalBudgets } from './budget/budgets';
import { sendingInfo, type SendingInfo } from './budget/sending-info';
import { openConfBackend, SettingsError, SettingsService, type SettingsBackend } from './settings';
import { QueueMetrics } from './status/queue-metrics';
import { DEFAULT_SCHEDULE, type CheckSchedule } from './status/schedule';
import { StatusTracker } from './status/tracker';
import { Adoption } from './team/adoption';
import { TeamLink, type TeamLinkDeps } from './team/team-link';
import { desktopName } from './team/desktop-name';
import { TeamTools } from './team/team-tools';
import type { TeamDbOptions } from './team/team-db';
import { HostBoundKey, type BoundKeyStatus } from './host-trust';
import { makePrivateDir } from './private-dir';
import { Vault, VaultError, type Cipher } from './vault';

/** Where a call session ID is already logged (the form asks as the agent types it). */
export type WhereLogged = ChannelOutput<'whereLogged'>;

export interface SandboxProvider {
  start(): Promise<SandboxLink>;
  stop(): Promise<void>;
}

export interface Timing {
  backoff: BackoffOptions;
  schedule: CheckSchedule;
  requestTimeoutMs: number;
  metricsMaxAgeMs: number;
  rateLimit: { limit: number; windowMs: number };
  /** Team database: query timeout and the wait between reconnection attempts. */
  teamDb?: TeamDbOptions;
  /** Team database: replication batch and heartbeat, the orphan watcher's rhythm. */
  team?: Pick<TeamLinkDeps, 'replication' | 'watcher'>;
}

export interface ServiceOptions {
  dataDir: string;
  cipher: Cipher;
  /** electron-store under Electron; a conf store in the data dir otherwise. */
  settingsBackend?: SettingsBackend;
  sandbox?: SandboxProvider;
  env?: NodeJS.ProcessEnv;
  timing?: Partial<Timing>;
  log?: (msg: string) => void;
  /** IT's managed settings; read from CALLLOG_POLICY_FILE or the system-wide path when absent. */
  policy?: Policy;
  /** Which better-sqlite3 addon opens the outbox (the Electron host's choice; default: node_modules' own). */
  sqlite?: SqliteOptions;
}

export interface LogCallResult {
  id: number;
  callSessionId: string;
  state: EntryState;
}

export interface ConnectionInfo {
  mode: 'sandbox' | 'leadsquared';
  ready: boolean;
  /** Why calls cannot be sent right now, in words. */
  reason: string | null;
  sending: SendingInfo;
  /** Calls logged in the other mode, waiting for it ("Use sandbox" changed since): they go only there. */
  otherModeWaiting: number;
  /** Blocked only because a 401 refused the key: retryRefusedKey may release the calls. */
  keyRefused: boolean;
  /** Accepted calls whose status checks wait while sending is blocked (they would use the same key). */
  checksWaiting: number;
}

export type TestResult =
  | { ok: true; message: string; pendingMessages: number; maxDelaySeconds: number; processingRatePerMinute: number }
  | { ok: false; message: string };

/** Why a call LeadSquared refused as malformed is not sent again as it is: what to do instead. */
const REFUSED_AS_MALFORMED = 'LeadSquared refused this call as malformed (400), so it would refuse the same call again: use Edit and resend to correct it.';
const idSchema = z.number({ error: 'Entry id must be a number' }).int('Entry id must be a whole number').positive('Entry id must be positive');

export class CallLogService {
  readonly settings: SettingsService;
  readonly policy: Policy;
  readonly dataDir: string;
  private readonly db: Db;
  private readonly entries: Entries;
  private readonly key: HostBoundKey;
  private readonly connection: ConnectionResolver;
  private readonly sender: Sender;
  private readonly tracker: StatusTracker;
  private readonly metrics: QueueMetrics;
  /** The team database (optional): the budget it hands out (this computer's own without it), replication, the watcher. */
  private readonly teamLink: TeamLink;
  /** The team database's setting and the team's history. */
  readonly team: TeamTools;
  private sandboxLink: SandboxLink | null = null;
  /** Import, export, queue health and charts. */
  readonly supervisor: SupervisorTools;
  /** Moving to a new PC: unsent calls and settings out of one computer and into another. */
  readonly transfer: TransferTools;
  private readonly adoption: Adoption;
  private readonly listeners = new Set<(ids: number[] | null) => void>();
  private pendingIds = new Set<number>();
  private flushScheduled = false;

  private constructor(private readonly opts: ServiceOptions) {
    const env = opts.env ?? process.env;
    const allowHttp = httpLoopbackAllowed(env);
    const timing: Timing = {
      backoff: DEFAULT_BACKOFF,
      schedule: DEFAULT_SCHEDULE,
      requestTimeoutMs: 20_000,
      metricsMaxAgeMs: 60_000,
      rateLimit: { limit: 25, windowMs: 5000 },
      ...opts.timing,
    };
    makePrivateDir(opts.dataDir);
    this.dataDir = opts.dataDir;
    this.policy = opts.policy ?? readPolicy(policyPath(env), allowHttp);
    this.settings = new SettingsService(opts.settingsBackend ?? openConfBackend(opts.dataDir), allowHttp, settingsLocks(this.policy));
    this.db = openDb(join(opts.dataDir, 'calls.sqlite'), opts.sqlite);
    this.entries = new Entries(this.db);
    this.key = new HostBoundKey(new Vault(opts.dataDir, opts.cipher), () => this.settings.get().asyncHost);
    this.connection = new ConnectionResolver({
      settings: () => this.settings.get(),
      apiKey: () => this.key.usable(),
      noKeyReason: () => this.key.missingReason(),
      sandbox: () => this.sandboxLink,
      allowHttpLoopback: allowHttp,
    });
    const client = new LeadSquaredClient({ timeoutMs: timing.requestTimeoutMs });
    const name = desktopName(env);
    this.teamLink = new TeamLink({
      dataDir: opts.dataDir,
      cipher: opts.cipher,
      local: new LocalBudgets(timing.rateLimit),
      desktopId: desktopId(this.db),
      desktopName: name,
      rateLimit: timing.rateLimit,
      wireMs: timing.requestTimeoutMs + 1000,
      db: timing.teamDb,
      managed: this.policy.teamDatabase ? { url: this.policy.teamDatabase, by: this.policy.setBy } : null,
      outbox: this.db,
      describe: () => {
        const conn = this.connection.current();
        // The account's key whatever the mode: watchers on other desktops follow the account's
        // calls by it. Calls logged for the sandbox go without one (replicator), since no other
        // desktop can ever check them.
        const account = conn.target === 'leadsquared' ? (conn.kind === 'ready' ? conn.key : null) : this.key.usable();
        return { name, agent: this.settings.get().agentName, keyFp: account?.id ?? null };
      },
      adoptFinal: (id, requestId, state, reason, watcher, at) => this.adoption.final(id, requestId, state, reason, watcher, at),
      postponeCheck: (id, requestId, until) => this.adoption.postpone(id, requestId, until),
      adopted: () => this.adoption.release(),
      holdUntilAdopted: (maxMs) => this.adoption.holdUntilAdopted(maxMs),
      connection: this.connection,
      client,
      schedule: timing.schedule,
      ...timing.team,
      log: opts.log,
    });
    this.team = new TeamTools(this.teamLink, () => this.sender.wake(), opts.log);
    const budgets = this.teamLink;
    this.metrics = new QueueMetrics({ client, budgets, connection: this.connection, maxAgeMs: timing.metricsMaxAgeMs, shared: this.teamLink.metrics });
    const onBlocked = () => this.syncPaused();
    this.tracker = new StatusTracker({
      entries: this.entries,
      client,
      budgets,
      connection: this.connection,
      metrics: this.metrics,
      schedule: timing.schedule,
      backoff: timing.backoff,
      onBlocked,
      mayCheck: () => this.teamLink.statusChecksAllowed(),
      held: () => this.adoption.heldIds(),
      log: opts.log,
    });
    this.sender = new Sender({
      entries: this.entries,
      client,
      budgets,
      connection: this.connection,
      backoff: timing.backoff,
      firstCheckAt: (at) => this.tracker.firstCheckAt(at),
      onBlocked,
      log: opts.log,
    });
    this.supervisor = new SupervisorTools({
      db: this.db,
      entries: this.entries,
      timeZone: () => this.settings.get().timeZone,
      connection: this.connection,
      metrics: this.metrics,
      rateLimit: timing.rateLimit,
      wakeSender: () => this.sender.wake(),
      syncPaused: () => this.syncPaused(),
      loggedElsewhere: (sessions) => this.teamLink.loggedElsewhere(sessions),
    });
    this.transfer = new TransferTools({
      db: this.db,
      entries: this.entries,
      settings: () => this.settings.get(),
      updateSettings: (patch) => this.updateSettings(patch),
      connection: this.connection,
      dataDir: opts.dataDir,
      wakeSender: () => this.sender.wake(),
    });
    this.adoption = new Adoption(this.entries, () => this.tracker.wake());
    this.entries.events.on('change', (ids: number[]) => {
      this.queueChange(ids);
      this.teamLink.localChanged();
    });
  }

  /** Opens the data dir, recovers calls a crash left mid-send, and starts sending. */
  static async open(opts: ServiceOptions): Promise<CallLogService> {
    const svc = new CallLogService(opts);
    applyPresets(svc.settings, svc.policy, opts.dataDir);
    for (const p of svc.policy.problems) opts.log?.(p);
    svc.entries.transitionAll(
      ['sending'],
      'queued',
      { next_attempt_at: Date.now() },
      'The app stopped while this call was being sent; sending again with the same CallSessionId',
    );
    svc.entries.claimUntargeted(targetOf(svc.settings.get()));
    if (svc.settings.get().useSandbox) await svc.startSandbox();
    svc.teamLink.open();
    svc.syncPaused();
    svc.sender.start();
    svc.tracker.start();
    return svc;
  }

  async close(): Promise<void> {
    await Promise.all([this.sender.stop(), this.tracker.stop()]);
    await this.teamLink.close();
    await this.stopSandbox();
    this.db.close();
  }

  // ---- calls -------------------------------------------------------------

  /** Saves the call (durable) and returns at once; sending happens in the background. */
  logCall(raw: unknown): LogCallResult {
    const input = this.parseCall(raw);
    const payload = this.toPayload(input);
    const conn = this.connection.current();
    const { state, lastError } = savedState(conn, conn.target);
    let id: number;
    try {
      id = this.entries.insert(
        {
          payload,
          input,
          source: 'form',
          target: conn.target,
          state,
          startAt: Date.parse(input.startTime),
          lastError,
          urgentUntil: Date.now() + URGENT_MS,
        },
        'Saved on this computer',
      );
    } catch (err) {
      if (err instanceof DuplicateSessionError) throw new AppError('conflict', err.message, 'callSessionId');
      throw err;
    }
    this.sender.wake();
    return { id, callSessionId: payload.CallSessionId, state };
  }

  /**
   * Where a call session ID is already logged, asked by the form as the agent types it: saving
   * never waits on the team database, so the agent learns before pressing Log call that a
   * colleague's desktop already sent this call. Test calls are no account's: not asked.
   */
  async whereLogged(callSessionId: string): Promise<WhereLogged> {
    const id = callSessionId.trim();
    const here = this.entries.hasSession(id);
    const team = this.connection.current().target === 'sandbox' ? { check: 'off' as const, found: new Map() } : await this.teamLink.loggedElsewhere([id]);
    const there = team.found.get(id);
    return { here, elsewhere: there ? { desktop: there.desktop, state: there.state } : null, teamCheck: team.check };
  }

  listEntries(raw: unknown): ListResult {
    const q = listQuerySchema.safeParse(raw ?? {});
    if (!q.success) throw invalidInput(q.error);
    return this.entries.list(q.data);
  }

  getEntry(rawId: unknown): EntryDetail {
    const id = this.parseId(rawId);
    const e = this.entries.detail(id);
    if (!e) throw new AppError('not_found', `No logged call with id ${id}`);
    return e;
  }

  /** Skips the wait: sends, re-sends or re-checks now, depending on where the call is. */
  retryNow(rawId: unknown): EntryDetail {
    const e = this.getEntry(rawId);
    const now = Date.now();
    const note = 'Retry requested by the agent';
    this.refuseOtherTarget(e.id, e.state);
    switch (e.state) {
      case 'queued':
      case 'retry_wait':
        this.entries.transition(e.id, [e.state], e.state, { next_attempt_at: now, urgent_until: now + URGENT_MS }, note);
        this.sender.retryNow();
        break;
      case 'needs_key':
      case 'needs_setup': {
        this.connection.invalidate();
        this.syncPaused();
        const conn = this.connection.current();
        if (conn.kind === 'blocked') throw new AppError('not_allowed', conn.reason);
        break;
      }
      case 'failure':
      case 'error':
        if (isRefusedAsMalformed(e)) throw new AppError('not_allowed', REFUSED_AS_MALFORMED);
        // Sent again to the target it was logged for; waiting with the reason if that mode is off.
        this.entries.transition(e.id, [e.state], 'queued', this.resendPatch(now), 'Sent again at the agent’s request');
        this.syncPaused();
        break;
      case 'paused':
        this.entries.transition(e.id, ['paused'], 'queued', { next_attempt_at: now, urgent_until: now + URGENT_MS }, 'Resumed by the agent');
        this.syncPaused();
        break;
      case 'accepted':
      case 'in_queue':
        this.entries.transition(e.id, [e.state], e.state, { next_check_at: now }, 'Status check requested by the agent');
        this.tracker.wake();
        break;
      case 'sending':
        throw new AppError('not_allowed', 'This call is being sent right now');
      case 'success':
        throw new AppError('not_allowed', 'This call already reached LeadSquared');
    }
    this.sender.wake();
    return this.getEntry(e.id);
  }

  /** Corrects a call that failed (or has not been sent yet) and queues it again. */
  editAndResend(rawId: unknown, raw: unknown): EntryDetail {
    const e = this.getEntry(rawId);
    const editable: EntryState[] = ['failure', 'error', 'queued', 'retry_wait', 'needs_key', 'needs_setup', 'paused'];
    if (!editable.includes(e.state)) {
      throw new AppError('not_allowed', isFinalState(e.state) ? 'Only failed calls can be edited' : 'This call is already with LeadSquared and cannot be edited');
    }
    const input = this.parseCall(raw);
    if (input.callSessionId !== e.callSessionId && this.entries.hasSession(input.callSessionId)) {
      throw new AppError('conflict', `A call with session ID ${input.callSessionId} is already logged`, 'callSessionId');
    }
    const payload = this.toPayload(input);
    // An edited call still goes where it was logged for.
    const { state, lastError } = savedState(this.connection.current(), this.entries.row(e.id)!.target);
    const cols = payloadColumns(payload, Date.parse(input.startTime));
    const moved = this.entries.transition(
      e.id,
      [e.state],
      state,
      { ...this.resendPatch(Date.now()), last_error: lastError, ...cols, call_session_id: payload.CallSessionId, input: JSON.stringify(input) },
      'Edited and resent by the agent',
    );
    if (!moved) throw new AppError('not_allowed', 'This call changed while you were editing it; open it again');
    this.sender.wake();
    return this.getEntry(e.id);
  }

  countByState(): Partial<Record<EntryState, number>> {
    return this.entries.countByState();
  }

  /** Failed calls (Failure or Error) still waiting for the agent: the account's, and test calls. */
  countFailedCalls(): { account: number; test: number } {
    return this.entries.countFailed();
  }

  /** The team's history changed on some desktop (team database only). */
  onTeamChanged(listener: () => void): () => void {
    return this.teamLink.onTeamChanged(listener);
  }

  onEntriesChanged(listener: (ids: number[] | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- settings, key, connection --------------------------------------

  getSettings(): Settings {
    return this.settings.get();
  }

  async updateSettings(patch: unknown): Promise<Settings> {
    let next: Settings;
    const before = this.settings.get();
    try {
      next = this.settings.update(patch);
    } catch (err) {
      if (err instanceof SettingsError) throw new AppError('invalid_input', err.message, err.field);
      throw err;
    }
    // At once, before the sandbox starts: a call logged meanwhile is for the new mode.
    this.connection.invalidate();
    if (next.useSandbox && !before.useSandbox) await this.startSandbox();
    if (!next.useSandbox && before.useSandbox) this.leaveSandbox();
    this.connectionChanged();
    return next;
  }

  keyStatus(): BoundKeyStatus {
    return this.key.status();
  }

  setKey(raw: unknown): BoundKeyStatus {
    try {
      const status = this.key.set(raw);
      this.connectionChanged();
      return status;
    } catch (err) {
      if (err instanceof VaultError) throw new AppError(/cannot|unavailable|not available/i.test(err.message) ? 'unavailable' : 'invalid_input', err.message, 'apiKey');
      throw err;
    }
  }

  clearKey(): BoundKeyStatus {
    const status = this.key.clear();
    this.connectionChanged();
    return status;
  }

  connectionInfo(): ConnectionInfo {
    const conn = this.connection.current();
    return {
      mode: this.settings.get().useSandbox ? 'sandbox' : 'leadsquared',
      ready: conn.kind === 'ready',
      reason: conn.kind === 'ready' ? null : conn.reason,
      sending: sendingInfo(conn.kind === 'ready' ? this.teamLink.for(conn.key.id).state() : null, this.entries.waitingOf(conn.target)),
      otherModeWaiting: this.entries.waitingOf(otherTarget(conn.target)),
      keyRefused: conn.kind === 'blocked' && conn.refused === true,
      checksWaiting: conn.kind === 'ready' ? 0 : this.entries.trackedOf(conn.target),
    };
  }

  /**
   * Try again after a 401: the calls it parked, and the status checks it stopped, go again with
   * the same key. Another 401 parks them again. Nothing refused (a second press): nothing to do.
   */
  retryRefusedKey(): ConnectionInfo {
    if (this.connection.forgetRefusal()) this.syncPaused();
    return this.connectionInfo();
  }

  /** One metrics call with the saved settings: OK with the queue's numbers, or the reason. */
  async testConnection(): Promise<TestResult> {
    this.connection.invalidate();
    const conn = this.connection.current();
    if (conn.kind === 'blocked') return { ok: false, message: conn.reason };
    const out = await this.metrics.fetch('interactive');
    if (out.kind !== 'ok') {
      this.syncPaused();
      return { ok: false, message: out.message };
    }
    const m = out.metrics;
    const where = targetName(conn.target);
    this.syncPaused();
    return {
      ok: true,
      message: `Connected to ${where}: ${m.pendingMessages} call logs waiting in its queue, longest delay ${m.maxDelaySeconds} s`,
      pendingMessages: m.pendingMessages,
      maxDelaySeconds: m.maxDelaySeconds,
      processingRatePerMinute: m.processingRatePerMinute,
    };
  }

  // ---- internals ---------------------------------------------------------

  /** A call entering now (logged or edited): it must have started, unlike stored ones read back. */
  private parseCall(raw: unknown): CallInput {
    const parsed = newCallInputSchema.safeParse(raw);
    if (!parsed.success) throw invalidInput(parsed.error);
    return parsed.data;
  }

  private parseId(raw: unknown): number {
    const id = idSchema.safeParse(raw);
    if (!id.success) throw invalidInput(id.error, 'id');
    return id.data;
  }

  private toPayload(input: CallInput): CallLogPayload {
    const zone = this.settings.get().timeZone;
    const payload = callLogPayloadSchema.safeParse({
      ...numbersByDirection(input.direction, input.leadNumber, input.agentNumber),
      DisplayNumber: input.displayNumber ?? '',
      StartTime: toApiTime(input.startTime, zone),
      EndTime: toApiTime(input.endTime, zone),
      CallDuration: String(input.durationSeconds),
      Status: input.status,
      CallNotes: input.notes ?? '',
      ResourceURL: input.recordingUrl ?? '',
      Direction: input.direction,
      CallSessionId: input.callSessionId,
      AgentName: input.agentName ?? '',
    });
    if (!payload.success) throw invalidInput(payload.error);
    return payload.data;
  }

  /** Sent again at the agent's request: urgent, like a call just logged. */
  private resendPatch(now: number) {
    return {
      next_attempt_at: now,
      urgent_until: now + URGENT_MS,
      request_id: null,
      status_reason: null,
      last_error: null,
      status_checks: 0,
      accepted_at: null,
      final_at: null,
      next_check_at: null,
    };
  }

  private connectionChanged(): void {
    this.connection.invalidate();
    this.metrics.forget();
    this.syncPaused();
  }

  /**
   * Moves waiting calls in or out of the paused states to match the connection.
   * Calls logged for the other mode ("Use sandbox" changed since) wait for it, with
   * the reason; they go when it returns, never with this mode's endpoint and key.
   */
  private syncPaused(): void {
    const conn = this.connection.current();
    const away = otherTarget(conn.target);
    this.entries.pauseTarget(away, 'needs_setup', otherTargetReason(away));
    if (conn.kind === 'ready') {
      this.entries.moveTarget(conn.target, ['needs_key', 'needs_setup'], 'queued', { next_attempt_at: Date.now(), last_error: null }, 'Ready to send');
    } else {
      this.entries.pauseTarget(conn.target, conn.state, conn.reason);
    }
    this.sender.wake();
    this.tracker.wake();
  }

  /** Retry now on a call of the other mode: say which mode it needs, rather than pretend to retry. */
  private refuseOtherTarget(id: number, state: EntryState): void {
    const target = this.entries.row(id)!.target;
    if (target === this.connection.current().target) return;
    if (state === 'accepted' || state === 'in_queue') throw new AppError('not_allowed', otherTargetCheckReason(target));
    if (state === 'needs_key' || state === 'needs_setup') throw new AppError('not_allowed', otherTargetReason(target));
  }

  private async startSandbox(): Promise<void> {
    if (this.sandboxLink || !this.opts.sandbox) return;
    this.sandboxLink = await this.opts.sandbox.start();
    this.connection.invalidate();
  }

  /**
   * Switched off, the sandbox keeps running until the app closes: the test calls it accepted
   * are followed to their end once it is switched on again (it keeps nothing between runs).
   */
  private leaveSandbox(): void {
    this.sandboxLink = null;
    this.connection.invalidate();
  }

  private async stopSandbox(): Promise<void> {
    if (!this.sandboxLink || !this.opts.sandbox) return;
    this.sandboxLink = null;
    await this.opts.sandbox.stop();
    this.connection.invalidate();
  }

  /** Batches row changes per tick: a 10,000-row import is one event, not 10,000. */
  private queueChange(ids: number[]): void {
    for (const id of ids) this.pendingIds.add(id);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const batch = this.pendingIds.size > 500 ? null : [...this.pendingIds];
      this.pendingIds = new Set();
      for (const l of this.listeners) l(batch);
    });
  }
}
