// Follows every RequestID until LeadSquared says Success, FAILURE or ERROR.
// Schedules live in the database (next_check_at), so tracking resumes after a
// restart exactly where it stopped.
import { backoffDelay, formatDelay, type BackoffOptions } from '../backoff';
import { refusedKeyReason, type ConnectionResolver, type ReadyConnection } from '../connection';
import { DispatchLoop, type Plan } from '../dispatch-loop';
import type { LeadSquaredClient } from '../leadsquared/client';
import type { Entries, Target } from '../outbox/entries';
import { settle, type BudgetProvider } from '../budget/budgets';
import type { Permit } from '../budget/types';
import type { QueueMetrics } from './queue-metrics';
import { firstCheckDelay, laterCheckDelay, type CheckSchedule } from './schedule';

export interface TrackerDeps {
  entries: Entries;
  client: LeadSquaredClient;
  budgets: BudgetProvider;
  connection: ConnectionResolver;
  metrics: QueueMetrics;
  schedule: CheckSchedule;
  backoff: BackoffOptions;
  /** How long a check in progress holds its row, so the loop does not pick it twice. */
  leaseMs?: number;
  maxInFlight?: number;
  onBlocked(): void;
  /** False while another desktop may be following our calls (team database): we hold our checks. */
  mayCheck?: () => boolean;
  /** Calls from before this start that wait until we know whether a watcher took them. */
  held?: () => readonly number[];
  log?: (msg: string) => void;
}

const TRACKED = ['accepted', 'in_queue'] as const;
/** Why a sandbox test call ends in Error when the sandbox no longer knows its RequestID. */
const SANDBOX_FORGOT = 'the sandbox no longer knows this RequestID (it keeps nothing once the app restarts); it was a test call, so nothing reached LeadSquared';
const SUBMITS_FIRST_POLL_MS = 250;
const HELD_POLL_MS = 2000;

export class StatusTracker extends DispatchLoop {
  private failures = 0;
  /** A metrics fetch started by plan(): stop() waits for it, so it never writes to a closed outbox. */
  private metricsRefresh: Promise<void> | null = null;

  override async stop(): Promise<void> {
    await super.stop();
    await this.metricsRefresh;
  }

  constructor(private readonly d: TrackerDeps) {
    super(d.maxInFlight ?? 4);
  }

  protected onJobError(err: unknown): void {
    this.d.log?.(`tracker: ${(err as Error)?.message ?? String(err)}`);
  }

  /** When the first status check of a call accepted at `acceptedAt` should run. */
  firstCheckAt(acceptedAt: number): number {
    const snap = this.d.metrics.fresh(acceptedAt);
    this.wake(); // a new RequestID to follow; the loop may be sleeping with nothing to do
    return acceptedAt + firstCheckDelay(this.d.schedule, snap ? snap.metrics.maxDelaySeconds : null);
  }

  /**
   * Fresh queue metrics move every not-yet-checked entry's first check. Asked
   * only once no submit is due (it must not cost a call its slot), and ahead of
   * the status checks it schedules.
   */
  private async refreshMetrics(target: Target): Promise<void> {
    try {
      const out = await this.d.metrics.fetch('metrics');
      if (out.kind !== 'ok') return;
      this.d.entries.rescheduleFirstChecks(target, firstCheckDelay(this.d.schedule, out.metrics.maxDelaySeconds));
    } finally {
      this.wake();
    }
  }

