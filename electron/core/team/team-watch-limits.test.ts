// The orphan watcher against a desktop's own login (security review finding 1):
// any desktop login may take the watcher's lock, so what counts as "away" and
// how long a claim lasts are the database's to decide, and the owner's own
// final state wins over whatever a watcher recorded.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server';
import { callInput, FAST_TIMING, waitForState } from '../../../test/support/engine';
import { freshTeamDatabase, runSql, teamLogins } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';
import { dbaSchemaSql } from './dba-sql';
import { WATCH_NEXT_MAX_MS } from './migration-17';
import { WATCHER_LEASE_MS } from './replicator';

const tempDir = useTempDirs();
const { desktop } = useEngines(tempDir);
const KEY = 'abcdef0123456789';
/** 2^31 − 1 ms: the longest lease an integer argument can ask for, about 25 days. */
const HUGE_LEASE = 2_147_483_647;

type Db = Awaited<ReturnType<typeof freshTeamDatabase>>;

/** The schema as the DBA runs it, and two agents' logins and a supervisor's. */
async function floor(db: Db) {
  await db.sql(dbaSchemaSql());
  const logins = await teamLogins(db, ['asha', 'bob', 'meera'] as const, ['meera']);
  const register = (login: string, desktopId: string, name: string) =>
    runSql(login, `INSERT INTO calllog.desktops (desktop_id, name, agent_name, key_fp) VALUES ($1, $2, $3, $4)`, [desktopId, name, name, KEY]);
  await register(logins.asha, 'desk-asha-1', 'Seat 1');
  await register(logins.bob, 'desk-bob-1', 'Seat 2');
  // Bob's call still in LeadSquared's queue, as his replicator writes it.
  await runSql(
    logins.bob,
    `INSERT INTO calllog.calls (desktop_id, id, key_fp, call_session_id, state, lead_number, lead_digits, direction, start_time, start_at,
       agent_name, notes, request_id, source, attempts, status_checks, payload, created_at, updated_at, accepted_at, rev, target)
     VALUES ('desk-bob-1', 1, $1, 'sess-bob-1', 'in_queue', '+91 98450 00001', '919845000001', 'Outbound', '2026-12-02 09:00:00', now(),
       'Bob', '', 'req-bob-1', 'manual', 1, 0, '{}', now(), now(), now(), 1, 'leadsquared')`,
    [KEY],
  );
  return logins;
}

/** Asha's login holding the watcher's lock, as claim.sh takes it from psql. */
async function holdingTheLock(login: string, fn: (c: pg.Client) => Promise<void>): Promise<void> {
  const c = new pg.Client({ connectionString: login });
  await c.connect();
  try {
    await c.query(`SELECT pg_advisory_lock(hashtextextended('calllog.watcher.v3:' || $1, 0))`, [KEY]);
    await fn(c);
  } finally {
    await c.end();
  }
}

const claim = (c: pg.Client, staleMs: number, leaseMs: number) =>
  c.query(`SELECT desktop_id, id FROM calllog.claim_orphans($1, 'desk-asha-1', $2, $3, 100)`, [KEY, staleMs, leaseMs]);
const leaseLeftMs = async (db: Db) =>
  Number((await db.sql(`SELECT extract(epoch FROM watch_lease_until - clock_timestamp()) * 1000 AS ms FROM calllog.calls WHERE id = 1`)).rows[0].ms);
const nextCheckInMs = async (db: Db, id = 1) =>
  Number((await db.sql(`SELECT extract(epoch FROM watch_next_at - clock_timestamp()) * 1000 AS ms FROM calllog.calls WHERE id = $1`, [id])).rows[0].ms);
const record = (c: pg.Client, nextMs: number) =>
  c.query(`SELECT calllog.record_watch($1, 'desk-asha-1', 'desk-bob-1', 1, 'req-bob-1', NULL, NULL, $2) AS ok`, [KEY, nextMs]);

