// The team's Time to Success on the Dashboard (schema step 13), read over the
// contract as the page reads it, against a real PostgreSQL: the day's delivered
// account calls by time from logging to Success, in the buckets this computer's
// Dashboard uses, and their median. Calls with known times are written into the
// team database as desktops and the orphan watcher leave them.
import { describe, expect, it } from 'vitest';
import { callInput, waitForState } from '../../../test/support/engine';
import { freshTeamDatabase, runSql, TEAM_TIMING, teamLogins, today } from '../../../test/support/team';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';
import { contractValue, openHostWorld, type HostWorld } from '../../../test/support/world';

const tempDir = useTempDirs();

type Day = { from: number; to: number };
type Buckets = { label: string; count: number }[];
const teamDashboard = (d: HostWorld, day: Day) =>
  contractValue<{ totals: { delivered: number }; timeToSuccess: Buckets; medianSecondsToSuccess: number | null }>(d, 'teamDashboard', day);

/** A supervisor's desktop on the team database at `url` (its owner: it sees the team's calls), read over the contract; `check` runs with it open. */
async function withSupervisor(url: string, check: (sup: HostWorld) => Promise<void>) {
  const sup = await openHostWorld(tempDir(), { timing: TEAM_TIMING });
  try {
    expect((await sup.svc.team.setDatabase(url)).state).toBe('connected');
    await check(sup);
  } finally {
    await sup.close();
  }
}

/** A day long past, in this machine's time zone as the Dashboard asks for it. */
const DAY_FROM = new Date(2026, 2, 2).getTime();
const DAY = { from: DAY_FROM, to: DAY_FROM + 24 * 3_600_000 - 1 };

let seq = 0;
/**
 * A call as the team database holds it: logged `minute` minutes into DAY, final (or followed by a
 * watcher) `seconds` after that. Written by the test's superuser unless `owner` says whose it is.
 */
async function seed(
  db: { sql: (text: string, params?: unknown[]) => Promise<unknown> },
  c: { minute: number; seconds: number | null; state: string; watched?: string; test?: boolean; owner?: string },
) {
  const n = ++seq;
  const created = new Date(DAY_FROM + c.minute * 60_000);
  const done = c.seconds === null ? null : new Date(created.getTime() + c.seconds * 1000);
  await db.sql(
    `INSERT INTO calllog.calls (desktop_id, id, owner_role, call_session_id, state, lead_number, lead_digits, direction, start_time, start_at,
       agent_name, notes, source, attempts, status_checks, payload, created_at, updated_at, final_at, rev, target, watched_state, watched_at)
     VALUES ('seeded-desk', $1::bigint, coalesce($2, current_user), 'seeded-' || $1::text, $3, '+91-9000000000', '919000000000', 'Inbound', '2026-03-02 10:00:00', $4,
       'Asha Rao', '', 'form', 1, 1, '{}', $4, $4, $5, 1, $6, $7, $8)`,
    [n, c.owner ?? null, c.state, created, c.watched ? null : done, c.test ? 'sandbox' : 'leadsquared', c.watched ?? null, c.watched ? done : null],
  );
}

