// Requests waiting for a slot, in priority order (then first come, first
// served); one given up on (its AbortSignal fired) leaves the queue at once.
import { RANK, type Permit, type Priority } from './types';

export interface Waiter {
  priority: Priority;
  /** Requests its asker had waiting when it asked. */
  backlog: number;
  /** When it started waiting. */
  since: number;
  signal: AbortSignal | undefined;
}

interface Entry extends Waiter {
  seq: number;
  resolve: (p: Permit) => void;
  reject: (e: unknown) => void;
  onAbort: (() => void) | undefined;
}

export class WaitQueue {
  private readonly entries: Entry[] = [];
  private seq = 0;

  /** Queues a request; `changed` runs after it joins or gives up. */
  add(priority: Priority, signal: AbortSignal | undefined, backlog: number, changed: () => void): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Permit>((resolve, reject) => {
      const e: Entry = { priority, backlog, since: Date.now(), signal, seq: this.seq++, resolve, reject, onAbort: undefined };
      if (signal) {
        e.onAbort = () => {
          this.drop(e);
          reject(signal.reason);
          changed();
        };
        signal.addEventListener('abort', e.onAbort, { once: true });
      }
      this.entries.push(e);
      this.entries.sort((a, b) => RANK[a.priority] - RANK[b.priority] || a.seq - b.seq);
      changed();
    });
  }

  get length(): number {
    return this.entries.length;
  }

  head(): Waiter | undefined {
    return this.entries[0];
  }

  all(): readonly Waiter[] {
    return this.entries;
  }

  /** `w` is still waiting (it may have given up while its asker looked for a slot). */
  has(w: Waiter): boolean {
    return this.entries.includes(w as Entry);
  }

  /** Hands `permit` to `w` if it is still waiting; false if it gave up meanwhile. */
  grant(w: Waiter, permit: Permit): boolean {
    const e = w as Entry;
    if (!this.drop(e)) return false;
    e.resolve(permit);
    return true;
  }

  /** Takes every waiter out, each with its own settle functions (to hand them to another budget). */
  drain(): { waiter: Waiter; resolve: (p: Permit) => void; reject: (e: unknown) => void }[] {
    return this.entries.splice(0).map((e) => {
      if (e.signal && e.onAbort) e.signal.removeEventListener('abort', e.onAbort);
      return { waiter: e, resolve: e.resolve, reject: e.reject };
    });
  }

  private drop(e: Entry): boolean {
    const i = this.entries.indexOf(e);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    if (e.signal && e.onAbort) e.signal.removeEventListener('abort', e.onAbort);
    return true;
  }
}