describe('the orphan watcher’s thresholds, from a desktop’s login', () => {
  it('a negative away threshold claims nothing of a desktop online; a lease of 25 days is cut to the owner’s limit', async () => {
    const db = await freshTeamDatabase();
    const logins = await floor(db);
    await holdingTheLock(logins.asha, async (c) => {
      expect((await claim(c, 180_000, 60_000)).rows).toEqual([]);
      // Bob's desktop beat a moment ago: however short a threshold Asha's login passes, it is present.
      expect((await claim(c, -1_000_000_000, 2_000_000_000)).rows).toEqual([]);
      expect((await claim(c, 0, HUGE_LEASE)).rows).toEqual([]);

      // Bob closes his desktop normally: now his call is Asha's to follow, for a minute at a time.
      await runSql(logins.bob, `UPDATE calllog.desktops SET signed_off_at = clock_timestamp() WHERE desktop_id = 'desk-bob-1'`);
      expect((await claim(c, 180_000, HUGE_LEASE)).rows).toEqual([{ desktop_id: 'desk-bob-1', id: '1' }]);
      expect(await leaseLeftMs(db)).toBeLessThanOrEqual(60_000);
      const renewed = await c.query(`SELECT calllog.renew_watch($1, 'desk-asha-1', 'desk-bob-1', 1, -1, $2) AS ok`, [KEY, HUGE_LEASE]);
      expect(renewed.rows[0].ok).toBe(true);
      expect(await leaseLeftMs(db)).toBeLessThanOrEqual(60_000);
    });
  });

  it('the limits are the schema owner’s: a desktop’s login can neither read nor change them', async () => {
    const db = await freshTeamDatabase();
    const logins = await floor(db);
    await expect(runSql(logins.asha, 'UPDATE calllog.watch_limits SET min_away_ms = 1000, max_lease_ms = 600000')).rejects.toThrow(/permission denied/);
    await expect(runSql(logins.asha, 'SELECT * FROM calllog.watch_limits')).rejects.toThrow(/permission denied/);
    // The owner shortens the lease; a call silent longer than the owner's floor is claimed with it.
    await db.sql('UPDATE calllog.watch_limits SET min_away_ms = 60000, max_lease_ms = 5000');
    await db.sql(`UPDATE calllog.desktops SET seen_at = clock_timestamp() - interval '90 seconds' WHERE desktop_id = 'desk-bob-1'`);
    await holdingTheLock(logins.asha, async (c) => {
      expect((await claim(c, 60_000, 60_000)).rows).toHaveLength(1);
      expect(await leaseLeftMs(db)).toBeLessThanOrEqual(5000);
    });
  });

  it('the owner’s final state, written after a watcher recorded another, is what the team sees', async () => {
    const db = await freshTeamDatabase();
    const logins = await floor(db);
    await runSql(logins.bob, `UPDATE calllog.desktops SET signed_off_at = clock_timestamp() WHERE desktop_id = 'desk-bob-1'`);
    await holdingTheLock(logins.asha, async (c) => {
      expect((await claim(c, 180_000, 60_000)).rows).toHaveLength(1);
      const recorded = await c.query(`SELECT calllog.record_watch($1, 'desk-asha-1', 'desk-bob-1', 1, 'req-bob-1', 'success', 'Looks fine', 0) AS ok`, [KEY]);
      expect(recorded.rows[0].ok).toBe(true);
    });
    const seen = async () =>
      (await runSql(logins.meera, `SELECT state, status_reason, watcher FROM calllog.team_call('desk-bob-1', 1)`)).rows[0] as { state: string; status_reason: string; watcher: string };
    // Until Bob's desktop says otherwise, the watcher's outcome is the team's.
    expect(await seen()).toEqual({ state: 'success', status_reason: 'Looks fine', watcher: 'Seat 1' });

    // Bob's desktop, back, learns the real outcome itself and copies it.
    await runSql(logins.bob, `UPDATE calllog.calls SET state = 'failure', status_reason = 'Lead not found', final_at = now(), rev = 2 WHERE desktop_id = 'desk-bob-1' AND id = 1`);
    expect(await seen()).toEqual({ state: 'failure', status_reason: 'Lead not found', watcher: 'Seat 1' });
    const row = (await db.sql(`SELECT team_state, team_reason FROM calllog.calls WHERE desktop_id = 'desk-bob-1' AND id = 1`)).rows[0];
    expect(row).toEqual({ team_state: 'failure', team_reason: 'Lead not found' });
    const failed = await runSql(logins.meera, `SELECT state FROM calllog.team_list(NULL, NULL, ARRAY['failure'], NULL, NULL, NULL, NULL, NULL, NULL, NULL, 50, 0)`);
    expect(failed.rows).toEqual([{ state: 'failure' }]);
  });

  it('the next check a watcher records comes within the schedule’s longest gap, however far away it asks (step 17)', async () => {
    const db = await freshTeamDatabase();
    const logins = await floor(db);
    await runSql(logins.bob, `UPDATE calllog.desktops SET signed_off_at = clock_timestamp() WHERE desktop_id = 'desk-bob-1'`);
    // The app's own longest gap is the default schedule's last one: 3 hours.
    expect(WATCH_NEXT_MAX_MS).toBe(3 * 3_600_000);
    await holdingTheLock(logins.asha, async (c) => {
      // A gap of the app's own schedule is recorded as asked.
      expect((await claim(c, 180_000, 60_000)).rows).toHaveLength(1);
      expect((await record(c, 7 * 60_000)).rows[0].ok).toBe(true);
      expect(await nextCheckInMs(db)).toBeLessThanOrEqual(7 * 60_000);
      expect(await nextCheckInMs(db)).toBeGreaterThan(6 * 60_000);

      // 2^31 − 1 ms (about 25 days) from a login holding the lock: cut to the longest gap.
      await db.sql(`UPDATE calllog.calls SET watch_next_at = NULL WHERE id = 1`);
      expect((await claim(c, 180_000, 60_000)).rows).toHaveLength(1);
      expect((await record(c, HUGE_LEASE)).rows[0].ok).toBe(true);
      expect(await nextCheckInMs(db)).toBeLessThanOrEqual(WATCH_NEXT_MAX_MS);
      expect(await nextCheckInMs(db)).toBeGreaterThan(WATCH_NEXT_MAX_MS / 2);
    });
  });

  it('upgraded to step 15, a database drops what a watcher recorded over a final state, and cuts a lease granted for weeks', async () => {
    const db = await freshTeamDatabase();
    const full = dbaSchemaSql();
    await db.sql(full.slice(0, full.indexOf('-- 15: ')));
    await db.sql(`INSERT INTO calllog.desktops (desktop_id, name) VALUES ('d', 'Desk')`);
    const call = (id: number, state: string, reason: string, watched: string | null, lease: string) =>
      db.sql(`INSERT INTO calllog.calls (desktop_id, id, call_session_id, state, lead_number, lead_digits, direction, start_time, start_at, agent_name,
          notes, request_id, status_reason, source, attempts, status_checks, payload, created_at, updated_at, accepted_at, rev, watch_by,
          watch_request_id, watched_state, watched_reason, watched_at, watch_lease_until)
        VALUES ('d', ${id}, 's${id}', '${state}', '1', '1', 'Inbound', '', now(), 'Asha', '', 'req-${id}', '${reason}', 'form', 1, 1, '{}',
          now(), now(), now(), 1, 'w', 'req-${id}', ${watched ? `'${watched}'` : 'NULL'}, ${watched ? "'Looks fine'" : 'NULL'}, now(), ${lease})`);
    await call(1, 'failure', 'Lead not found', 'success', 'NULL');
    await call(2, 'in_queue', '', null, `now() + interval '25 days'`);
    await db.sql(dbaSchemaSql(14));
    const rows = (await db.sql(`SELECT id, team_state, team_reason, watch_by,
        extract(epoch FROM watch_lease_until - clock_timestamp()) * 1000 AS lease_ms FROM calllog.calls ORDER BY id`)).rows;
    expect(rows[0]).toMatchObject({ team_state: 'failure', team_reason: 'Lead not found', watch_by: 'w' });
    expect(Number(rows[1].lease_ms)).toBeLessThanOrEqual(60_000);
  });
  it('upgraded to step 17, a database brings a next check put weeks away within the longest gap, and drops rows kept for no key', async () => {
    const db = await freshTeamDatabase();
    const full = dbaSchemaSql();
    await db.sql(full.slice(0, full.indexOf('-- 17: ')));
    await db.sql(`INSERT INTO calllog.desktops (desktop_id, name) VALUES ('d', 'Desk')`);
    const call = (id: number, nextAt: string) =>
      db.sql(`INSERT INTO calllog.calls (desktop_id, id, key_fp, call_session_id, state, lead_number, lead_digits, direction, start_time, start_at,
          agent_name, notes, request_id, source, attempts, status_checks, payload, created_at, updated_at, accepted_at, rev, watch_by,
          watch_request_id, watched_at, watch_checks, watch_next_at)
        VALUES ('d', ${id}, '${KEY}', 's${id}', 'in_queue', '1', '1', 'Inbound', '', now(), 'Asha', '', 'req-${id}', 'form', 1, 1, '{}',
          now(), now(), now(), 1, 'w', 'req-${id}', now(), 1, ${nextAt})`);
    // A next check pushed 24 days away by a login holding the lock before step 17, and one of the schedule's own.
    await call(1, `now() + interval '24 days'`);
    await call(2, `now() + interval '7 minutes'`);
    // Rows step 16 made for texts that are no key, beside the floor's real key's.
    for (const key of [KEY, 'fp-junk', 'x'.repeat(5000)]) {
      await db.sql(`SELECT calllog.take_slot($1, 'd', 0, '{1,0,0}', 25, 5000, 1000, 0)`, [key]);
      await db.sql(`SELECT * FROM calllog.latest_metrics($1, 60000)`, [key]);
    }
    await db.sql(dbaSchemaSql(16));

    expect(await nextCheckInMs(db, 1)).toBeLessThanOrEqual(WATCH_NEXT_MAX_MS);
    expect(await nextCheckInMs(db, 2)).toBeLessThanOrEqual(7 * 60_000);
    expect(await nextCheckInMs(db, 2)).toBeGreaterThan(6 * 60_000);
    const watch = (await db.sql(`SELECT id, watch_by, watch_checks FROM calllog.calls ORDER BY id`)).rows;
    expect(watch).toEqual([{ id: '1', watch_by: 'w', watch_checks: 1 }, { id: '2', watch_by: 'w', watch_checks: 1 }]);
    for (const table of ['budget_keys', 'budget_slots', 'budget_demand', 'queue_metrics']) {
      expect((await db.sql(`SELECT DISTINCT key_fp FROM calllog.${table}`)).rows, table).toEqual([{ key_fp: KEY }]);
    }
  });
});