describe('the team’s Time to Success', () => {
  it('counts the day’s delivered account calls by time to Success in this computer’s buckets, a watcher’s outcome at its time, with the median', async () => {
    const db = await freshTeamDatabase();
    await withSupervisor(db.url, async (sup) => {
      // Delivered: 5, 10, 20, 45, 90 and 200 s (the last found by a watcher), 1 h and 2 h after logging.
      for (const [minute, seconds] of [[1, 5], [2, 10], [3, 20], [4, 45], [5, 90], [7, 3600], [8, 7200]] as const) {
        await seed(db, { minute, seconds, state: 'success' });
      }
      // The owner still shows In-Queue (it has not adopted the outcome yet): the watcher's Success and time count.
      await seed(db, { minute: 6, seconds: 200, state: 'in_queue', watched: 'success' });
      // Not counted: failed calls, a watcher's failure, a call still in LeadSquared's queue, a test call, and another day's.
      await seed(db, { minute: 9, seconds: 3, state: 'failure' });
      await seed(db, { minute: 10, seconds: 3, state: 'error' });
      await seed(db, { minute: 11, seconds: 3, state: 'in_queue', watched: 'failure' });
      await seed(db, { minute: 12, seconds: null, state: 'in_queue' });
      await seed(db, { minute: 13, seconds: 4, state: 'success', test: true });
      await seed(db, { minute: -30, seconds: 4, state: 'success' });

      const dash = await teamDashboard(sup, DAY);
      expect(dash.totals.delivered).toBe(8);
      // A bucket holds from its lower bound on: 10 s is "10–30 s", an hour "> 1 h".
      expect(Object.fromEntries(dash.timeToSuccess.map((b) => [b.label, b.count]))).toEqual({
        '< 10 s': 1, '10–30 s': 2, '30 s–1 min': 1, '1–2 min': 1, '2–5 min': 1, '5–15 min': 0, '15–60 min': 0, '> 1 h': 2,
      });
      // Of eight, the faster of the two middle ones (45 and 90 s), as this computer's Dashboard takes it.
      expect(dash.medianSecondsToSuccess).toBe(45);

      // No delivered call that day: empty buckets and no median (the tile shows "—").
      const empty = await teamDashboard(sup, { from: DAY.from + 24 * 3_600_000, to: DAY.to + 24 * 3_600_000 });
      expect(empty.timeToSuccess.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      expect(empty.medianSecondsToSuccess).toBeNull();

      // A desktop still on step 12 reads team_day, which step 13 left as it was.
      const old = await runSql(db.url, 'SELECT calllog.team_day($1, $2) AS d', [new Date(DAY.from), new Date(DAY.to)]);
      expect(Object.keys(old.rows[0].d).sort()).toEqual(['byAgent', 'byReason', 'delivered', 'failed', 'hours', 'logged', 'testCalls', 'waiting']);
      expect(old.rows[0].d).toMatchObject({ logged: 12, delivered: 8, failed: 3, testCalls: 1 });
    });
  }, 60_000);

  it('an agent’s login is told the times of its own calls only', async () => {
    const db = await freshTeamDatabase();
    await withSupervisor(db.url, async (sup) => {
      const login = await teamLogins(db, ['agent'], []);
      await seed(db, { minute: 1, seconds: 5, state: 'success', owner: new URL(login.agent).username });
      await seed(db, { minute: 2, seconds: 400, state: 'success' });
      const asAgent = await runSql(login.agent, 'SELECT calllog.team_time_to_success($1, $2, $3) AS t', [new Date(DAY.from), new Date(DAY.to), [10, 30, 60]]);
      expect(asAgent.rows[0].t).toEqual({ buckets: [{ bucket: 0, n: 1 }], medianSeconds: 5 });
      expect((await teamDashboard(sup, DAY)).timeToSuccess.reduce((n, b) => n + b.count, 0)).toBe(2);
    });
  }, 60_000);

  it('a call delivered through LeadSquared today shows in the same bucket, with the same median, in both scopes', async () => {
    const db = await freshTeamDatabase();
    await withSupervisor(db.url, async (sup) => {
      await waitForState(sup.svc, sup.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['success']);
      const day = today();
      const team = await waitFor('the delivered call in the team’s Time to Success', async () => {
        const d = await teamDashboard(sup, day);
        return d.medianSecondsToSuccess === null ? null : d;
      });
      const local = (await contractValue<{ timeToSuccess: Buckets }>(sup, 'deliveryStats', day)).timeToSuccess;
      expect(local.reduce((n, b) => n + b.count, 0)).toBe(1);
      expect(team.timeToSuccess).toEqual(local);
      const health = await contractValue<{ local: { medianSecondsToSuccess: number } }>(sup, 'queueHealth', day);
      expect(team.medianSecondsToSuccess).toBeCloseTo(health.local.medianSecondsToSuccess, 3);
    });
  }, 60_000);
});
