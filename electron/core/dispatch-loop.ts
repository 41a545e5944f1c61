// The shape shared by the sender and the status tracker: find the next due
// piece of work, wait for a slot in the key's rate budget, claim the work (it
// may have changed while we waited), run it without blocking the loop.
import type { KeyBudget, Permit, Priority } from './budget/types';

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

export abstract class DispatchLoop {
  private running = false;
  private inFlight = new Set<Promise<void>>();
  private abort = new AbortController();
  private loop: Promise<void> | null = null;
  private woken = false;
  private wakeNow: (() => void) | null = null;

  constructor(private readonly maxInFlight: number) {}

  protected abstract plan(now: number): Plan;
  protected abstract onJobError(err: unknown): void;

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
      try {
        permit = await plan.budget.acquire(plan.priority, this.abort.signal, plan.backlog);
      } catch {
        break; // stopped while waiting for a slot
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
