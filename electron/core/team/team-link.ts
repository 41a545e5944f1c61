// The optional team database as the engine sees it: the setting (stored
// encrypted), the connection, and the budget provider that hands out the
// team's budget for a key while a database is set and this computer's own
// otherwise. The service only composes this.
import { z } from 'zod';
import type { EntryState } from '../../../shared/entry';
import type { BudgetProvider, LocalBudgets } from '../budget/budgets';
import { beforeDeadline } from '../deadline';
import type { KeyBudget } from '../budget/types';
import type { Cipher } from '../vault';
import type { ConnectionResolver } from '../connection';
import type { LeadSquaredClient } from '../leadsquared/client';
import type { Db } from '../outbox/db';
import type { SharedMetrics } from '../status/queue-metrics';
import type { CheckSchedule } from '../status/schedule';
import { OrphanWatcher } from './orphan-watcher';
import { OWNER_GRACE_MS, Replicator, type ReplicatorDeps } from './replicator';
import { TeamKeyBudget } from './team-budget';
import { describePgError, probe, TeamDatabase, type TeamDbOptions } from './team-db';
import { TeamHistory } from './team-history';
import { TeamMetrics } from './team-metrics';
import { TeamSecret } from './team-secret';
import { registerSecret } from '../redact';
import { parseTeamUrl, TeamUrlError } from './team-url';

export interface TeamDatabaseInfo {
  configured: boolean;
  /** Set by IT's policy file: who set it (it cannot be changed or cleared in Settings). */
  lockedBy: string | null;
  /** Host and database name; never the user or password. */
  display: string | null;
  state: 'off' | 'connecting' | 'connected' | 'unreachable';
  message: string | null;
  /** Whether this login reads every desktop's calls (a supervisor's) or only its own (an agent's), as last seen; null until known. */
  readsTeam: boolean | null;
  /** This computer as the team knows it: the desktop id on its calls there, and its name. */
  thisDesktop: { id: string; name: string };
}

export interface TeamLinkDeps {
  dataDir: string;
  cipher: Cipher;
  local: LocalBudgets;
  desktopId: string;
  /** How this desktop is named to the team (desktop-name.ts). */
  desktopName: string;
  rateLimit: { limit: number; windowMs: number };
  /** Longest a LeadSquared request may be on the wire. */
  wireMs: number;
  db?: TeamDbOptions;
  /** The team database IT's policy file sets for every desktop, and who set it. */
  managed?: { url: string; by: string } | null;
  /** This computer's outbox, copied to the team database. */
  outbox: Db;
  describe: ReplicatorDeps['describe'];
  adoptFinal: ReplicatorDeps['adoptFinal'];
  postponeCheck: ReplicatorDeps['postponeCheck'];
  adopted: ReplicatorDeps['adopted'];
  /** At start: hold our followed calls until we know whether a watcher took them. */
  holdUntilAdopted(maxMs: number): void;
  /** For the orphan watcher's status checks. */
  connection: ConnectionResolver;
  client: LeadSquaredClient;
  schedule: CheckSchedule;
  /** Replication batch size and heartbeat; the watcher's rhythm (tests shrink them). */
  replication?: Pick<ReplicatorDeps, 'batchSize' | 'heartbeatMs' | 'afterBatchStored'>;
  watcher?: { everyMs?: number; staleMs?: number; leaseMs?: number };
  log?: (msg: string) => void;
}

/** How long a desktop cut off from its team database holds its own status checks (a watcher may have them). */
const HOLD_CHECKS_AT_MOST_MS = 15 * 60_000;

export const teamUrlInput = z.string({ error: 'Team database must be text' }).max(2000, 'Team database: the connection string is too long');

/** How long an import waits for the team database to say which of its calls other desktops logged. */
export const ELSEWHERE_WAIT_MS = 5000;

/** What the team database says of calls about to be saved here (TeamLink.loggedElsewhere). */
export interface ElsewhereCheck {
  check: 'checked' | 'off' | 'unavailable';
  /** CallSessionId → the desktop that logged it, and the call's state there. */
  found: Map<string, { desktop: string; state: EntryState }>;
}

/** How long saving the setting waits for the first connection, to say at once whether it works. */
const FIRST_CONNECT_WAIT_MS = 8000;

export class TeamLink implements BudgetProvider {
  private readonly secret: TeamSecret;
  private db: TeamDatabase | null = null;
  private replicator: Replicator | null = null;
  private watcher: OrphanWatcher | null = null;
  private history: TeamHistory | null = null;
  private readonly startedAt = Date.now();
  private readonly changeListeners = new Set<() => void>();
  private changeTimer: NodeJS.Timeout | null = null;
  private listening = false;
  private readonly budgets = new Map<string, TeamKeyBudget>();
  /** Counts set() and clear() calls, so a slow try of one string cannot overwrite a later change. */
  private changes = 0;
  private invalid: string | null = null;
  private readonly listeners = new Set<(info: TeamDatabaseInfo) => void>();
  /** LeadSquared's queue metrics, asked once for the floor. */
  readonly metrics: SharedMetrics = new TeamMetrics(() => this.db);

