// What the sender, the status tracker and the queue metrics ask of a budget,
// whichever one it is: this computer's own (congestion control) or the team
// database's (one shared window for the whole floor).

/** Who is asking. Lower rank goes first on this computer. */
export type Priority = 'interactive' | 'agent' | 'metrics' | 'status' | 'bulk';
export const RANK: Record<Priority, number> = { interactive: 0, agent: 1, metrics: 2, status: 3, bulk: 4 };

/**
 * The same order across the floor (team budget): calls an agent just logged
 * (and a Settings test), then status checks and metrics, then import and catch-up.
 */
export type FleetClass = 0 | 1 | 2;
export const FLEET_CLASS: Record<Priority, FleetClass> = { interactive: 0, agent: 0, metrics: 1, status: 1, bulk: 2 };

export interface Permit {
  /** The request finished (answered with anything but 429, or failed): the slot runs out a window from now. */
  done(): void;
  /** LeadSquared answered 429: someone else spends this key too. */
  rateLimited(retryAfterMs: number | null): void;
  /** Nothing was sent: give the slot back at once. */
  cancel(): void;
}

export type BudgetSource = 'local' | 'team' | 'team-unreachable';

export interface BudgetState {
  source: BudgetSource;
  /** Sends are held back because the key is busy (others on the floor use it). */
  slowed: boolean;
  /** Requests this computer may send per window right now (the limit when alone). */
  rate: number;
  limit: number;
  windowMs: number;
  /** Requests waiting for a slot on this computer. */
  waiting: number;
}

export interface KeyBudget {
  /** `backlog`: requests the asker has waiting (a light user keeps room for a call after a 429). */
  acquire(priority: Priority, signal?: AbortSignal, backlog?: number): Promise<Permit>;
  state(): BudgetState;
}

/** Time, injectable so the congestion control can be studied in virtual time. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

export interface RateLimit {
  limit: number;
  windowMs: number;
}
