// One budget of LeadSquared calls per API key: 25 per 5 s, shared by submits,
// status checks and metrics.
//
// A strict server counts a request when it *arrives*, which we cannot see. We
// only know it arrived between dispatch and response. So a slot is held from
// dispatch until the response and for a whole window after that: the next
// request then arrives at least a window after the previous one could have,
// and a strict sliding-window server never sees 26 in 5 s. The cost is one
// round-trip per window, about 1% on loopback.

export type Priority = 'interactive' | 'submit' | 'metrics' | 'status';
const RANK: Record<Priority, number> = { interactive: 0, submit: 1, metrics: 2, status: 3 };

export interface Permit {
  /** The request finished (answered or failed): the slot expires a window from now. */
  done(): void;
  /** Nothing was sent: give the slot back at once. */
  cancel(): void;
}

export interface RateBudgetOptions {
  limit?: number;
  windowMs?: number;
  /** Added to every window to absorb timer and clock granularity. */
  marginMs?: number;
}

interface Waiter {
  rank: number;
  seq: number;
  resolve: (p: Permit) => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export class RateBudget {
  readonly limit: number;
  readonly windowMs: number;
  private readonly marginMs: number;
  /** End times of held slots; Infinity while the request is on the wire. */
  private readonly slots = new Set<{ end: number }>();
  private readonly waiters: Waiter[] = [];
  private seq = 0;
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(opts: RateBudgetOptions = {}) {
    this.limit = opts.limit ?? 25;
    this.windowMs = opts.windowMs ?? 5000;
    this.marginMs = opts.marginMs ?? 10;
  }

  acquire(priority: Priority, signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Permit>((resolve, reject) => {
      const w: Waiter = { rank: RANK[priority], seq: this.seq++, resolve, reject, signal, onAbort: undefined };
      if (signal) {
        w.onAbort = () => {
          const i = this.waiters.indexOf(w);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.waiters.push(w);
      this.waiters.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
      this.pump();
    });
  }

  /** The server said 429: whoever else shares the key used the budget; hold off. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    this.pump();
  }

  /** Slots currently counted against the window (for tests and metrics). */
  inUse(now = Date.now()): number {
    this.prune(now);
    return this.slots.size;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  private prune(now: number): void {
    for (const s of this.slots) if (s.end + this.windowMs + this.marginMs <= now) this.slots.delete(s);
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const now = Date.now();
    this.prune(now);
    while (this.waiters.length > 0 && now >= this.pausedUntil && this.slots.size < this.limit) {
      const w = this.waiters.shift()!;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      w.resolve(this.grant());
    }
    if (this.waiters.length === 0) return;
    let wakeAt = this.pausedUntil > now ? this.pausedUntil : 0;
    if (this.slots.size >= this.limit) {
      // Wake when the oldest finished slot leaves the window; slots still on the
      // wire wake us through done()/cancel().
      let oldest = Infinity;
      for (const s of this.slots) oldest = Math.min(oldest, s.end);
      if (oldest !== Infinity) wakeAt = Math.max(wakeAt, oldest + this.windowMs + this.marginMs);
    }
    if (wakeAt > 0) {
      this.timer = setTimeout(() => this.pump(), Math.max(0, wakeAt - now));
      this.timer.unref?.();
    }
  }

  private grant(): Permit {
    const slot = { end: Infinity };
    this.slots.add(slot);
    let settled = false;
    return {
      done: () => {
        if (settled) return;
        settled = true;
        slot.end = Date.now();
        this.pump();
      },
      cancel: () => {
        if (settled) return;
        settled = true;
        this.slots.delete(slot);
        this.pump();
      },
    };
  }
}

/** One budget per key id, created on first use. */
export class RateBudgets {
  private readonly budgets = new Map<string, RateBudget>();
  constructor(private readonly opts: RateBudgetOptions = {}) {}

  for(keyId: string): RateBudget {
    let b = this.budgets.get(keyId);
    if (!b) {
      b = new RateBudget(this.opts);
      this.budgets.set(keyId, b);
    }
    return b;
  }
}
