// LeadSquared's view of its call-log queue, fetched at most once per interval
// and only while something is being tracked, so it costs almost nothing of the
// shared budget.
import type { ParsedMetrics } from '../../../shared/leadsquared';
import type { ConnectionResolver } from '../connection';
import type { LeadSquaredClient, Outcome } from '../leadsquared/client';
import { settle, type BudgetProvider } from '../budget/budgets';
import type { Priority } from '../budget/types';

export interface MetricsSnapshot {
  metrics: ParsedMetrics;
  at: number;
}

/** Somewhere the floor shares one snapshot (the team database), so each desktop need not ask LeadSquared. */
export interface SharedMetrics {
  /**
   * A snapshot of this key's queue no older than `maxAgeMs`; 'pending' when
   * another desktop is asking LeadSquared right now; null when this desktop
   * should ask (none fresh, or the floor's store is unreachable).
   */
  read(keyId: string, maxAgeMs: number): Promise<MetricsSnapshot | 'pending' | null>;
  write(keyId: string, metrics: ParsedMetrics): void;
}

/** How soon to look for the answer of a desktop that is asking LeadSquared for the floor. */
const PENDING_RETRY_MS = 1500;

export class QueueMetrics {
  private latest: MetricsSnapshot | null = null;
  private inFlight: Promise<Outcome<{ metrics: ParsedMetrics }>> | null = null;
  private lastAttemptAt = 0;

  constructor(
    private readonly deps: {
      client: LeadSquaredClient;
      budgets: BudgetProvider;
      connection: ConnectionResolver;
      maxAgeMs: number;
      shared?: SharedMetrics;
    },
  ) {}

  /** The last snapshot if it is fresh enough to plan with. */
  fresh(now = Date.now()): MetricsSnapshot | null {
    return this.latest && now - this.latest.at <= this.deps.maxAgeMs ? this.latest : null;
  }

  last(): MetricsSnapshot | null {
    return this.latest;
  }

  /** Stale, and not tried lately: a failing metrics endpoint is asked once per interval, not in a loop. */
  due(now = Date.now()): boolean {
    return !this.fresh(now) && !this.fetching && now - this.lastAttemptAt >= this.deps.maxAgeMs;
  }

  get fetching(): boolean {
    return this.inFlight !== null;
  }

  /** Settles when the request in flight (whoever started it) has its answer; at once when none is. */
  settled(): Promise<void> {
    const done = () => undefined;
    return this.inFlight ? this.inFlight.then(done, done) : Promise.resolve();
  }

  forget(): void {
    this.latest = null;
    this.lastAttemptAt = 0;
  }

  /** One request at a time; callers arriving meanwhile share its answer. */
  fetch(priority: Priority): Promise<Outcome<{ metrics: ParsedMetrics }>> {
    this.inFlight ??= this.request(priority).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async request(priority: Priority): Promise<Outcome<{ metrics: ParsedMetrics }>> {
    this.lastAttemptAt = Date.now();
    const conn = this.deps.connection.current();
    if (conn.kind === 'blocked') return { kind: 'rejected', httpStatus: 0, message: conn.reason };
    // Another desktop on the floor asked lately: its answer costs the key nothing. A Settings test asks for itself.
    if (priority !== 'interactive' && this.deps.shared) {
      const snap = await this.deps.shared.read(conn.key.id, this.deps.maxAgeMs);
      if (snap === 'pending') {
        // Read its answer shortly instead of asking too.
        this.lastAttemptAt = Date.now() - this.deps.maxAgeMs + PENDING_RETRY_MS;
        return { kind: 'retry', httpStatus: null, message: 'Another desktop is asking LeadSquared for its queue', retryAfterMs: PENDING_RETRY_MS, rateLimited: false };
      }
      if (snap) {
        this.latest = snap;
        return { kind: 'ok', metrics: snap.metrics };
      }
    }
    const permit = await this.deps.budgets.for(conn.key.id).acquire(priority);
    const out = await this.deps.client.metrics(conn.endpoints, conn.key).catch((err: unknown) => {
      permit.done();
      throw err;
    });
    settle(permit, out);
    if (out.kind === 'ok') {
      this.latest = { metrics: out.metrics, at: Date.now() };
      this.deps.shared?.write(conn.key.id, out.metrics);
    }
    if (out.kind === 'unauthorized') this.deps.connection.reject(conn.key);
    return out;
  }
}
