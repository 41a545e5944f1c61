// npm run bench:fleet: a floor of desktops sharing one LeadSquared key. Each
// desktop is its own engine (own data dir, own SQLite, own budget), all in this
// process, all with the same key, against the sandbox's strict limiter (25 per
// 5 s, sliding window, per key). With a team database (a throwaway PostgreSQL
// cluster) and without. Prints ratios to the goals in docs/benchmarks.md.
//   FLEET=burst-team,burst-local,mix-team,mix-local,floor50-team,floor50-local (default: all)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallLogService } from '../electron/core/service';
import { DEFAULT_SCHEDULE } from '../electron/core/status/schedule';
import { FileKeyCipher } from '../electron/core/vault';
import { startSandbox, type Sandbox } from '../electron/sandbox/server';
import { callInput } from '../test/support/engine';
import { importFile } from '../test/support/import-file';
import { startPostgres, type PgCluster } from '../test/support/postgres';

const LIMIT = 25;
const WINDOW_MS = 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const s1 = (ms: number) => (ms / 1000).toFixed(1);

interface Desk {
  svc: CallLogService;
  dir: string;
}

async function openFloor(n: number, sandbox: Sandbox, teamUrl: string | null): Promise<Desk[]> {
  const desks: Desk[] = [];
  for (let i = 0; i < n; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'calllog-fleet-'));
    const svc = await CallLogService.open({
      dataDir: dir,
      cipher: new FileKeyCipher(dir),
      env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1' },
      timing: { schedule: DEFAULT_SCHEDULE },
    });
    await svc.updateSettings({ useSandbox: false, asyncHost: sandbox.host, trustedHost: sandbox.host, callLogUrl: sandbox.callLogUrl });
    svc.setKey(sandbox.apiKey);
    if (teamUrl) {
      const info = await svc.team.setDatabase(teamUrl);
      if (info.state !== 'connected') throw new Error(`desktop ${i}: team database ${info.state}: ${info.message}`);
    }
    desks.push({ svc, dir });
  }
  return desks;
}

async function closeFloor(desks: Desk[]): Promise<void> {
  for (const d of desks) {
    await d.svc.close();
    rmSync(d.dir, { recursive: true, force: true });
  }
}

/** Every call accepted exactly once: none lost, none doubled. */
function integrity(sandbox: Sandbox, expected: number): string {
  const calls = sandbox.calls();
  const unique = new Set(calls.map((c) => c.callSessionId)).size;
  const doubled = calls.filter((c) => c.submitCount > 1).length;
  return `${unique} of ${expected} accepted, ${expected - unique} lost, ${doubled} sent twice`;
}

function rate429(sandbox: Sandbox): string {
  const answered = sandbox.requests().filter((r) => typeof r.status === 'number').length;
  const n = sandbox.stats().rateLimited;
  return `${n} of ${answered} requests (${((100 * n) / answered).toFixed(1)} %)`;
}

/** Each 429 as kind@seconds since `t0`: P a submit, S a status check, M the queue metrics. */
function traced429(sandbox: Sandbox, t0: number): string {
  const kind = (r: { method: string; path: string }) => (r.method === 'POST' ? 'P' : r.path.includes('metrics') ? 'M' : 'S');
  return sandbox.requests().filter((r) => r.status === 429).map((r) => `${kind(r)}@${s1(r.at - t0)}`).join(' ');
}

