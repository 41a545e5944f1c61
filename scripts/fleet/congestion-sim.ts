// A floor of desktops on one key in virtual time: each desktop's own LocalBudget
// (the real congestion control) against a strict sliding-window server, with the
// sender's and status tracker's habits reduced to their timing. A study tool for
// the congestion control (seconds per run instead of minutes); the figures in
// docs/benchmarks.md come from `npm run bench:fleet` against the real sandbox.
//   npx tsx scripts/fleet/congestion-sim.ts [desktops] [calls each] [seeds]
//   npx tsx scripts/fleet/congestion-sim.ts mix [seeds]   (bench:fleet's import beside 4 agents)
// SIM_TRACE=1 lists every 429 (when, which desktop, what kind of request);
// SIM_SHARES=1 prints each desktop's share (slots per window) every 5 s;
// SIM_OPTS='{"probeIntervalPerSharerMs":6000}' tries other congestion options.
import { LocalBudget } from '../../electron/core/budget/local-budget';
import type { CongestionOptions } from '../../electron/core/budget/congestion';
import type { Permit, Priority } from '../../electron/core/budget/types';
import { ManualClock } from '../../test/support/manual-clock';

const LIMIT = 25;
const WINDOW_MS = 5000;
const WIRE_MS = 2;
const LATER_CHECK_MS = 30_000;
/** The status tracker's first check: LeadSquared's delay (the sandbox's processing time) plus a margin. */
const firstCheckMs = (processingMs: number) => Math.ceil(processingMs * 1.05) + 2000;
const MAX_IN_FLIGHT = 4;

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Server {
  private admitted: number[] = [];
  readonly log: { at: number; kind: 'submit' | 'status' | 'metrics'; ok: boolean; desk: number }[] = [];
  constructor(private readonly now: () => number) {}
  take(kind: 'submit' | 'status' | 'metrics', desk: number): { ok: boolean; retryAfterMs: number } {
    const t = this.now();
    this.admitted = this.admitted.filter((a) => a > t - WINDOW_MS);
    const ok = this.admitted.length < LIMIT;
    if (ok) this.admitted.push(t);
    this.log.push({ at: t, kind, ok, desk });
    const retryAfterMs = ok ? 0 : Math.ceil((this.admitted[0]! + WINDOW_MS - t) / 1000) * 1000;
    return { ok, retryAfterMs };
  }
}

class Desk {
  private due: number[] = [];
  /** How long each call accepted so far waited from being logged. */
  readonly waits: number[] = [];
  private checks: { accepted: number; at: number }[] = [];
  private submitsInFlight = 0;
  private checksInFlight = 0;
  private metricsDone = false;
  lastSubmitAt = 0;
  constructor(
    readonly id: number,
    private readonly clock: ManualClock,
    private readonly budget: LocalBudget,
    private readonly server: Server,
    private readonly random: () => number,
    private readonly processingMs = 60_000,
    /** An import: its rows go as bulk work. */
    private readonly bulk = false,
  ) {}

  private logged: number[] = [];

  log(n: number): void {
    for (let i = 0; i < n; i++) {
      this.due.push(this.clock.now());
      this.logged.push(this.clock.now());
    }
    this.pump();
  }

  private dueSubmits(now: number): number {
    return this.due.filter((d) => d <= now).length;
  }

  private request(priority: Priority, backlog: number, kind: 'submit' | 'status' | 'metrics', after: (ok: boolean, retryAfterMs: number) => void): void {
    void this.budget.acquire(priority, undefined, backlog).then((permit: Permit) => {
      this.clock.setTimeout(() => {
        const { ok, retryAfterMs } = this.server.take(kind, this.id);
        this.clock.setTimeout(() => {
          if (ok) permit.done();
          else permit.rateLimited(retryAfterMs);
          after(ok, retryAfterMs);
          this.pump();
        }, WIRE_MS);
      }, WIRE_MS);
    });
  }

