// The floor's one budget: every LeadSquared request from any desktop on the
// same key first takes a slot from the team database (a strict sliding window
// of 25 per 5 s, timed by the database's clock), in the floor's order: calls an
// agent just logged, then status checks, then import and catch-up. When the
// database is away, this desktop falls back to its own budget (congestion
// control) at once, keeping to the share it had, and says so.
import { FLEET_CLASS, type BudgetState, type KeyBudget, type Permit, type Priority } from '../budget/types';
import { WaitQueue } from '../budget/wait-queue';
import type { LocalBudget } from '../budget/local-budget';
import { describePgError, type TeamDatabase } from './team-db';

export interface TeamBudgetDeps {
  db: TeamDatabase;
  local: LocalBudget;
  keyFp: string;
  desktopId: string;
  limit: number;
  windowMs: number;
  /** Added to the window: timer and clock granularity. */
  marginMs: number;
  /** Longest a request may be on the wire: a desktop that dies mid-request frees its slot after this plus a window. */
  wireMs: number;
  log?: (msg: string) => void;
}

/** The longest wire time take_slot accepts (a slot whose answer never came frees after this plus a window). */
const MAX_WIRE_MS = 120_000;

/** take_slot failing this many times in a row sends this desktop back to its own budget. */
const FAILURES_BEFORE_FALLBACK = 5;

/** The agent is told sending is slowed once its oldest request waited this long for the floor. */
const SLOWED_AFTER_MS = 2000;

export class TeamKeyBudget implements KeyBudget {
  private readonly waiters = new WaitQueue();
  private pumping = false;
  private wake: (() => void) | null = null;
  /** Something changed (a new waiter) since the loop last looked: do not sleep on it. */
  private kicked = false;
  private readonly offStatus: () => void;
  /** take_slot failures in a row. */
  private failures = 0;
  /** Back from the database being away: the floor learns our own slots before we take its. */
  private handingOver: Promise<void> | null = null;
  /** The team database was set aside (cleared, replaced, the app stopping): this budget serves no more. */
  private disposed = false;

  constructor(private readonly d: TeamBudgetDeps) {
    const onStatus = (s: { state: string }) => {
      if (s.state === 'unreachable') d.local.assumeShared();
      if (s.state === 'connected') {
        this.handingOver ??= this.handOver()
          .catch((err: unknown) => this.d.log?.(`team budget: ${describePgError(err)}`))
          .finally(() => {
            this.handingOver = null;
            this.kick();
          });
      }
      this.kick();
    };
    d.db.events.on('status', onStatus);
    this.offStatus = () => d.db.events.off('status', onStatus);
  }

  dispose(): void {
    this.disposed = true;
    this.offStatus();
    this.toLocal();
  }

  acquire(priority: Priority, signal?: AbortSignal, backlog = 1): Promise<Permit> {
    // The database is away: our own budget, at once. Saving never waits on it either.
    if (this.disposed || !this.d.db.ready) return this.d.local.acquire(priority, signal, backlog);
    return this.waiters.add(priority, signal, backlog, () => this.kick());
  }

  state(): BudgetState {
    if (!this.d.db.ready) return { ...this.d.local.state(), source: 'team-unreachable' };
    const oldest = this.waiters.all().reduce((m, w) => Math.min(m, w.since), Infinity);
    return {
      source: 'team',
      slowed: Date.now() - oldest > SLOWED_AFTER_MS,
      rate: this.d.limit,
      limit: this.d.limit,
      windowMs: this.d.windowMs,
      waiting: this.waiters.length + this.d.local.waiting,
    };
  }

  private kick(): void {
    this.kicked = true;
    this.wake?.();
    if (this.pumping || this.handingOver) return;
    this.pumping = true;
    void this.pump().finally(() => {
      this.pumping = false;
      if (this.waiters.length > 0) this.kick();
    });
  }