describe('a desktop back from being away', () => {
  // 24 days: claim2.sh's lease, as a database before step 15 granted anyone holding the watcher's
  // lock. 30: more milliseconds than an integer holds, which failed every adoption of the desktop.
  it.each([24, 30])('leaves a call it finds claimed for %d days for at most a lease of its own', async (days) => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 120_000 });
    try {
      // Its own first check soon after acceptance, so a later next check can only be the lease's.
      const timing = { teamDb: { retryMs: 200 }, team: { replication: { heartbeatMs: 200 } }, schedule: { ...FAST_TIMING.schedule, firstMaxMs: 5000 } };
      const open = desktop({ existingSandbox: sandbox, timing }, db.url);
      const owner = await open();
      const id = owner.svc.logCall(callInput()).id;
      const sent = await waitForState(owner.svc, id, ['accepted', 'in_queue']);
      await waitFor('the call in the team database', async () => (await db.sql(`SELECT count(*)::int AS n FROM calllog.calls WHERE request_id = $1`, [sent.requestId])).rows[0].n === 1);
      await owner.close();

      await db.sql(
        `UPDATE calllog.calls SET watch_by = 'elsewhere', watch_request_id = request_id, watch_lease_until = now() + make_interval(days => $2) WHERE request_id = $1`,
        [sent.requestId, days],
      );
      const back = await open();
      const startedAt = Date.now();
      // Adopting, it postpones its own check until the lease it honours has run out.
      const postponed = await waitFor('the claimed call postponed', () => {
        const at = back.svc.getEntry(id).nextCheckAt;
        return at !== null && at >= startedAt + WATCHER_LEASE_MS / 2 ? at : null;
      });
      expect(postponed).toBeLessThanOrEqual(Date.now() + WATCHER_LEASE_MS);
    } finally {
      await sandbox.close();
    }
  });
});
