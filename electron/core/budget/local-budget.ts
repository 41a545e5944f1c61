// This computer's own budget for one key: LeadSquared's 25 per 5 s as a strict
// ceiling, and below it the rate congestion control allows while others share
// the key. Sends are spread out, never fired in a burst.
//
// A strict server counts a request when it *arrives*, which we cannot see. We
// only know it arrived between dispatch and response. So a slot is held from
// dispatch until the response and for a whole window after that: the next
// request then arrives at least a window after the previous one could have,
// and a strict sliding-window server never sees 26 in 5 s from us. The cost is
// one round-trip per window, about 1% on loopback.
import { Congestion, DEFAULT_CONGESTION, type CongestionOptions, type Work } from './congestion';
import { systemClock, type BudgetState, type Clock, type KeyBudget, type Permit, type Priority, type RateLimit } from './types';
import { WaitQueue, type Waiter } from './wait-queue';

export interface LocalBudgetOptions extends Partial<RateLimit> {
  /** Added to every window to absorb timer and clock granularity. */
  marginMs?: number;
  congestion?: Partial<CongestionOptions>;
  clock?: Clock;
  random?: () => number;
}

const isCall = (p: Priority) => p === 'agent' || p === 'interactive';

export class LocalBudget implements KeyBudget {
  readonly limit: number;
  readonly windowMs: number;
  private readonly marginMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  readonly congestion: Congestion;
  /** End times of held slots; Infinity while the request is on the wire. */
  private readonly slots = new Set<{ end: number; admitted: boolean; yieldMs: number; team: boolean }>();
  private readonly waiters = new WaitQueue();
  private pausedUntil = 0;
  private lastGrantAt = -Infinity;
  /** LeadSquared has answered one of our requests (with anything). */
  private answered = false;
  /** When an agent's calls last had more than a few waiting. */
  private heavyAt = -Infinity;
  private timer: { cancel(): void } | null = null;

  constructor(opts: LocalBudgetOptions = {}) {
    this.limit = opts.limit ?? 25;
    this.windowMs = opts.windowMs ?? 5000;
    this.marginMs = opts.marginMs ?? 10;
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.congestion = new Congestion({ limit: this.limit, windowMs: this.windowMs }, { ...DEFAULT_CONGESTION, ...opts.congestion }, this.random);
  }

  acquire(priority: Priority, signal?: AbortSignal, backlog = 1): Promise<Permit> {
    if (isCall(priority) && backlog > this.congestion.keepSlots) this.heavyAt = this.clock.now();
    return this.waiters.add(priority, signal, backlog, () => this.pump());
  }

  /** Someone told us to hold off (a 429 elsewhere, a team-wide pause): no grants before `until`. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.pump();
  }

  /**
   * A slot the team budget gave us: counted in our own window too, so that if
   * the team database goes away we know what we hold and carry on from there.
   */
  track(): Permit {
    const now = this.clock.now();
    return this.grant(now, null, false, this.lastGrantAt, true);
  }

  /** The team database went away: the floor is as busy as it was, so keep to what we had of it. */
  assumeShared(): void {
    const now = this.clock.now();
    this.prune(now);
    let admitted = 0;
    for (const s of this.slots) if (s.admitted || s.end === Infinity) admitted++;
    this.congestion.assumeShare(now, admitted);
    this.pump();
  }

  /** How long each slot we took on our own still counts (a request on the wire: `wireMs` plus a window). */
  heldFor(wireMs: number): number[] {
    const now = this.clock.now();
    this.prune(now);
    return [...this.slots].filter((s) => !s.team).map((s) =>
      s.end === Infinity ? wireMs + this.windowMs + this.marginMs : s.end + s.yieldMs + this.windowMs + this.marginMs - now,
    );
  }

  /** Slots currently counted against the window (for tests and metrics). */
  inUse(now = this.clock.now()): number {
    this.prune(now);
    return this.slots.size;
  }

  /** Takes every waiter out (back to the team budget, which then grants them). */
  takeWaiters(): ReturnType<WaitQueue['drain']> {
    return this.waiters.drain();
  }

  get waiting(): number {
    return this.waiters.length;
  }

  state(): BudgetState {
    const now = this.clock.now();
    return {
      source: 'local',
      slowed: this.congestion.busy(now) && this.congestion.slots < this.limit,
      rate: Math.round(this.congestion.slots * 10) / 10,
      limit: this.limit,
      windowMs: this.windowMs,
      waiting: this.waiters.length,
    };
  }

