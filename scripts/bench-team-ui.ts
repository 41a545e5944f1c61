// npm run bench:team-ui: History in Team scope with 1,000,000 calls in the
// team database, in Debian's Chromium against the browser host (the real core
// reading a real PostgreSQL 15 in a throwaway cluster).
// Measures (1) Team scope's first page: click on "Team" to the first row and
// the total on screen, goal < 300 ms; (2) search: from the moment the debounced
// search starts (the page's `history:search` mark, so the 150 ms typing
// debounce is left out) to the filtered rows in the DOM, goal p95 < 100 ms,
// and (no goal) to the count line that follows them (its own read);
// (3) picking an agent from the list until that agent's rows show, and (4) the
// Dashboard in Team scope until today's totals show, and (7) a reason's button
// there until Team history shows its failed calls (no goals).
// Each figure comes with the core's own time for the same read, so the page's
// share and the database's can be told apart.
// Env: BENCH_TEAM_ROWS (default 1000000), BENCH_TEAM_RUNS (default 7),
// BENCH_TEAM_LOGIN=supervisor to read as a member of calllog_supervisor
// (row-level security applies) instead of the schema's owner;
// BENCH_TEAM_EXPLAIN=1 prints the server's plan (auto_explain, ANALYZE) of
// every statement the core ran that took 100 ms or more; BENCH_TEAM_HOLD=1
// keeps the seeded database up at the end (its URL printed) until Ctrl+C, to
// try plans by hand with psql; CHROMIUM_PATH.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { startBrowserHost } from '../electron/browser-host/server';
import { CallLogService } from '../electron/core/service';
import { DOC_ROLES, grantsSql } from '../electron/core/team/dba-sql';
import { migrate } from '../electron/core/team/team-db';
import { ELSEWHERE_WAIT_MS } from '../electron/core/team/team-link';
import { FileKeyCipher } from '../electron/core/vault';
import { dayName, localDayBounds, todayLocal } from '../renderer/app/days';
import { PAGE_SIZE } from '../renderer/features/history/filters';
import type { EntryState } from '../shared/entry';
import { startPostgres } from '../test/support/postgres';
import { awaitInPage, clickedAt, countText, ensureRenderer, markNextClick, ms, openChromium, pct, rendererDir, searchMark, watchInPage } from './bench-page';

const N = Number(process.env.BENCH_TEAM_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_TEAM_RUNS ?? 7);
const AS_SUPERVISOR = process.env.BENCH_TEAM_LOGIN === 'supervisor';
const EXPLAIN = process.env.BENCH_TEAM_EXPLAIN === '1';
const HOLD = process.env.BENCH_TEAM_HOLD === '1';
const SUPERVISOR = { user: 'bench_supervisor', password: 'bench-supervisor' };
const FIRST_PAGE_GOAL_MS = 300;
const SEARCH_GOAL_MS = 100;
/** A floor of 40 desktops, one agent each; calls spread over the last ~30 days. */
const DESKTOPS = 40;
const SPACING_S = 2.5;
const CHUNK = 100_000;

ensureRenderer('bench:team-ui');
const cluster = await startPostgres();
// Whatever happens below, the throwaway cluster goes with this process (destroy is synchronous and idempotent).
process.on('exit', () => cluster.destroy());
process.on('SIGINT', () => process.exit(130));
const database = await cluster.createDatabase('bench_team');
const ownerUrl = cluster.url(database);

