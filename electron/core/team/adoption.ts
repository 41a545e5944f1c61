// What another desktop learnt about this one's calls while it was away, taken
// into the outbox: a final outcome becomes the call's own (with who found it),
// and a call another desktop is checking right now waits until it is done.
import { STATE_LABELS } from '../../../shared/entry';
import type { Entries } from '../outbox/entries';

const FOLLOWED = ['accepted', 'in_queue'] as const;

export class Adoption {
  /** Calls from before this start, held until we know whether a watcher followed them; and until when. */
  private held: { ids: number[]; until: number } | null = null;

  constructor(
    private readonly entries: Entries,
    private readonly wakeTracker: () => void,
  ) {}

  /**
   * At start, with a team database: our followed calls may have been taken by
   * a watcher while this computer was off, so they are not checked until we
   * have adopted what it learnt (or `maxMs`, if the database never answers).
   */
  holdUntilAdopted(maxMs: number): void {
    this.held = { ids: this.entries.idsIn(FOLLOWED), until: Date.now() + maxMs };
  }

  /** Calls the tracker must leave alone for now. */
  heldIds(now = Date.now()): readonly number[] {
    if (!this.held || now > this.held.until) return [];
    return this.held.ids;
  }

  /** Adopted: what a watcher did not finish or hold is ours to check again. */
  release(): void {
    if (!this.held) return;
    this.held = null;
    this.wakeTracker();
  }

  /**
   * Only for the RequestID the watcher checked: after a resend the call is another send, followed afresh.
   * `at`: when the watcher learnt the outcome (the database's clock), the call's final time: adopted at the
   * next shift's start, "now" would make its Time to Success, the Dashboard's median and the export's
   * FinalAtUTC hours late; the timeline shows the outcome then too. Kept between the call's acceptance
   * and now, as clocks differ.
   */
  final(id: number, requestId: string, state: 'success' | 'failure' | 'error', reason: string | null, watcher: string, at: number | null): void {
    const row = this.entries.row(id);
    if (row?.request_id !== requestId) return;
    const now = Date.now();
    const finalAt = at === null ? now : Math.min(now, Math.max(at, row.accepted_at ?? row.created_at));
    this.entries.transition(
      id,
      FOLLOWED,
      state,
      { status_reason: reason, final_at: finalAt, next_check_at: null, last_error: null },
      `Followed by ${watcher} while this computer was away: LeadSquared: ${STATE_LABELS[state]}${reason ? ` — ${reason}` : ''}`,
      finalAt,
    );
  }

  postpone(id: number, requestId: string, until: number): void {
    const row = this.entries.row(id);
    if (!row || row.request_id !== requestId || !FOLLOWED.includes(row.state as (typeof FOLLOWED)[number])) return;
    if ((row.next_check_at ?? 0) >= until) return;
    this.entries.transition(id, FOLLOWED, row.state, { next_check_at: until }, null);
    this.wakeTracker();
  }
}
