// The shape shared by the sender and the status tracker: find the next due
// piece of work, wait for a slot in the key's rate budget, claim the work (it
// may have changed while we waited), run it without blocking the loop.
import { RANK, type KeyBudget, type Permit, type Priority } from './budget/types';

export type Job = (permit: Permit) => Promise<void>;

export type Plan =
  /** Nothing due: sleep until `until` (epoch ms) or until woken; null = until woken. */
  | { wait: number | null }
  | {
      budget: KeyBudget;
      priority: Priority;
      /** Requests of this loop waiting now: a light user keeps room after a 429. */
      backlog: number;
      claim: () => Job | null;
    };

/** Why a wait for a slot was given up: more urgent work arrived, ask again for it. */
const REPLAN = new Error('more urgent work arrived');

export abstract class DispatchLoop {
  private running = false;
  /** The slot being waited for, and for what: given up when more urgent work arrives. */
  private pending: { priority: Priority; ctl: AbortController } | null = null;
  private inFlight = new Set<Promise<void>>();
  private abort = new AbortController();
  private loop: Promise<void> | null = null;
  private woken = false;
  private wakeNow: (() => void) | null = null;

  constructor(private readonly maxInFlight: number) {}

  protected abstract plan(now: number): Plan;
  protected abstract onJobError(err: unknown): void;

  /**
   * The priority the most urgent due work would ask with now (null: none, or no
   * opinion). A loop waiting for a slot with a lower one asks again, so an agent's
   * call logged while an import row waits is not reported to the floor as import.
   */
  protected mostUrgent(_now: number): Priority | null {
    return null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.loop = this.run();
  }

  /** Stops taking work and waits for requests on the wire to finish. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.abort.abort(new Error('stopped'));
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Something changed (new work, settings, a finished request): look again. */
  wake(): void {
    this.woken = true;
    this.wakeNow?.();
    const p = this.pending;
    if (!p || RANK[p.priority] === 0) return;
    let next: Priority | null = null;
    try {
      next = this.mostUrgent(Date.now());
    } catch {
      return; // the loop's own plan() reports it
    }
    if (next !== null && RANK[next] < RANK[p.priority]) p.ctl.abort(REPLAN);
  }

  get busy(): number {
    return this.inFlight.size;
  }

  private sleep(until: number | null): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | null = null;
      const done = () => {
        if (timer) clearTimeout(timer);
        this.wakeNow = null;
        this.woken = false;
        resolve();
      };
      this.wakeNow = done;
      // setTimeout caps at ~24.8 days; a minute is plenty as the loop re-plans.
      if (until !== null) timer = setTimeout(done, Math.min(Math.max(0, until - Date.now()), 60_000));
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.inFlight.size >= this.maxInFlight) {
        await this.sleep(null);
        continue;
      }
      let plan: Plan;
      try {
        plan = this.plan(Date.now());
      } catch (err) {
        this.onJobError(err);
        await this.sleep(Date.now() + 1000);
        continue;
      }
      if ('wait' in plan) {
        await this.sleep(plan.wait);
        continue;
      }
      let permit: Permit;
      const ctl = new AbortController();
      const stopped = () => ctl.abort(this.abort.signal.reason);
      this.abort.signal.addEventListener('abort', stopped, { once: true });
      this.pending = { priority: plan.priority, ctl };
      try {
        permit = await plan.budget.acquire(plan.priority, ctl.signal, plan.backlog);
      } catch {
        if (this.running && ctl.signal.reason === REPLAN) continue;
        break; // stopped while waiting for a slot
      } finally {
        this.pending = null;
        this.abort.signal.removeEventListener('abort', stopped);
      }
      let job: Job | null = null;
      try {
        job = this.running ? plan.claim() : null;
      } catch (err) {
        this.onJobError(err);
      }
      if (!job) {
        permit.cancel();
        continue;
      }
      const p: Promise<void> = job(permit)
        .catch((err: unknown) => this.onJobError(err))
        .finally(() => {
          permit.done();
          this.inFlight.delete(p);
          this.wake();
        });
      this.inFlight.add(p);
    }
  }
}
