// Drains the outbox within the key's rate budget. Each row is marked "sending"
// (committed) before its POST, so a crash leaves a trace that recovery turns
// back into "queued"; the resend reuses the CallSessionId, LeadSquared's
// idempotency key.
import { backoffDelay, formatDelay, type BackoffOptions } from '../backoff';
import { otherTarget, refusedKeyReason, targetName, type ConnectionResolver, type ReadyConnection } from '../connection';
import { DispatchLoop, type Plan } from '../dispatch-loop';
import type { LeadSquaredClient } from '../leadsquared/client';
import { settle, type BudgetProvider } from '../budget/budgets';
import type { Permit, Priority } from '../budget/types';
import type { Entries } from './entries';

export interface SenderDeps {
  entries: Entries;
  client: LeadSquaredClient;
  budgets: BudgetProvider;
  connection: ConnectionResolver;
  backoff: BackoffOptions;
  /** Requests on the wire at once; enough to fill the budget despite latency. */
  maxInFlight?: number;
  /** Called after a RequestID is recorded, to schedule its first status check. */
  firstCheckAt(acceptedAt: number): number;
  /** A 401, a setup problem or calls of the other mode: the service moves waiting rows to the paused states. */
  onBlocked(): void;
  log?: (msg: string) => void;
}

const RATE_LIMITED_RETRY_MS = 1000;

export class Sender extends DispatchLoop {
  /** Consecutive passing failures across rows: one outage backs off the whole queue, not each row. */
  private failures = 0;
  private holdUntil = 0;

  constructor(private readonly d: SenderDeps) {
    super(d.maxInFlight ?? 4);
  }

  /** The agent asked to retry now: drop the outage backoff and look again. */
  retryNow(): void {
    this.holdUntil = 0;
    this.wake();
  }

  protected onJobError(err: unknown): void {
    this.d.log?.(`sender: ${(err as Error)?.message ?? String(err)}`);
  }

  protected plan(now: number): Plan {
    const conn = this.d.connection.current();
    const { entries } = this.d;
    // Calls only ever go to the target they were logged for. A call of the other mode found
    // waiting to be sent (resent, or back from a send that was on the wire when "Use sandbox"
    // changed) is paused by the service with the reason, as are this mode's while it is blocked.
    if (entries.nextDueAt(otherTarget(conn.target)) !== null || (conn.kind === 'blocked' && entries.nextDueAt(conn.target) !== null)) {
      this.d.onBlocked();
    }
    if (conn.kind === 'blocked') return { wait: null };
    if (now < this.holdUntil) return { wait: this.holdUntil };
    const due = entries.nextDue(conn.target, now);
    if (!due) return { wait: entries.nextDueAt(conn.target) };
    return {
      budget: this.d.budgets.for(conn.key.id),
      // A call an agent just logged goes before import rows and catch-up, here and across the floor.
      priority: (due.urgent_until ?? 0) >= now ? 'agent' : 'bulk',
      backlog: entries.dueCount(conn.target, now, 100),
      claim: () => {
        const current = this.d.connection.current();
        if (current !== conn) return null; // settings or key changed while we waited
        // Of conn's own target, so it is sent with the endpoint and key of the mode it was logged in.
        const row = entries.nextDue(conn.target, Date.now());
        if (!row) return null;
        const claimed = this.d.entries.transition(row.id, ['queued', 'retry_wait'], 'sending', { attempts: row.attempts + 1 }, null);
        if (!claimed) return null;
        return (permit) => this.send(claimed.id, claimed.payload, claimed.attempts, conn, permit);
      },
    };
  }

  protected override mostUrgent(now: number): Priority | null {
    const due = this.d.entries.nextUrgent(this.d.connection.current().target, now);
    return due ? 'agent' : null;
  }

  private async send(id: number, payload: string, attempts: number, conn: ReadyConnection, permit: Permit) {
    const { entries } = this.d;
    const out = await this.d.client.submit(conn.endpoints, conn.key, JSON.parse(payload) as object);
    settle(permit, out);
    const now = Date.now();
    switch (out.kind) {
      case 'ok': {
        entries.transition(
          id,
          ['sending'],
          'accepted',
          { request_id: out.requestId, accepted_at: now, next_check_at: this.d.firstCheckAt(now), last_error: null, next_attempt_at: null },
          `Accepted by ${targetName(conn.target)}, RequestID ${out.requestId}`,
        );
        if (this.failures > 0) {
          // The outage is over: rows waiting out a long backoff can go now.
          this.failures = 0;
          this.holdUntil = 0;
          entries.transitionAll(['retry_wait'], 'retry_wait', { next_attempt_at: now }, 'LeadSquared is reachable again: retrying now');
        }
        return;
      }
      case 'unauthorized':
        this.d.connection.reject(conn.key);
        // What to do next depends on whose key was refused (the sandbox's is a test fault).
        const reason = refusedKeyReason(conn.target);
        entries.transition(id, ['sending'], 'needs_key', { last_error: reason }, reason);
        this.d.onBlocked();
        return;
      case 'rejected':
        entries.transition(id, ['sending'], 'failure', { status_reason: out.message, last_error: out.message, final_at: now, next_attempt_at: null }, out.message);
        return;
      case 'retry': {
        // A 429 is the key being busy, not a failure: the budget has already slowed us
        // down, so this call only waits out Retry-After (spread, so retries do not line up).
        const delay = out.rateLimited
          ? (out.retryAfterMs ?? RATE_LIMITED_RETRY_MS) + Math.round(Math.random() * RATE_LIMITED_RETRY_MS)
          : Math.max(out.retryAfterMs ?? 0, backoffDelay(Math.max(attempts, ++this.failures), this.d.backoff));
        if (!out.rateLimited) this.holdUntil = Math.max(this.holdUntil, now + delay);
        const doubt = out.httpStatus === null ? ' (it will be resent with the same CallSessionId)' : '';
        entries.transition(
          id,
          ['sending'],
          'retry_wait',
          { next_attempt_at: now + delay, last_error: out.message },
          `${out.message}${doubt}; next try in ${formatDelay(delay)}`,
        );
        return;
      }
    }
  }
}
