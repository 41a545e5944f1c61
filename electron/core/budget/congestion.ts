// How much of a key this computer may use when others may share it, learned
// from LeadSquared's answers alone (no coordination): the politeness every
// desktop has, with or without a team database.
//
// The model is slots, not a rate. A strict server admits 25 requests per
// sliding 5 s, so a window holds 25 slots and each frees exactly a window
// after it was taken. After a 429 a desktop keeps the slots it was admitted in
// the last window (its share of a full window) and reuses each one as it
// frees: when every desktop does that, the floor sits at the limit and nobody
// collides. Growth is a probe for one slot more, now and then: a success means
// capacity was free (probe again soon), a 429 means the floor is full (probe
// less often, the less the more desktops seem to share the key). So a crowded
// floor makes about one 429 per probe interval, not a storm, and slots a
// finished desktop left behind are found within seconds.
import type { RateLimit } from './types';

export interface CongestionOptions {
  /** Slots bulk work (import, catch-up) leaves free for other desktops' agents... */
  bulkReserve: number;
  /** ...and while the key is busy. */
  bulkBusyReserve: number;
  /** Bulk work reuses a slot up to this much later than it could, so others can take it. */
  bulkYieldMs: number;
  /** Between two probes while the floor is full, per desktop we seem to share the key with. */
  probeIntervalPerSharerMs: number;
  /** The key counts as busy (and the agent is told) this long after a 429. */
  busyMs: number;
  /** The least share, in slots per window (below 1: one request every 1/share windows). */
  minSlots: number;
  /** A 429 cuts us to what we were admitted in the last window; an agent's call with no more than this many waiting still has this many. */
  keepSlots: number;
  /** Failed probes double the wait up to 2^this times. */
  maxProbeBackoff: number;
}

/**
 * What kind of work asks: an agent's call from a desktop with few waiting
 * (`call`: it keeps room whatever the floor), bulk work (import, catch-up:
 * yields), or anything else (agents' calls in a backlog, status checks, metrics).
 */
export type Work = 'call' | 'bulk' | 'regular';

export const DEFAULT_CONGESTION: CongestionOptions = {
  bulkReserve: 1,
  bulkBusyReserve: 4,
  bulkYieldMs: 250,
  probeIntervalPerSharerMs: 3000,
  busyMs: 30_000,
  minSlots: 0.2,
  maxProbeBackoff: 2,
  keepSlots: 2,
};

export class Congestion {
  /** Slots per window this computer allows itself. */
  slots: number;
  private lastCutAt = -Infinity;
  private lastLimitedAt = -Infinity;
  private nextProbeAt = 0;
  /** Probes that met a full window since the last success: each doubles the wait, up to maxProbeBackoff. */
  private failedProbes = 0;

  get keepSlots(): number {
    return this.o.keepSlots;
  }

  get busyMs(): number {
    return this.o.busyMs;
  }

  get bulkYieldMs(): number {
    return this.o.bulkYieldMs;
  }

  constructor(
    private readonly limit: RateLimit,
    private readonly o: CongestionOptions,
    private readonly random: () => number = Math.random,
  ) {
    this.slots = limit.limit;
  }

  /** A 429 was seen recently: the key is shared and busy. */
  busy(now: number): boolean {
    return now - this.lastLimitedAt < this.o.busyMs;
  }

  /** Slots this kind of work may hold in a window. */
  share(work: Work, now: number): number {
    // A light user's share of a crowded floor says little (and a status check's cut
    // would leave its agent's next call waiting windows): it keeps room for its calls.
    if (work === 'call') return Math.max(this.slots, this.o.keepSlots);
    if (work === 'regular') return this.slots;
    const reserve = this.busy(now) ? this.o.bulkBusyReserve : this.o.bulkReserve;
    return Math.max(this.o.minSlots, this.slots - reserve);
  }

  /**
   * Least time between two of our grants. Holding slots already paces us at
   * our share, each reused as it frees; this only stops a burst (a window's
   * worth goes out over half a window) and, below one slot, spaces requests
   * one every 1/share windows.
   */
  gapMs(work: Work, now: number): number {
    const s = this.share(work, now);
    return s >= 1 ? this.limit.windowMs / (2 * this.limit.limit) : (this.limit.windowMs / s) * (0.5 + this.random());
  }

  /** When a request beyond our share may go, to learn whether more capacity is free. */
  nextProbe(): number {
    return this.slots < this.limit.limit ? this.nextProbeAt : Infinity;
  }

  probed(now: number): void {
    this.nextProbeAt = now + this.probeInterval();
  }

  /**
   * About one probe per interval for the whole floor: each desktop waits that
   * long for every desktop it seems to share with (the limit over its share),
   * at a random point so the floor's probes do not line up.
   */
  private probeInterval(): number {
    const sharers = this.limit.limit / Math.max(1, this.slots);
    const backoff = 2 ** Math.min(this.failedProbes, this.o.maxProbeBackoff);
    return this.o.probeIntervalPerSharerMs * sharers * backoff * (0.5 + this.random());
  }

  /** Told (not learned) that the key is shared: keep `held` slots, probe for more later. */
  assumeShare(now: number, held: number): void {
    this.slots = Math.max(this.o.keepSlots, Math.min(this.limit.limit, held));
    this.lastLimitedAt = now;
    this.lastCutAt = now;
    this.nextProbeAt = now + this.probeInterval();
  }

  /** LeadSquared asked us to come back later (Retry-After): no probe before then. */
  holdProbesUntil(at: number): void {
    this.nextProbeAt = Math.max(this.nextProbeAt, at);
  }

  /** LeadSquared took a request; `probe`: it was beyond our share. */
  ok(probe: boolean): void {
    if (!probe) return;
    this.slots = Math.min(this.limit.limit, this.slots < 1 ? this.slots * 2 : this.slots + 1);
    // Capacity was free: look for more straight away.
    this.failedProbes = 0;
    this.nextProbeAt = 0;
  }

  /**
   * LeadSquared answered 429 to a request granted at `grantedAt`. `admitted`:
   * our requests it took in the last window, i.e. our share of a full window.
   */
  rateLimited(now: number, grantedAt: number, admitted: number, probe: boolean, work: Work): void {
    this.lastLimitedAt = now;
    if (probe) this.failedProbes++;
    this.nextProbeAt = now + this.probeInterval();
    if (probe || grantedAt <= this.lastCutAt) return; // a probe, or sent before our last cut: not news
    // Down to what we got of a full window; below one slot, halve (a floor of many desktops).
    const fewer = this.slots <= 1 ? this.slots / 2 : this.slots - (work === 'bulk' ? 2 : 1);
    // Status checks cut like anything else (an agent's call keeps its room through
    // share()): fifty desktops each keeping room to check their calls would crowd the key.
    this.slots = Math.max(this.o.minSlots, Math.min(fewer, admitted));
    this.lastCutAt = now;
    this.nextProbeAt = now + this.probeInterval();
  }
}