  pump(): void {
    const now = this.clock.now();
    while (this.submitsInFlight < MAX_IN_FLIGHT) {
      const i = this.due.findIndex((d) => d <= now);
      if (i < 0) break;
      const [loggedAt] = this.logged.splice(i, 1);
      this.due.splice(i, 1);
      this.submitsInFlight++;
      this.request(this.bulk ? 'bulk' : 'agent', this.dueSubmits(now) + 1, 'submit', (ok, retryAfterMs) => {
        this.submitsInFlight--;
        const t = this.clock.now();
        if (ok) {
          this.lastSubmitAt = t;
          this.waits.push(t - loggedAt!);
          this.checks.push({ accepted: t, at: t + firstCheckMs(this.processingMs) });
        } else {
          const at = t + retryAfterMs + Math.round(this.random() * 1000);
          this.due.push(at);
          this.logged.push(loggedAt!);
          this.clock.setTimeout(() => this.pump(), at - t);
        }
      });
    }
    if (this.dueSubmits(now) > 0 || this.submitsInFlight > 0) {
      return;
    }
    if (!this.metricsDone && this.checks.length > 0) {
      this.metricsDone = true;
      this.request('metrics', 1, 'metrics', () => {});
      return;
    }
    while (this.checksInFlight < MAX_IN_FLIGHT) {
      const i = this.checks.findIndex((c) => c.at <= now);
      if (i < 0) break;
      const [c] = this.checks.splice(i, 1);
      this.checksInFlight++;
      this.request('status', 1, 'status', (ok, retryAfterMs) => {
        this.checksInFlight--;
        const t = this.clock.now();
        if (!ok) this.checks.push({ accepted: c!.accepted, at: t + retryAfterMs });
        else if (t < c!.accepted + this.processingMs) this.checks.push({ accepted: c!.accepted, at: t + LATER_CHECK_MS });
      });
    }
    const next = Math.min(...this.checks.map((c) => c.at), ...this.due.map((d) => d));
    if (Number.isFinite(next) && next > now) this.clock.setTimeout(() => this.pump(), next - now);
  }
}

export async function simulate(desks: number, perDesk: number, seed: number, congestion: Partial<CongestionOptions> = {}) {
  const clock = new ManualClock();
  const server = new Server(() => clock.now());
  const random = seeded(seed);
  const budgets = Array.from({ length: desks }, (_, i) => new LocalBudget({ limit: LIMIT, windowMs: WINDOW_MS, clock, random: seeded(seed * 1000 + i), congestion }));
  const floor = budgets.map((budget, i) => new Desk(i, clock, budget, server, random));
  const t0 = clock.now();
  floor.forEach((d, i) => clock.setTimeout(() => d.log(perDesk), i * 3));
  const accepted = () => server.log.filter((r) => r.kind === 'submit' && r.ok).length;
  while (accepted() < desks * perDesk && clock.now() - t0 < 900_000) {
    await clock.advance(1000);
    // Who holds how much, and whether slots a finished desktop left are found: the shape behind the ratio.
    if (process.env.SIM_SHARES && (clock.now() - t0) % 5000 < 1000) {
      console.log(`  ${String(Math.round((clock.now() - t0) / 1000)).padStart(4)} s shares ${budgets.map((b) => b.congestion.slots.toFixed(1)).join(' ')}`);
    }
  }
  const submits = server.log.filter((r) => r.kind === 'submit' && r.ok);
  const first = submits[0]!.at;
  const last = submits.at(-1)!.at;
  const span = last - first;
  const best = (Math.ceil((desks * perDesk) / LIMIT) - 1) * WINDOW_MS;
  const during = server.log.filter((r) => r.at >= first && r.at <= last);
  const refused = server.log.filter((r) => !r.ok).length;
  return {
    span,
    submitsRatio: best / span,
    keyUse: during.filter((r) => r.ok).length / (LIMIT * (1 + span / WINDOW_MS)),
    refused,
    requests: server.log.length,
    refusedShare: refused / server.log.length,
    finishes: floor.map((d) => Math.round((d.lastSubmitAt - first) / 100) / 10).sort((a, b) => a - b),
    refusals: server.log.filter((r) => !r.ok).map((r) => `${((r.at - first) / 1000).toFixed(1)}s d${r.desk} ${r.kind}`),
  };
}