  constructor(private readonly d: TeamLinkDeps) {
    this.secret = new TeamSecret(d.dataDir, d.cipher);
  }

  /** Connects in the background if a team database is set; never blocks start-up. */
  open(): void {
    const url = this.d.managed?.url ?? this.secret.read();
    if (!url) return;
    try {
      this.connect(url);
      this.d.holdUntilAdopted(HOLD_CHECKS_AT_MOST_MS);
    } catch {
      // Unusable as saved: info() says why, and this computer paces itself.
    }
  }

  for(keyId: string): KeyBudget {
    const db = this.db;
    if (!db) return this.d.local.for(keyId);
    let b = this.budgets.get(keyId);
    if (!b) {
      b = new TeamKeyBudget({
        db,
        local: this.d.local.for(keyId),
        keyFp: keyId,
        desktopId: this.d.desktopId,
        limit: this.d.rateLimit.limit,
        windowMs: this.d.rateLimit.windowMs,
        marginMs: 10,
        wireMs: this.d.wireMs,
        log: this.d.log,
      });
      this.budgets.set(keyId, b);
    }
    return b;
  }

  info(): TeamDatabaseInfo {
    const lockedBy = this.d.managed?.by ?? null;
    const thisDesktop = { id: this.d.desktopId, name: this.d.desktopName };
    if (this.invalid) return { configured: true, lockedBy, display: null, state: 'unreachable', message: this.invalid, readsTeam: null, thisDesktop };
    if (!this.db) return { configured: false, lockedBy, display: null, state: 'off', message: null, readsTeam: null, thisDesktop };
    const s = this.db.status();
    return { configured: true, lockedBy, display: s.display, state: s.state, message: s.message, readsTeam: this.db.readsTeam, thisDesktop };
  }

  /** The team's history, or null with no team database. */
  teamHistory(): TeamHistory | null {
    return this.history;
  }

  /** Calls changed here: copy them. */
  localChanged(): void {
    this.replicator?.wake();
  }

