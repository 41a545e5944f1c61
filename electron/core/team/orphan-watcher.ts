// No call is left unwatched: a call still accepted or In-Queue whose desktop
// has gone away (shut down at the end of a shift) is followed by one other
// online desktop, chosen by a session advisory lock in the team database (the
// server frees it the moment that desktop's connection goes, and only that
// connection may claim). Each call it checks is leased to it in the database
// and renewed right before every request, which fails once the owner is back,
// so no RequestID is checked by two desktops at once; every check takes a slot
// from the shared budget. The outcome is recorded for the team, and the owner
// adopts it when it is back.
import type pg from 'pg';
import { settle, type BudgetProvider } from '../budget/budgets';
import type { ConnectionResolver } from '../connection';
import type { LeadSquaredClient } from '../leadsquared/client';
import { laterCheckDelay, type CheckSchedule } from '../status/schedule';
import { WATCHER_LEASE_MS, WATCHER_STALE_MS } from './replicator';
import { describePgError, type TeamDatabase } from './team-db';

export interface WatcherDeps {
  db: TeamDatabase;
  desktopId: string;
  connection: ConnectionResolver;
  budgets: BudgetProvider;
  client: LeadSquaredClient;
  schedule: CheckSchedule;
  log?: (msg: string) => void;
  /** Between two looks for orphaned calls. */
  everyMs?: number;
  /** How long a desktop must be silent before its calls are followed. */
  staleMs?: number;
  /** How long a claimed call stays ours to check. */
  leaseMs?: number;
}

export class OrphanWatcher {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private session: pg.Client | null = null;
  private lockedKey: string | null = null;
  private busy: Promise<void> | null = null;

  constructor(private readonly d: WatcherDeps) {}

  /** This desktop holds the watcher's lock (for tests and Settings). */
  get watching(): boolean {
    return this.lockedKey !== null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.busy?.catch(() => undefined);
    await this.release();
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.busy = this.round().finally(() => {
        this.busy = null;
        this.schedule(this.d.everyMs ?? 15_000);
      });
    }, ms);
    this.timer.unref();
  }

  private async release(): Promise<void> {
    const s = this.session;
    this.session = null;
    this.lockedKey = null;
    await s?.end().catch(() => undefined);
  }

  private async round(): Promise<void> {
    const conn = this.d.connection.current();
    if (!this.d.db.ready || conn.kind !== 'ready') return this.release();
    try {
      if (!(await this.holdLock(conn.key.id))) return;
      // On the connection that holds the lock: the database lets only its holder claim.
      const claimed = await this.session!.query<{ desktop_id: string; id: string; request_id: string; watch_checks: number }>(
        'SELECT desktop_id, id, request_id, watch_checks FROM calllog.claim_orphans($1, $2, $3, $4, $5)',
        [conn.key.id, this.d.desktopId, this.staleMs, this.leaseMs, 10],
      );
      for (const c of claimed.rows) await this.check(conn.key.id, c.desktop_id, Number(c.id), c.request_id, c.watch_checks);
    } catch (err) {
      this.d.log?.(`orphan watcher: ${describePgError(err)}`);
      if (this.session && !this.d.db.ready) await this.release();
    }
  }

  private get staleMs(): number {
    return this.d.staleMs ?? WATCHER_STALE_MS;
  }

  private get leaseMs(): number {
    return this.d.leaseMs ?? WATCHER_LEASE_MS;
  }

  /** One desktop at a time per key: the lock lives as long as our session connection. */
  private async holdLock(keyFp: string): Promise<boolean> {
    if (this.lockedKey === keyFp && this.session) return true;
    await this.release();
    const session = await this.d.db.session();
    session.on('end', () => {
      if (this.session === session) {
        this.session = null;
        this.lockedKey = null;
      }
    });
    const r = await session.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended('calllog.watcher.v3:' || $1, 0)) AS ok`, [keyFp]);
    if (!r.rows[0]?.ok) {
      await session.end().catch(() => undefined);
      return false;
    }
    this.session = session;
    this.lockedKey = keyFp;
    return true;
  }

  private async check(keyFp: string, desktopId: string, id: number, requestId: string, checksBefore: number): Promise<void> {
    const conn = this.d.connection.current();
    if (conn.kind !== 'ready' || conn.key.id !== keyFp) return;
    // The slot may take a while (status checks yield to agents' calls across the floor):
    // by then the lease may have run out or the owner be back, so the call is renewed
    // right before the request, or left alone.
    const permit = await this.d.budgets.for(keyFp).acquire('status');
    const session = this.session;
    const renewed = session
      ? await session
          .query<{ ok: boolean }>('SELECT calllog.renew_watch($1, $2, $3, $4, $5, $6) AS ok', [keyFp, this.d.desktopId, desktopId, id, this.staleMs, this.leaseMs])
          .then((r) => r.rows[0]?.ok === true)
          .catch((err: Error) => {
            permit.cancel();
            throw err;
          })
      : false;
    if (!renewed) {
      permit.cancel();
      return;
    }
    const out = await this.d.client.status(conn.endpoints, conn.key, requestId);
    settle(permit, out);
    const checks = checksBefore + 1;
    let final: string | null = null;
    let reason: string | null = null;
    let nextMs = laterCheckDelay(this.d.schedule, checks);
    if (out.kind === 'ok' && out.task.final) {
      final = out.task.final;
      reason = out.task.statusReason || null;
    } else if (out.kind === 'retry') {
      nextMs = Math.max(out.retryAfterMs ?? 0, 30_000);
    }
    // With the RequestID checked: the call may have been sent again meanwhile, and this outcome is not the new one's.
    await session!.query('SELECT calllog.record_watch($1, $2, $3, $4, $5, $6, $7, $8)', [keyFp, this.d.desktopId, desktopId, id, requestId, final, reason, nextMs]);
    this.d.log?.(`orphan watcher: ${desktopId}/${id} ${final ?? (out.kind === 'ok' ? out.task.status : out.kind)}`);
  }
}