/** bench:fleet's mix: one desktop imports 2,000 rows while 4 agents on others log a call every 4 s for 120 s. */
export async function simulateMix(seed: number, congestion: Partial<CongestionOptions> = {}) {
  const clock = new ManualClock();
  const server = new Server(() => clock.now());
  const random = seeded(seed);
  const desk = (i: number, bulk: boolean) =>
    new Desk(i, clock, new LocalBudget({ limit: LIMIT, windowMs: WINDOW_MS, clock, random: seeded(seed * 1000 + i), congestion }), server, random, 5000, bulk);
  const importer = desk(0, true);
  const agents = [1, 2, 3, 4].map((i) => desk(i, false));
  const t0 = clock.now();
  importer.log(2000);
  let calls = 0;
  agents.forEach((a, i) => {
    for (let at = 2000 + i * 1000; at < 120_000; at += 4000, calls++) clock.setTimeout(() => a.log(1), at);
  });
  while (agents.reduce((n, a) => n + a.waits.length, 0) < calls && clock.now() - t0 < 600_000) await clock.advance(1000);
  const waits = agents.flatMap((a) => a.waits).sort((a, b) => a - b);
  const pct = (p: number) => waits[Math.min(waits.length - 1, Math.floor((p / 100) * waits.length))]!;
  const refused = server.log.filter((r) => !r.ok).length;
  return {
    p50: pct(50),
    p95: pct(95),
    max: waits.at(-1)!,
    imported: importer.waits.length,
    refused,
    requests: server.log.length,
    refusals: server.log.filter((r) => !r.ok).map((r) => `${((r.at - t0) / 1000).toFixed(1)}s d${r.desk} ${r.kind}`),
  };
}

if (process.argv[1]?.endsWith('congestion-sim.ts') && process.argv[2] === 'mix') {
  const seeds = Number(process.argv[3] ?? 5);
  const opts = JSON.parse(process.env.SIM_OPTS ?? '{}') as Partial<CongestionOptions>;
  const p95s: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const r = await simulateMix(seed, opts);
    p95s.push(r.p95);
    console.log(
      `seed ${seed}: agents' calls accepted after p50 ${(r.p50 / 1000).toFixed(1)} s, p95 ${(r.p95 / 1000).toFixed(1)} s, max ${(r.max / 1000).toFixed(1)} s; import rows ${r.imported}; 429 ${r.refused}/${r.requests} (${((100 * r.refused) / r.requests).toFixed(1)} %)`,
    );
    if (process.env.SIM_TRACE) console.log(`  429s: ${r.refusals.join(', ')}`);
  }
  console.log(`mean p95 ${(p95s.reduce((a, b) => a + b, 0) / seeds / 1000).toFixed(1)} s`);
} else if (process.argv[1]?.endsWith('congestion-sim.ts')) {
  const [desks = 10, perDesk = 50, seeds = 5] = process.argv.slice(2).map(Number);
  const rows: Awaited<ReturnType<typeof simulate>>[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const r = await simulate(desks, perDesk, seed, JSON.parse(process.env.SIM_OPTS ?? '{}') as Partial<CongestionOptions>);
    rows.push(r);
    console.log(
      `seed ${seed}: submits ${(r.span / 1000).toFixed(1)} s = ${r.submitsRatio.toFixed(3)}; key use ${r.keyUse.toFixed(3)}; 429 ${r.refused}/${r.requests} (${(100 * r.refusedShare).toFixed(1)} %); finishes ${r.finishes.join(' ')}`,
    );
    if (process.env.SIM_TRACE) console.log(`  429s: ${r.refusals.join(', ')}`);
  }
  const mean = (f: (r: Awaited<ReturnType<typeof simulate>>) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
  console.log(`mean: submits ${mean((r) => r.submitsRatio).toFixed(3)}, key use ${mean((r) => r.keyUse).toFixed(3)}, 429 ${(100 * mean((r) => r.refusedShare)).toFixed(1)} %`);
}