  /** The team's history changed (any desktop), at most one call per 300 ms. */
  onTeamChanged(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * May this desktop check its own calls' status now? Not while a watcher
   * elsewhere may be following them: once the team database has not heard
   * from us for OWNER_GRACE_MS (a watcher waits longer still before it takes
   * a call), until we are back and have adopted what it learnt; at most
   * HOLD_CHECKS_AT_MOST_MS, so a database that never returns does not stop
   * tracking for good. (Calls from before this start wait for adoption too:
   * Adoption.holdUntilAdopted.)
   */
  statusChecksAllowed(now = Date.now()): boolean {
    const r = this.replicator;
    if (!r) return true;
    const silentFor = now - Math.max(r.lastHeardAt, this.startedAt);
    return silentFor < OWNER_GRACE_MS || silentFor > HOLD_CHECKS_AT_MOST_MS;
  }

  /**
   * Of these CallSessionIds (an account's calls about to be saved here), those
   * another desktop of the floor already logged, and where. `off`: no team
   * database to ask; `unavailable`: one is set but cannot tell now (an import
   * is then refused rather than risk sending those calls twice).
   */
  async loggedElsewhere(sessions: readonly string[]): Promise<ElsewhereCheck> {
    const db = this.db;
    if (!db && !this.invalid) return { check: 'off', found: new Map() };
    if (!db?.ready) return { check: 'unavailable', found: new Map() };
    if (sessions.length === 0) return { check: 'checked', found: new Map() };
    const asked = db.query<{ call_session_id: string; desktop_name: string; state: EntryState }>(
      'SELECT * FROM calllog.logged_elsewhere($1, $2, $3)',
      [this.d.describe().keyFp, this.d.desktopId, sessions],
    );
    try {
      const r = await beforeDeadline(asked, ELSEWHERE_WAIT_MS);
      if (!r) return { check: 'unavailable', found: new Map() };
      return { check: 'checked', found: new Map(r.value.rows.map((x) => [x.call_session_id, { desktop: x.desktop_name, state: x.state }])) };
    } catch (err) {
      this.d.log?.(`team database: cannot look for calls logged elsewhere: ${describePgError(err)}`);
      return { check: 'unavailable', found: new Map() };
    }
  }

  /** Calls and state changes not yet copied (null: no team database). */
  pendingReplication(): { calls: number; transitions: number } | null {
    return this.replicator?.pending() ?? null;
  }

  onChange(listener: (info: TeamDatabaseInfo) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Validates, then tries the string on a connection of its own, checked as the
   * health check checks (permissions, a writable server, the schema, this
   * desktop's login); only then stores it (encrypted) and switches to it. A
   * string that cannot serve throws why, in words for the field, and leaves the
   * setting as it was (connected, if it was).
   */
  async set(raw: unknown): Promise<TeamDatabaseInfo> {
    this.refuseIfManaged();
    const text = teamUrlInput.parse(raw).trim();
    const target = parseTeamUrl(text); // throws TeamUrlError in words for the field
    // From here on no log line or diagnostics archive can carry it, even if it is refused.
    registerSecret(typeof target.config.password === 'string' ? target.config.password : null);
    const change = ++this.changes;
    try {
      await probe(target, { desktopId: this.d.desktopId, statementTimeoutMs: this.d.db?.statementTimeoutMs });
    } catch (err) {
      const reason = describePgError(err);
      const kept = this.db || this.invalid ? 'Nothing was saved: the team database set before stays in use.' : 'Nothing was saved.';
      throw new TeamUrlError(`Team database: cannot use ${target.display}: ${reason}${/[.!?]$/.test(reason) ? '' : '.'} ${kept}`);
    }
    // Trying takes seconds: a later change (another string, or Clear) made meanwhile wins.
    if (change !== this.changes) throw new TeamUrlError('Team database: changed again while this one was being tried; nothing was saved from this attempt.');
    this.secret.write(text);
    await this.disconnect();
    const db = this.connect(text);
    await Promise.race([
      new Promise<void>((resolve) => db.events.once('status', () => resolve())),
      new Promise<void>((resolve) => setTimeout(resolve, FIRST_CONNECT_WAIT_MS).unref()),
    ]);
    return this.info();
  }

  async clear(): Promise<TeamDatabaseInfo> {
    this.refuseIfManaged();
    this.changes++;
    this.secret.clear();
    await this.disconnect();
    this.emit();
    return this.info();
  }

  /** The app is closing: unlike a change of setting, the floor is told this desktop is gone. */
  async close(): Promise<void> {
    const replicator = this.replicator;
    await replicator?.stop();
    await this.watcher?.stop();
    await replicator?.signOff();
    await this.disconnect();
  }

  private refuseIfManaged(): void {
    if (this.d.managed) throw new TeamUrlError(`Team database is set by ${this.d.managed.by} and cannot be changed here`);
  }

  private connect(url: string): TeamDatabase {
    this.invalid = null;
    let target;
    try {
      target = parseTeamUrl(url);
      // From here on no log line or diagnostics archive can carry it.
      registerSecret(typeof target.config.password === 'string' ? target.config.password : null);
    } catch (err) {
      // Stored by an older version under other rules: say so in Settings; this computer paces itself.
      this.invalid = err instanceof TeamUrlError ? err.message : 'Team database: the saved connection string cannot be used';
      throw err;
    }
    const db = new TeamDatabase(target, { log: this.d.log, desktopId: this.d.desktopId, ...this.d.db });
    db.events.on('status', (s: { state: string }) => {
      this.emit();
      if (s.state === 'connected') {
        this.replicator?.wake();
        void this.listen(db);
      }
    });
    this.db = db;
    this.history = new TeamHistory(db);
    this.replicator = new Replicator({
      outbox: this.d.outbox,
      db,
      desktopId: this.d.desktopId,
      describe: this.d.describe,
      adoptFinal: this.d.adoptFinal,
      postponeCheck: this.d.postponeCheck,
      adopted: this.d.adopted,
      log: this.d.log,
      ...this.d.replication,
    });
    this.watcher = new OrphanWatcher({
      db,
      desktopId: this.d.desktopId,
      connection: this.d.connection,
      budgets: this,
      client: this.d.client,
      schedule: this.d.schedule,
      log: this.d.log,
      ...this.d.watcher,
    });
    db.start();
    this.replicator.start();
    this.watcher.start();
    return db;
  }

  /** Live: a change on any desktop reaches this one within moments (LISTEN/NOTIFY). */
  private async listen(db: TeamDatabase): Promise<void> {
    if (this.listening) return; // still listening from before the database blinked
    this.listening = true;
    try {
      const session = await db.session();
      session.on('end', () => {
        this.listening = false;
      });
      session.on('notification', () => this.teamChanged());
      await session.query('LISTEN calllog_team');
      this.teamChanged(); // what changed while we were away
    } catch (err) {
      this.listening = false;
      this.d.log?.(`team database: cannot listen for changes: ${describePgError(err)}`);
    }
  }

  private teamChanged(): void {
    if (this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = null;
      for (const l of this.changeListeners) l();
    }, 300);
    this.changeTimer.unref();
  }

  private async disconnect(): Promise<void> {
    const db = this.db;
    this.db = null;
    this.history = null;
    this.invalid = null;
    this.listening = false;
    await this.replicator?.stop();
    await this.watcher?.stop();
    this.replicator = null;
    this.watcher = null;
    for (const b of this.budgets.values()) b.dispose();
    this.budgets.clear();
    await db?.close();
  }

  private emit(): void {
    const info = this.info();
    for (const l of this.listeners) l(info);
  }
}