  private async pump(): Promise<void> {
    while (this.waiters.length > 0) {
      if (this.disposed || !this.d.db.ready) return this.toLocal();
      this.kicked = false;
      const head = this.waiters.head()!;
      const cls = FLEET_CLASS[head.priority];
      // What this desktop has waiting per class: a sender's one waiter stands for its whole backlog,
      // so others see the demand between two of its grants too.
      const waiting = [0, 0, 0];
      for (const w of this.waiters.all()) waiting[FLEET_CLASS[w.priority]]! += Math.max(1, w.backlog);
      let slot: string | null = null;
      let waitMs = 0;
      try {
        const r = await this.d.db.query<{ slot_id: string | null; wait_ms: number }>(
          'SELECT slot_id, wait_ms FROM calllog.take_slot($1, $2, $3, $4, $5, $6, $7, $8)',
          // Spacing: a window's worth over half a window, as each desktop spreads its own.
          [this.d.keyFp, this.d.desktopId, cls, waiting, this.d.limit, this.d.windowMs + this.d.marginMs, Math.min(this.d.wireMs, MAX_WIRE_MS), Math.floor(this.d.windowMs / (2 * this.d.limit))],
        );
        slot = r.rows[0]?.slot_id ?? null;
        waitMs = r.rows[0]?.wait_ms ?? 100;
        this.failures = 0;
      } catch (err) {
        this.d.log?.(`team budget: ${describePgError(err)}`);
        waitMs = 200; // the database is now marked away (and the loop falls back), or it was a passing error
        // A refusal that will not pass by itself (a permission missing) or one that keeps coming:
        // calls must not wait on it, so the database counts as away and this desktop falls back.
        if ((err as { code?: string }).code === '42501' || ++this.failures >= FAILURES_BEFORE_FALLBACK) {
          this.failures = 0;
          this.d.db.unusable(err);
        }
      }
      if (slot !== null) {
        // Given up while we asked (the engine is stopping): the slot goes back.
        if (this.waiters.has(head)) this.waiters.grant(head, this.permit(slot));
        else this.call('SELECT calllog.release_slot($1)', [slot]);
        continue;
      }
      await this.sleep(Math.min(1000, Math.max(5, waitMs)));
    }
  }

  private sleep(ms: number): Promise<void> {
    // A waiter that came while we were asking the database must not wait out this sleep.
    if (this.kicked) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wake = null;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private permit(slot: string): Permit {
    const mirror = this.d.local.track();
    const window = this.d.windowMs + this.d.marginMs;
    // Settled once: the sender settles with what LeadSquared said, and its loop settles again when the job ends.
    let settled = false;
    const once = (f: () => void) => () => {
      if (settled) return;
      settled = true;
      f();
    };
    return {
      done: once(() => {
        mirror.done();
        this.call('SELECT calllog.finish_slot($1, $2)', [slot, window]);
      }),
      rateLimited: (retryAfterMs) =>
        once(() => {
          mirror.rateLimited(retryAfterMs);
          this.call('SELECT calllog.refuse_slot($1, $2, $3)', [slot, retryAfterMs ?? this.d.windowMs, window]);
        })(),
      cancel: once(() => {
        mirror.cancel();
        this.call('SELECT calllog.release_slot($1)', [slot]);
      }),
    };
  }

  /** Fire and forget: if the database is away, the slot simply runs out on its own. */
  private call(sql: string, params: unknown[]): void {
    this.d.db.query(sql, params).catch((err: unknown) => this.d.log?.(`team budget: ${describePgError(err)}`));
  }

  /** The database is away: every waiter goes to this computer's own budget. */
  private toLocal(): void {
    for (const { waiter: w, resolve, reject } of this.waiters.drain()) this.d.local.acquire(w.priority, w.signal, w.backlog).then(resolve, reject);
  }

  /**
   * Back on the team budget: the floor first learns the slots we took on our own
   * meanwhile (so nobody is granted them twice), then what still waits on our own
   * budget comes back to the floor's queue instead of going out beside it.
   */
  private async handOver(): Promise<void> {
    // Taken out first, so our own budget grants nothing more while the floor is told what it granted.
    const waiting = this.d.local.takeWaiters();
    let told = true;
    const held = this.d.local.heldFor(this.d.wireMs).filter((ms) => ms > 0).map(Math.ceil);
    if (held.length > 0) {
      await this.d.db.query('SELECT calllog.hold_slots($1, $2, $3)', [this.d.keyFp, this.d.desktopId, held]).catch((err: unknown) => {
        told = false;
        this.d.log?.(`team budget: ${describePgError(err)}`);
      });
    }
    // Away again, or set aside meanwhile, or the floor never heard of our slots: they stay on our own budget.
    const back = told && !this.disposed && this.d.db.ready;
    for (const { waiter: w, resolve, reject } of waiting) {
      (back ? this.waiters.add(w.priority, w.signal, w.backlog, () => this.kick()) : this.d.local.acquire(w.priority, w.signal, w.backlog)).then(resolve, reject);
    }
  }
}
