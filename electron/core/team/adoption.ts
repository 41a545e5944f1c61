// What another desktop learnt about this one's calls while it was away, taken
// into the outbox: a final outcome becomes the call's own (with who found it),
// and a call another desktop is checking right now waits until it is done.
import type { Entries } from '../outbox/entries';

const FOLLOWED = ['accepted', 'in_queue'] as const;

export class Adoption {
  constructor(
    private readonly entries: Entries,
    private readonly wakeTracker: () => void,
  ) {}

  final(id: number, state: 'success' | 'failure' | 'error', reason: string | null, watcher: string): void {
    this.entries.transition(
      id,
      FOLLOWED,
      state,
      { status_reason: reason, final_at: Date.now(), next_check_at: null, last_error: null },
      `Followed by ${watcher} while this computer was away: LeadSquared ${state}${reason ? ` — ${reason}` : ''}`,
    );
  }

  postpone(id: number, until: number): void {
    const row = this.entries.row(id);
    if (!row || !FOLLOWED.includes(row.state as (typeof FOLLOWED)[number])) return;
    if ((row.next_check_at ?? 0) >= until) return;
    this.entries.transition(id, FOLLOWED, row.state, { next_check_at: until }, null);
    this.wakeTracker();
  }
}