  protected plan(now: number): Plan {
    const conn = this.d.connection.current();
    if (conn.kind === 'blocked') return { wait: null };
    // Only RequestIDs of the current mode: the other mode's Status API does not know them
    // (and a made-up answer would be recorded as the call's outcome). Theirs wait for their mode.
    const { target } = conn;
    if (this.d.mayCheck && !this.d.mayCheck()) return { wait: now + HELD_POLL_MS };
    // Calls an agent just logged go first: every status check spends budget they could use.
    // Import rows and catch-up come after the checks.
    if (this.d.entries.nextUrgent(target, now)) return { wait: now + SUBMITS_FIRST_POLL_MS };
    // The metrics on their way will reschedule first checks; checking now would be premature.
    if (this.d.metrics.fetching) {
      // Perhaps not ours (the Dashboard reads the queue too while calls are in flight): nothing
      // else would wake this loop when that answer lands, and the checks would wait forever.
      void this.d.metrics.settled().then(() => this.wake());
      return { wait: null };
    }
    if (this.d.metrics.due(now) && this.d.entries.hasUncheckedAccepted(target)) {
      this.metricsRefresh = this.refreshMetrics(target).finally(() => {
        this.metricsRefresh = null;
      });
      return { wait: null };
    }
    const held = this.d.held?.() ?? [];
    const due = this.d.entries.nextCheck(target, now, held);
    if (!due) {
      const next = this.d.entries.nextCheckAt(target, held);
      return { wait: held.length > 0 ? Math.min(next ?? Infinity, now + HELD_POLL_MS) : next };
    }
    return {
      budget: this.d.budgets.for(conn.key.id),
      priority: 'status',
      backlog: 1,
      claim: () => {
        if (this.d.connection.current() !== conn) return null;
        const row = this.d.entries.nextCheck(target, Date.now(), this.d.held?.() ?? []);
        if (!row || !row.request_id) return null;
        const lease = this.d.entries.transition(row.id, TRACKED, row.state, { next_check_at: Date.now() + (this.d.leaseMs ?? 60_000) }, null);
        if (!lease) return null;
        const requestId = row.request_id;
        return (permit) => this.check(row.id, requestId, row.status_checks, conn, permit);
      },
    };
  }

  private async check(id: number, requestId: string, checksBefore: number, conn: ReadyConnection, permit: Permit) {
    const { entries } = this.d;
    const out = await this.d.client.status(conn.endpoints, conn.key, requestId);
    settle(permit, out);
    const now = Date.now();
    const checks = checksBefore + 1;
    const who = conn.target === 'sandbox' ? 'Sandbox' : 'LeadSquared'; // whose answer the timeline shows
    switch (out.kind) {
      case 'ok': {
        this.failures = 0;
        const t = out.task;
        if (t.final) {
          const reason = t.statusReason || null;
          entries.transition(
            id,
            TRACKED,
            t.final,
            { status_checks: checks, status_reason: reason, next_check_at: null, final_at: now, last_error: null },
            `${who}: ${t.status}${reason ? ` — ${reason}` : ''}`,
          );
        } else {
          const gap = laterCheckDelay(this.d.schedule, checks);
          const row = entries.row(id);
          entries.transition(
            id,
            TRACKED,
            'in_queue',
            { status_checks: checks, status_reason: t.statusReason || null, next_check_at: now + gap, last_error: null },
            row?.state === 'in_queue' ? null : `${who}: ${t.status}; next check in ${formatDelay(gap)}`,
          );
        }
        return;
      }
      case 'unauthorized':
        this.d.connection.reject(conn.key);
        entries.transition(id, TRACKED, entries.row(id)?.state ?? 'accepted', { next_check_at: now, last_error: refusedKeyReason(conn.target) }, null);
        this.d.onBlocked();
        return;
      case 'rejected': {
        if (conn.target === 'sandbox') {
          // The built-in sandbox keeps nothing between runs: a test call it accepted before the
          // app restarted is unknown to it for good. Said, and ended, instead of asked forever.
          entries.transition(
            id,
            TRACKED,
            'error',
            { status_checks: checks, status_reason: SANDBOX_FORGOT, next_check_at: null, final_at: now, last_error: null },
            `Sandbox: ${SANDBOX_FORGOT}`,
          );
          return;
        }
        // An unknown RequestID (404) may be a replica lag; keep following it on the slow schedule.
        const gap = laterCheckDelay(this.d.schedule, checks);
        entries.transition(id, TRACKED, entries.row(id)?.state ?? 'accepted', { status_checks: checks, next_check_at: now + gap, last_error: out.message }, null);
        return;
      }
      case 'retry': {
        if (!out.rateLimited) this.failures += 1;
        const gap = Math.max(out.retryAfterMs ?? 0, backoffDelay(Math.max(1, this.failures), this.d.backoff));
        entries.transition(id, TRACKED, entries.row(id)?.state ?? 'accepted', { next_check_at: now + gap, last_error: out.message }, null);
        return;
      }
    }
  }
}