async function burst(desks: number, perDesk: number, teamUrl: string | null, label: string, capacity = false): Promise<string[]> {
  const sandbox = await startSandbox({ processingDelayMs: 60_000, rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } });
  const floor = await openFloor(desks, sandbox, teamUrl);
  const n = desks * perDesk;
  const t0 = Date.now();
  floor.forEach((d, i) => {
    for (let k = 0; k < perDesk; k++) d.svc.logCall(callInput({ callSessionId: `${label}-${t0}-${i}-${k}` }));
  });
  while (sandbox.calls().length < n && Date.now() - t0 < 15 * 60_000) await sleep(250);
  const times = sandbox.calls().map((c) => c.receivedAt).sort((a, b) => a - b);
  const span = times[times.length - 1]! - times[0]!;
  const minSpan = (Math.ceil(n / LIMIT) - 1) * WINDOW_MS;
  if (process.env.FLEET_TRACE) {
    // Arrivals of each group of 25: when it started and how long it took, relative to the first.
    const groups = [];
    for (let i = 0; i < times.length; i += LIMIT) groups.push(`${s1(times[i]! - times[0]!)}+${times[Math.min(times.length, i + LIMIT) - 1]! - times[i]!}ms`);
    console.log(`  groups of ${LIMIT}: ${groups.join(' ')}`);
    const late = sandbox.calls().sort((a, b) => a.receivedAt - b.receivedAt).slice(-8);
    console.log(`  last arrivals: ${late.map((c) => `${c.callSessionId?.split('-').slice(-2).join('/')}@${s1(c.receivedAt - times[0]!)}`).join(' ')}`);
    const lastByDesk = new Map<string, number>();
    for (const c of sandbox.calls()) {
      const desk = c.callSessionId?.split('-').slice(-2)[0] ?? '?';
      lastByDesk.set(desk, Math.max(lastByDesk.get(desk) ?? 0, c.receivedAt - times[0]!));
    }
    console.log(`  each desktop's last submit: ${[...lastByDesk].sort((a, b) => a[1] - b[1]).map(([d, t]) => `${d}@${s1(t)}`).join(' ')}`);
    console.log(`  429s: ${traced429(sandbox, times[0]!)}`);
    console.log(`  other requests: ${sandbox.requests().filter((r) => r.method !== 'POST').map((r) => `${r.path.includes('metrics') ? 'M' : 'S'}@${s1(r.at - times[0]!)}`).join(' ')}`);
  }
  // The floor's use of the key while the burst lasted: every request LeadSquared took (submits,
  // status checks, metrics) against the most a strict window admits in that span.
  const admitted = sandbox.requests().filter((r) => r.status !== 429 && r.at >= times[0]! && r.at <= times[times.length - 1]!).length;
  const most = LIMIT * (1 + span / WINDOW_MS);
  const lines = [
    `${label}: ${desks} desktops x ${perDesk} calls at once, ${teamUrl ? 'team database' : 'no team database'}`,
    `  submits: ${n} in ${s1(span)} s; best possible ${s1(minSpan)} s = ${(minSpan / span).toFixed(3)} of the limit`,
    `  the key's use meanwhile: ${admitted} requests admitted (submits, status checks, metrics) of ${Math.floor(most)} a strict window allows = ${(admitted / most).toFixed(3)} of the limit`,
    `  429: ${rate429(sandbox)}`,
    `  ${integrity(sandbox, n)}`,
  ];
  if (capacity) lines.push(...(await capacityNote(floor, sandbox, n)));
  await closeFloor(floor);
  await sandbox.close();
  return lines;
}

/**
 * What one call costs the key, all told (its submit, its status checks, its share of
 * the queue metrics), once every call is final; and so how many agents one key serves.
 */
async function capacityNote(floor: Desk[], sandbox: Sandbox, n: number): Promise<string[]> {
  const final = () => floor.reduce((sum, d) => {
    const c = d.svc.countByState();
    return sum + (c.success ?? 0) + (c.failure ?? 0) + (c.error ?? 0);
  }, 0);
  const until = Date.now() + 10 * 60_000;
  while (final() < n && Date.now() < until) await sleep(1000);
  const admitted = sandbox.requests().filter((r) => r.status !== 429).length;
  const perCall = admitted / n;
  const perHour = (LIMIT * 3_600_000) / WINDOW_MS;
  const agents = [10, 20, 40, 60].map((calls) => `${calls} calls/agent/hour: ${Math.floor(perHour / perCall / calls)} agents`);
  return [
    `  every call final: ${admitted} requests for ${n} calls = ${perCall.toFixed(2)} requests per call (submit, status checks, shared metrics)`,
    `  capacity of one key (${perHour} requests/hour): ${Math.floor(perHour / perCall)} calls/hour; ${agents.join('; ')}`,
  ];
}