  private prune(now: number): void {
    for (const s of this.slots) if (s.end + s.yieldMs + this.windowMs + this.marginMs <= now) this.slots.delete(s);
  }

  /**
   * When the head waiter may go (Infinity: when a request on the wire
   * finishes) and whether it would go beyond our share, as a probe.
   */
  private readyAt(now: number, head: Waiter): { at: number; probe: boolean } {
    // Until LeadSquared has answered us once, one request at a time: a floor starting
    // together (or a slow answer) would otherwise put four per desktop into a full window.
    if (!this.answered) for (const s of this.slots) if (s.end === Infinity) return { at: Infinity, probe: false };
    const work = this.work(head, now);
    const paced = this.lastGrantAt + this.congestion.gapMs(work, now);
    let regular = paced;
    if (this.slots.size >= this.limit || this.slots.size >= this.congestion.share(work, now)) {
      // Our share (or the whole limit) is held: the next grant waits for our oldest slot to free.
      let free = Infinity;
      for (const s of this.slots) free = Math.min(free, s.end + s.yieldMs);
      regular = Math.max(paced, free + this.windowMs + this.marginMs);
    }
    // ...or goes beyond our share, as a probe for free capacity.
    const probe = this.slots.size < this.limit ? Math.max(this.congestion.nextProbe(), this.lastGrantAt + this.congestion.gapMs('regular', now) / 2) : Infinity;
    return probe < regular ? { at: Math.max(this.pausedUntil, probe), probe: true } : { at: Math.max(this.pausedUntil, regular), probe: false };
  }

  private pump(): void {
    this.timer?.cancel();
    this.timer = null;
    for (;;) {
      const head = this.waiters.head();
      if (!head) return;
      const now = this.clock.now();
      this.prune(now);
      const { at, probe } = this.readyAt(now, head);
      if (at > now) {
        if (at !== Infinity) this.timer = this.clock.setTimeout(() => this.pump(), at - now);
        return;
      }
      const before = this.lastGrantAt;
      this.lastGrantAt = now;
      if (probe) this.congestion.probed(now);
      this.waiters.grant(head, this.grant(now, head, probe, before));
    }
  }

  /**
   * An agent's call from a light user (few calls waiting, and none of a longer
   * backlog lately) keeps room; a desktop draining a backlog does not, or a floor
   * of them each keeping room for its last calls would crowd the key.
   */
  private work(w: Waiter, now: number): Work {
    if (w.priority === 'bulk') return 'bulk';
    return isCall(w.priority) && w.backlog <= this.congestion.keepSlots && !this.heavy(now) ? 'call' : 'regular';
  }

  private heavy(now: number): boolean {
    return now - this.heavyAt < this.congestion.busyMs;
  }

  private grant(grantedAt: number, asker: Waiter | null, probe: boolean, lastGrantBefore: number, team = false): Permit {
    const work = asker ? this.work(asker, grantedAt) : 'regular';
    const bulk = work === 'bulk';
    // Bulk work reuses a slot a moment late, so an agent elsewhere can take it
    // (and our next bulk request then meets a 429 and yields for good).
    const slot = { end: Infinity, admitted: false, yieldMs: bulk ? this.random() * this.congestion.bulkYieldMs : 0, team };
    this.slots.add(slot);
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      this.pump();
    };
    return {
      done: () =>
        settle(() => {
          this.answered = true;
          slot.end = this.clock.now();
          slot.admitted = true;
          this.congestion.ok(probe);
        }),
      rateLimited: (retryAfterMs) =>
        settle(() => {
          // Refused, so it holds no place in the server's window.
          this.answered = true;
          this.slots.delete(slot);
          const now = this.clock.now();
          let admitted = 0;
          for (const s of this.slots) if (s.admitted && s.end + this.windowMs > now) admitted++;
          this.congestion.rateLimited(now, grantedAt, admitted, probe, work);
          // Honour Retry-After for what goes beyond our share (probes); our own slots
          // stay ours, and the refused request itself waits it out in the outbox.
          this.congestion.holdProbesUntil(now + (retryAfterMs ?? 0));
        }),
      cancel: () =>
        settle(() => {
          // Nothing was sent: neither the slot nor the spacing is spent.
          this.slots.delete(slot);
          if (this.lastGrantAt === grantedAt) this.lastGrantAt = lastGrantBefore;
        }),
    };
  }
}