// ---- schema and seed: the app's own migrations, then a million calls straight into calllog.calls.
const seedStart = performance.now();
const AGENTS = ['Asha Rao', 'Vikram Shah', 'Meera Iyer', 'Rahul Nair', 'Priya Menon', 'Arjun Das', 'Kavya Pillai', 'Rohan Gupta', 'Sneha Kulkarni', 'Imran Khan'];
const NOTES = ['Asked about pricing', 'Wants a refund', 'Warranty claim', 'Callback requested on Monday', 'Demo booked', 'Invoice query', 'Upgrade to premium plan', 'Complaint about delivery'];
/** The seed's RequestID for call i: an md5 shaped as a UUID, the same in SQL (md5(...)::uuid) and here. */
const requestIdOf = (i: number) => createHash('md5').update(`bench-team-${i}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
const sessionIdOf = (i: number) => `bench-team-${String(i).padStart(7, '0')}`;
{
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  await migrate(c);
  await c.query(`SET maintenance_work_mem = '256MB'`);
  const agent = (expr: string) => `(ARRAY[${AGENTS.map((a) => `'${a}'`).join(',')}])[(${expr}) % ${AGENTS.length} + 1] || ' ' || ((${expr}) / ${AGENTS.length} + 1)`;
  await c.query(
    `INSERT INTO calllog.desktops (desktop_id, name, agent_name, seen_at)
     SELECT 'desk-' || lpad(d::text, 2, '0'), 'FLOOR-PC-' || lpad(d::text, 2, '0'), ${agent('d')}, clock_timestamp() - interval '1 day'
     FROM generate_series(0, ${DESKTOPS - 1}) d`,
  );
  const notes = `(ARRAY[${NOTES.map((n) => `'${n}'`).join(',')}])[i % ${NOTES.length} + 1] || ' (ticket ' || (10000 + i) || ')'`;
  for (let lo = 0; lo < N; lo += CHUNK) {
    const hi = Math.min(N, lo + CHUNK) - 1;
    await c.query(
      `WITH s AS (
         SELECT i, 'desk-' || lpad((i % ${DESKTOPS})::text, 2, '0') AS desktop_id, i / ${DESKTOPS} + 1 AS id,
           '+91-9' || lpad((600000000 + (i::bigint * 7919) % 400000000)::text, 9, '0') AS lead,
           CASE WHEN i % 3 = 0 THEN 'Outbound' ELSE 'Inbound' END AS direction,
           now() - make_interval(secs => (${N} - i) * ${SPACING_S}) AS at,
           ${agent(`i % ${DESKTOPS}`)} AS agent, ${notes} AS notes,
           CASE WHEN i % 37 = 0 THEN 'failure' WHEN i % 101 = 0 THEN 'error' ELSE 'success' END AS state
         FROM generate_series(${lo}, ${hi}) i)
       INSERT INTO calllog.calls (desktop_id, id, key_fp, call_session_id, state, lead_number, lead_digits, direction, start_time,
         start_at, agent_name, notes, request_id, status_reason, last_error, source, attempts, status_checks, payload,
         created_at, updated_at, accepted_at, final_at, rev)
       SELECT desktop_id, id, 'bench', 'bench-team-' || lpad(i::text, 7, '0'), state, lead, regexp_replace(lead, '\\D', '', 'g'), direction,
         to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), at, agent, notes, md5('bench-team-' || i)::uuid::text,
         CASE state WHEN 'failure' THEN 'MXUserNotFound: No user has the agent number 86117' || lpad((i % ${DESKTOPS})::text, 5, '0')
                    WHEN 'error' THEN 'SystemError' END,
         NULL, CASE WHEN i % 5 = 0 THEN 'import' ELSE 'form' END, 1, 1,
         jsonb_build_object('SourceNumber', CASE WHEN direction = 'Inbound' THEN lead ELSE '8611795988' END,
           'DestinationNumber', CASE WHEN direction = 'Inbound' THEN '8611795988' ELSE lead END,
           'StartTime', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
           'EndTime', to_char((at + interval '75 seconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
           'CallDuration', '75', 'Status', 'Answered', 'CallNotes', notes, 'Direction', direction,
           'CallSessionId', 'bench-team-' || lpad(i::text, 7, '0'), 'AgentName', agent),
         at, at + interval '40 seconds', at + interval '2 seconds', at + interval '40 seconds', 3
       FROM s`,
    );
    process.stdout.write(`\rbench:team-ui: seeded ${(hi + 1).toLocaleString('en-US')} calls`);
  }
  // What a database that has lived with these rows would have: fresh statistics and visibility map.
  await c.query('VACUUM (ANALYZE) calllog.calls');
  await c.query('VACUUM (ANALYZE) calllog.desktops');
  if (AS_SUPERVISOR) {
    // A supervisor's login as docs/team.md sets one up (the cluster's own groups; the schema's owner is the superuser here).
    const roles = { ...DOC_ROLES, owner: 'postgres', supervisor: SUPERVISOR.user, supervisorPassword: SUPERVISOR.password };
    await c.query(`CREATE ROLE ${roles.desktops} NOLOGIN; CREATE ROLE ${roles.supervisors} NOLOGIN;
      CREATE ROLE ${roles.supervisor} LOGIN PASSWORD '${roles.supervisorPassword}' IN ROLE ${roles.desktops}, ${roles.supervisors}`);
    await c.query(grantsSql(roles));
  }
  if (EXPLAIN) {
    // Every later session (the core's) logs the plan of its slow statements to the server's log.
    await c.query(`ALTER DATABASE ${database} SET session_preload_libraries = 'auto_explain'`);
    for (const [k, v] of [['log_min_duration', '100'], ['log_analyze', 'on'], ['log_buffers', 'on'], ['log_timing', 'on']]) {
      await c.query(`ALTER DATABASE ${database} SET auto_explain.${k} = '${v}'`);
    }
  }
  await c.end();
}
const size = (await cluster.sql(database, `SELECT pg_size_pretty(pg_total_relation_size('calllog.calls')) AS s`)).rows[0].s as string;
console.log(`\nbench:team-ui: ${N.toLocaleString('en-US')} calls seeded in ${ms(performance.now() - seedStart)} (calllog.calls with its indexes: ${size})`);
console.log(`bench:team-ui: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; reading as ${AS_SUPERVISOR ? 'a calllog_supervisor member (row-level security)' : 'the schema owner'}`);

// ---- the supervisor's desktop: no calls of its own, pointed at the team database.
const dataDir = mkdtempSync(join(tmpdir(), 'calllog-bench-team-ui-'));
const service = await CallLogService.open({ dataDir, cipher: new FileKeyCipher(dataDir) });
await service.updateSettings({ useSandbox: false });
const loginUrl = AS_SUPERVISOR ? ownerUrl.replace(/\/\/[^@]+@/, `//${SUPERVISOR.user}:${SUPERVISOR.password}@`) : ownerUrl;
const info = await service.team.setDatabase(loginUrl);
if (info.state !== 'connected') throw new Error(`bench:team-ui: the team database did not connect: ${info.message}`);
const host = await startBrowserHost({ service, rendererDir });
const { browser, page } = await openChromium();
const nav = page.getByRole('navigation', { name: 'Main' });
const teamRadio = page.getByRole('group', { name: 'Show calls from' }).getByRole('radio', { name: 'Team' });

/** The core's own answers and times for the reads the page makes (its first page: the same limit, so the same plan; and the count). */
async function core(q: { search?: string; agent?: string; states?: EntryState[]; reason?: string; loggedFrom?: number; loggedTo?: number }) {
  const t = performance.now();
  const r = await service.team.list({ ...q, limit: PAGE_SIZE });
  const listMs = performance.now() - t;
  const c = await service.team.count(q);
  return { total: c.total, exact: c.exact, firstKey: r.items[0] ? `${r.items[0].desktopId}/${r.items[0].id}` : null, ms: listMs, countMs: performance.now() - t - listMs };
}

/** The count as the report prints it: "10000+" where the server stopped counting. */
const shownTotal = (r: { total: number; exact: boolean }) => `${r.total}${r.exact ? '' : '+'}`;

// ---- (1) Team's first page: reload (cold query cache; the scope set back to "This computer"), open History, click Team.
const all = await core({}).catch((err: Error) => {
  // A read the core gives up on (its statement timeout) is a result here, not a crash.
  console.log(`\nbench:team-ui: the Team scope cannot load: listTeamEntries says "${err.message}"`);
  process.exit(1);
});
if (all.total !== N) throw new Error(`bench:team-ui: the team's history says ${all.total} calls, not ${N}`);
const firstPage: number[] = [];
const firstPageCore: number[] = [];
await page.goto(host.url);
for (let run = 0; run <= RUNS; run++) {
  // The scope chosen is kept (the last run's Team): each run starts at "This computer" again.
  service.settings.setViewScope('local');
  await page.reload();
  await nav.getByRole('button', { name: 'History', exact: true }).click();
  await page.locator('.history-count').filter({ hasText: /^0 calls$/ }).waitFor();
  await page.waitForTimeout(300); // let the page settle
  await markNextClick(page);
  await watchInPage(page, '__firstRow', { kind: 'rows', countText: countText(N) });
  await teamRadio.click();
  const seen = await awaitInPage(page, '__firstRow');
  const clickAt = await clickedAt(page);
  if (run > 0) {
    firstPage.push(seen.dom - clickAt); // run 0 warms Chromium's and PostgreSQL's caches
    firstPageCore.push((await core({})).ms);
  }
}

// ---- (2) search in Team scope: each query's expected result comes from the core directly.
const queries = [
  { kind: 'number', q: '9600007919' },
  { kind: 'number', q: '+91-96001' },
  { kind: 'number', q: '96 0055 4330' },
  { kind: 'notes', q: 'refund' },
  { kind: 'notes', q: 'ticket 543210' },
  { kind: 'notes', q: 'premium plan' },
  { kind: 'RequestID', q: requestIdOf(Math.floor(N * 0.42)) },
  { kind: 'RequestID', q: requestIdOf(Math.floor(N * 0.77)).slice(0, 8) },
  { kind: 'session ID', q: sessionIdOf(Math.floor(N * 0.1)) },
  { kind: 'no match', q: 'zz-no-such-call' },
  { kind: 'number', q: '9612345' },
  { kind: 'notes', q: 'Warranty' },
];
const search = page.getByRole('searchbox', { name: 'Search history' });
const searchRows: { kind: string; q: string; total: string; core: number; coreCount: number; dom: number; counted: number; typed: number }[] = [];
for (const { kind, q } of queries) {
  const expected = await core({ search: q });
  // The rows (the goal), and the count line that follows them.
  await watchInPage(page, '__search', { kind: 'rows', firstKey: expected.firstKey, afterMark: 'history:search' });
  await watchInPage(page, '__searchCount', { kind: 'text', selector: '.history-count', text: countText(expected.total, expected.exact), afterMark: 'history:search' });
  const typedAt = await page.evaluate(() => performance.now());
  await search.fill(q);
  const seen = await awaitInPage(page, '__search');
  const counted = await awaitInPage(page, '__searchCount');
  const start = await searchMark(page);
  searchRows.push({ kind, q, total: shownTotal(expected), core: expected.ms, coreCount: expected.countMs, dom: seen.dom - start, counted: counted.dom - start, typed: seen.dom - typedAt });
}

// ---- (3) an agent picked from the list (no debounce: the click is the start).
await search.fill('');
await page.locator('.history-count').filter({ hasText: countText(N) }).waitFor();
const agentPicks: { agent: string; total: string; core: number; dom: number }[] = [];
const agentSelect = page.getByRole('combobox', { name: 'Agent' });
for (const agent of [`${AGENTS[3]} 1`, `${AGENTS[7]} 4`, `${AGENTS[0]} 2`]) {
  const expected = await core({ agent });
  await watchInPage(page, '__agent', { kind: 'rows', countText: countText(expected.total, expected.exact), firstKey: expected.firstKey });
  const t = await page.evaluate(() => performance.now());
  await agentSelect.selectOption(agent);
  const seen = await awaitInPage(page, '__agent');
  agentPicks.push({ agent, total: shownTotal(expected), core: expected.ms, dom: seen.dom - t });
}

// ---- (4) the Dashboard, still in Team scope: click until today's "Logged" total shows.
const day = localDayBounds(todayLocal())!;
const dashCoreStart = performance.now();
const dash = await service.team.dashboard(day);
const dashCore = performance.now() - dashCoreStart;
await markNextClick(page);
await watchInPage(page, '__dash', { kind: 'text', selector: '.team-dashboard .stat dd', text: dash.totals.logged.toLocaleString('en-US') });
await nav.getByRole('button', { name: 'Dashboard', exact: true }).click();
const dashSeen = await awaitInPage(page, '__dash');
const dashMs = dashSeen.dom - (await clickedAt(page));

// ---- (7) the Dashboard's drill-down: a reason's button (its failures of the day) clicked until Team history shows them.
const FAILED_STATES: EntryState[] = ['failure', 'error'];
const topReason = dash.failuresByReason.find((r) => r.reason !== 'No reason given');
if (!topReason) throw new Error('bench:team-ui: no failure with a reason today to drill into');
const drillExpected = await core({ states: FAILED_STATES, reason: topReason.reason, loggedFrom: day.from, loggedTo: day.to });
await markNextClick(page);
await watchInPage(page, '__drill', { kind: 'rows', countText: countText(drillExpected.total, drillExpected.exact), firstKey: drillExpected.firstKey });
await page.getByRole('button', { name: `failed calls for the reason “${topReason.reason}” logged on ${dayName(todayLocal())} in History`, exact: false }).first().click();
const drillSeen = await awaitInPage(page, '__drill');
const drill = { reason: topReason.reason, total: shownTotal(drillExpected), core: drillExpected.ms, coreCount: drillExpected.countMs, dom: drillSeen.dom - (await clickedAt(page)) };

// ---- (5) team CSV export in the core: one agent's calls, then the whole floor's (the heaviest a supervisor can ask for).
const exports: { what: string; rows: number; ms: number; mb: number; rssMb: number; refused: string | null }[] = [];
for (const [what, q] of [[`agent ${AGENTS[3]} 1`, { agent: `${AGENTS[3]} 1` }], ['all calls', {}]] as const) {
  const rssBefore = process.memoryUsage().rss;
  const t = performance.now();
  const r = await service.team.exportCsv(q).catch((err: Error) => ({ csv: '', rows: 0, refused: err.message }));
  const refused = 'refused' in r ? r.refused : null;
  exports.push({ what, rows: r.rows, ms: performance.now() - t, mb: Buffer.byteLength(r.csv) / 2 ** 20, rssMb: (process.memoryUsage().rss - rssBefore) / 2 ** 20, refused });
}
// The export must not have made the database look away (the budget and replication share its pool).
const afterExport = service.team.database();
if (afterExport.state !== 'connected') throw new Error(`bench:team-ui: after the export the team database is ${afterExport.state}: ${afterExport.message}`);

// ---- (6) an import's look at the team's calls (calllog.logged_elsewhere): a file of n session IDs, half of them
// logged already on the floor's desktops, as the supervisor's desktop asks before saving any row.
const lookups: { n: number; found: number; ms: number }[] = [];
for (const n of [2_000, 10_000, 50_000]) {
  const ids = Array.from({ length: n }, (_, i) => (i % 2 ? `bench-new-${i}` : sessionIdOf((i * 7919) % N)));
  const t = performance.now();
  const r = await cluster.sql(database, 'SELECT count(*)::int AS n FROM calllog.logged_elsewhere(NULL, $1, $2)', ['bench-importer', ids]);
  lookups.push({ n, found: r.rows[0].n as number, ms: performance.now() - t });
}

// ---- report
const med = (xs: number[]) => pct(xs, 50);
const fp = med(firstPage);
console.log(`\n(1) Team scope's first page with ${N.toLocaleString('en-US')} calls (click on Team to the first row + total), ${firstPage.length} runs:`);
console.log(
  `    median ${ms(fp)} = ${(fp / FIRST_PAGE_GOAL_MS).toFixed(2)} of the ${FIRST_PAGE_GOAL_MS} ms goal (min ${ms(Math.min(...firstPage))}, max ${ms(Math.max(...firstPage))}); core listTeamEntries alone: median ${ms(med(firstPageCore))}`,
);
console.log(`\n(2) search in Team scope, from the debounced search starting to the filtered rows in the DOM (excludes the 150 ms debounce), and to the count line:`);
for (const r of searchRows) {
  console.log(
    `    ${r.kind.padEnd(10)} ${JSON.stringify(r.q).padEnd(40)} ${r.total.padStart(7)} rows  ${ms(r.dom).padStart(9)}  count ${ms(r.counted).padStart(9)}  (from typing ${ms(r.typed)}; core listTeamEntries alone ${ms(r.core)}, countTeamEntries ${ms(r.coreCount)})`,
  );
}
const sDom = searchRows.map((r) => r.dom);
const sCount = searchRows.map((r) => r.counted);
console.log(`    rows: median ${ms(med(sDom))} = ${(med(sDom) / SEARCH_GOAL_MS).toFixed(2)} of the ${SEARCH_GOAL_MS} ms goal; p95 ${ms(pct(sDom, 95))} = ${(pct(sDom, 95) / SEARCH_GOAL_MS).toFixed(2)} of the goal`);
console.log(`    count line: median ${ms(med(sCount))}, p95 ${ms(pct(sCount, 95))} (no goal)`);
console.log(`\n(3) an agent picked from the list until that agent's rows show:`);
for (const a of agentPicks) console.log(`    ${a.agent.padEnd(20)} ${a.total.padStart(7)} rows  ${ms(a.dom).padStart(9)}  (core listTeamEntries alone ${ms(a.core)})`);

console.log(`\n(4) Team dashboard for today (${dash.totals.logged.toLocaleString('en-US')} calls logged today): click to totals ${ms(dashMs)} (core teamDashboard alone ${ms(dashCore)})`);

console.log(`\n(5) team CSV export in the core (a cursor on a connection of its own):`);
for (const e of exports) {
  if (e.refused) console.log(`    ${e.what.padEnd(20)} refused after ${ms(e.ms)}: "${e.refused}"; RSS +${e.rssMb.toFixed(0)} MB`);
  else console.log(`    ${e.what.padEnd(20)} ${e.rows.toLocaleString('en-US').padStart(9)} rows  ${ms(e.ms).padStart(10)}  ${e.mb.toFixed(1)} MB of CSV; RSS +${e.rssMb.toFixed(0)} MB`);
}
console.log(`    team database afterwards: ${afterExport.state}`);

console.log(`\n(6) an import's look at the team's calls for the session IDs of its file (half of them logged elsewhere):`);
for (const l of lookups) {
  console.log(`    ${l.n.toLocaleString('en-US').padStart(6)} IDs  ${l.found.toLocaleString('en-US').padStart(6)} found  ${ms(l.ms).padStart(9)} = ${(l.ms / ELSEWHERE_WAIT_MS).toFixed(2)} of the ${ELSEWHERE_WAIT_MS} ms an import waits`);
}
console.log(`\n(7) the Dashboard's failures by reason, "${drill.reason}" clicked until Team history shows them (${drill.total} failed calls of the day): ${ms(drill.dom)} (core listTeamEntries alone ${ms(drill.core)}, its count ${ms(drill.coreCount)}; no goal)`);

if (EXPLAIN) {
  const dataDirectory = (await cluster.sql('postgres', 'SHOW data_directory')).rows[0].data_directory as string;
  const log = readFileSync(join(dirname(dataDirectory), 'log'), 'utf8');
  const plans = log.split(/\n(?=\S+ \S+ \S+ \[\d+\] )/).filter((e) => e.includes('duration:') && e.includes('plan:'));
  console.log(`\nauto_explain: ${plans.length} statements of 100 ms or more\n`);
  for (const p of plans) console.log(`${p.trim()}\n`);
}

await browser.close();
await host.close();
await service.close();
rmSync(dataDir, { recursive: true, force: true });
if (HOLD) {
  console.log(`\nbench:team-ui: holding the database for psql until Ctrl+C: ${ownerUrl}`);
  // A timer keeps Node running: a promise that never settles alone lets it exit (code 13), taking the cluster with it.
  await new Promise(() => setInterval(() => undefined, 60_000));
}
cluster.destroy();