/** One desktop imports; agents on the others log a call every few seconds. */
async function mix(teamUrl: string | null, label: string): Promise<string[]> {
  const AGENTS = 4;
  const EVERY_MS = 4000;
  const FOR_MS = 120_000;
  const ROWS = 2000;
  const sandbox = await startSandbox({ processingDelayMs: 5000, rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } });
  const [importer, ...agents] = await openFloor(1 + AGENTS, sandbox, teamUrl);
  const t0 = Date.now();
  await importer!.svc.supervisor.importCsv('floor.csv', importFile(ROWS, `${label}-${t0}`));
  const logged: { desk: Desk; id: number }[] = [];
  const timers = agents.map((desk, i) =>
    setTimeout(function tick() {
      if (Date.now() - t0 >= FOR_MS) return;
      logged.push({ desk, id: desk.svc.logCall(callInput({ callSessionId: `${label}-${t0}-a${i}-${logged.length}` })).id });
      timers[i] = setTimeout(tick, EVERY_MS);
    }, 2000 + (i * EVERY_MS) / AGENTS),
  );
  await sleep(FOR_MS + 1000);
  const accepted = () => logged.map(({ desk, id }) => desk.svc.getEntry(id)).map((e) => e.transitions.find((t) => t.to === 'accepted')?.at ?? null);
  const until = Date.now() + 120_000;
  while (accepted().some((a) => a === null) && Date.now() < until) await sleep(500);
  const waits = logged.map(({ desk, id }, i) => {
    const e = desk.svc.getEntry(id);
    return (accepted()[i] ?? Infinity) - e.createdAt;
  });
  const imported = sandbox.calls().filter((c) => c.callSessionId?.startsWith(`${label}-${t0}-`) && !/-a\d+-/.test(c.callSessionId)).length;
  if (process.env.FLEET_TRACE) {
    console.log(`  429s: ${traced429(sandbox, t0)}`);
    const agentsRefused = logged.flatMap(({ desk, id }) => desk.svc.getEntry(id).transitions.filter((t) => t.to === 'retry_wait')).length;
    console.log(`  of the submits' 429s, agents' calls: ${agentsRefused}`);
  }
  const goal = teamUrl ? 10_000 : 30_000;
  const lines = [
    `${label}: 1 desktop importing ${ROWS} rows, ${AGENTS} agents on other desktops logging a call every ${EVERY_MS / 1000} s for ${FOR_MS / 1000} s, ${teamUrl ? 'team database' : 'no team database'}`,
    `  agents' calls accepted after: p50 ${s1(pct(waits, 50))} s, p95 ${s1(pct(waits, 95))} s, max ${s1(Math.max(...waits))} s (${waits.length} calls; goal p95 <= ${goal / 1000} s = ${(pct(waits, 95) / goal).toFixed(2)} of the limit)`,
    `  import rows accepted meanwhile: ${imported}; 429: ${rate429(sandbox)}`,
  ];
  for (const t of timers) clearTimeout(t);
  await closeFloor([importer!, ...agents]);
  await sandbox.close();
  return lines;
}

const all = ['burst-team', 'burst-local', 'mix-team', 'mix-local', 'floor50-team', 'floor50-local'];
const chosen = (process.env.FLEET ?? all.join(',')).split(',').map((s) => s.trim());
const pgCluster: { current: PgCluster | null } = { current: null };
const team = async () => {
  pgCluster.current ??= await startPostgres();
  return pgCluster.current.url(await pgCluster.current.createDatabase('fleet'));
};

console.log(`bench:fleet: sandbox limit ${LIMIT} per ${WINDOW_MS / 1000} s (sliding, per key), one key for every desktop`);
try {
  for (const name of chosen) {
    const out =
      name === 'burst-team' ? await burst(10, 50, await team(), name)
      : name === 'burst-local' ? await burst(10, 50, null, name)
      : name === 'mix-team' ? await mix(await team(), name)
      : name === 'mix-local' ? await mix(null, name)
      : name === 'floor50-team' ? await burst(50, 10, await team(), name, true)
      : name === 'floor50-local' ? await burst(50, 10, null, name)
      : [`unknown scenario ${name}; choose from ${all.join(', ')}`];
    console.log(out.join('\n'));
  }
} finally {
  pgCluster.current?.destroy();
}
