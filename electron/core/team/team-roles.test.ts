// docs/team.md for a DBA, run for real: the roles and database, the schema as
// printed, the grants. A desktop's login logs calls through the shared budget,
// writes and sees only its own; a supervisor's reads the team's; neither can
// touch the budget's tables directly. The doc prints exactly what runs here.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { builtInSandbox } from '../../sandbox-provider';
import { startSandbox } from '../../sandbox/server';
import { callInput, waitForState } from '../../../test/support/engine';
import { pgUrl, runSql } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';
import { dbaSchemaSql, DOC_ROLES, grantsSql, rolesSql, type RoleNames } from './dba-sql';
import { TEAM_MIGRATIONS } from './migrations';

const LATEST = TEAM_MIGRATIONS.at(-1)!.version;
const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

/** Step 1 of docs/team.md, run for real under names of this test's own. */
async function dbaRoles(): Promise<RoleNames> {
  const tag = `${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const r: RoleNames = {
    database: `dba_${tag}`,
    owner: `own_${tag}`,
    ownerPassword: 'owner-pw-1',
    desktops: `desks_${tag}`,
    supervisors: 'calllog_supervisor',
    desktop: `desk_${tag}`,
    desktopPassword: 'desk-pw-1',
    supervisor: `sup_${tag}`,
    supervisorPassword: 'sup-pw-1',
  };
  for (const statement of rolesSql(r).split(';\n').filter((x) => x.trim())) {
    // The supervisors' group is one per cluster: another test may have made it already.
    await runSql(pgUrl('postgres'), statement).catch((err: Error) => {
      if (!(statement.includes('calllog_supervisor NOLOGIN') && /already exists/.test(err.message))) throw err;
    });
  }
  return r;
}

/** A DBA's database whose schema stops at step `version`, granted as docs/team.md grants today. */
async function databaseAt(version: number): Promise<{ r: RoleNames; asOwner: string }> {
  const r = await dbaRoles();
  const asOwner = pgUrl(r.database, r.owner, r.ownerPassword);
  const full = dbaSchemaSql();
  await runSql(asOwner, full.slice(0, full.indexOf(`-- ${version + 1}: `)));
  await runSql(asOwner, grantsSql(r));
  return { r, asOwner };
}

/** The refusal a desktop shows in Settings while the schema is at `version`, naming what the DBA runs. */
const needsUpgradeFrom = (version: number) =>
  new RegExp(`schema is at version ${version} and this version of the app needs ${LATEST}: the DBA runs \`npm run team:sql -- --from ${version}\``);

const WATCH_COLUMNS = ['watch_by', 'watch_lease_until', 'watch_next_at', 'watch_checks', 'watched_state', 'watched_reason', 'watched_at', 'watch_request_id'];

/**
 * What a watcher found is written only by the watcher's functions: a desktop's login may
 * rewrite its own calls as replication does, never the watch columns (a failure a watcher
 * found would otherwise become a success in the supervisor's view).
 */
async function expectWatchColumnsClosed(login: string, ownRows: string): Promise<void> {
  expect((await runSql(login, `UPDATE calllog.calls SET notes = notes, state = state, rev = rev WHERE ${ownRows}`)).rowCount).toBeGreaterThan(0);
  for (const col of WATCH_COLUMNS) {
    const value = col === 'watch_checks' ? '0' : 'NULL';
    await expect(runSql(login, `UPDATE calllog.calls SET ${col} = ${value} WHERE ${ownRows}`), col).rejects.toThrow(/permission denied/);
  }
  await expect(runSql(login, `UPDATE calllog.calls SET watched_state = 'success', watched_reason = NULL WHERE ${ownRows}`)).rejects.toThrow(/permission denied/);
}

describe('docs/team.md', () => {
  it('prints the schema, the roles and the grants exactly as the app and these tests use them (npm run team:sql)', () => {
    const doc = readFileSync(new URL('../../../docs/team.md', import.meta.url), 'utf8');
    expect(doc).toContain(rolesSql(DOC_ROLES));
    expect(doc).toContain(dbaSchemaSql());
    expect(doc).toContain(grantsSql(DOC_ROLES));
  });

  it('a DBA’s setup works: desktops share the budget and see their own calls, a supervisor sees the team’s', async () => {
    const r = await dbaRoles();
    const asOwner = pgUrl(r.database, r.owner, r.ownerPassword);
    await runSql(asOwner, dbaSchemaSql());
    await runSql(asOwner, grantsSql(r));

    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      const asDesktop = pgUrl(r.database, r.desktop, r.desktopPassword);
      const asSupervisor = pgUrl(r.database, r.supervisor, r.supervisorPassword);
      const desk = await engine({ existingSandbox: sandbox });
      const sup = await engine({ existingSandbox: sandbox });
      expect((await desk.svc.team.setDatabase(asDesktop)).state).toBe('connected');
      expect((await sup.svc.team.setDatabase(asSupervisor)).state).toBe('connected');
      // Settings and the Team scope know which of the two reads the team's calls.
      expect(desk.svc.team.database().readsTeam).toBe(false);
      expect(sup.svc.team.database().readsTeam).toBe(true);
      await waitForState(desk.svc, desk.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['success']);
      await waitForState(sup.svc, sup.svc.logCall(callInput({ agentName: 'Meera Shah' })).id, ['success']);
      await waitFor('both calls in the team database', async () => (await runSql(asOwner, `SELECT count(*)::int AS n FROM calllog.calls WHERE state = 'success'`)).rows[0].n === 2);

      expect((await sup.svc.team.list({})).items.map((i) => i.agentName).sort()).toEqual(['Asha Rao', 'Meera Shah']);
      expect((await desk.svc.team.list({})).items.map((i) => i.agentName)).toEqual(['Asha Rao']);
      // ...and counts as it reads: the supervisor both calls, the agent's login its own.
      expect(await sup.svc.team.count({})).toEqual({ total: 2, exact: true });
      expect(await desk.svc.team.count({})).toEqual({ total: 1, exact: true });
      expect(await desk.svc.team.count({ states: ['success'] })).toEqual({ total: 1, exact: true });
      await expect(runSql(asDesktop, 'SELECT * FROM calllog.budget_slots')).rejects.toThrow(/permission denied/);
      await expect(runSql(asDesktop, 'DELETE FROM calllog.budget_keys')).rejects.toThrow(/permission denied/);
      await expect(runSql(asDesktop, 'CREATE TABLE calllog.x (i int)')).rejects.toThrow(/permission denied/);
      await expect(runSql(asDesktop, 'DELETE FROM calllog.calls')).rejects.toThrow(/permission denied/);
      expect((await runSql(asDesktop, `UPDATE calllog.calls SET notes = 'x' WHERE agent_name = 'Meera Shah'`)).rowCount).toBe(0);
      await expect(runSql(asSupervisor, `UPDATE calllog.calls SET notes = 'x' WHERE agent_name = 'Asha Rao'`)).resolves.toMatchObject({ rowCount: 0 });
      await expectWatchColumnsClosed(asDesktop, `agent_name = 'Asha Rao'`);

      // A budget slot is settled only by the login that took it: another cannot pause the floor with it.
      // (A key's fingerprint: since step 17 the budget takes nothing else.)
      const slot = (await runSql(asDesktop, `SELECT slot_id FROM calllog.take_slot('0123456789abcdef', 'd1', 0, '{1,0,0}', 25, 5000, 1000, 0)`)).rows[0].slot_id;
      expect(slot).not.toBeNull();
      const paused = async () => (await runSql(asOwner, `SELECT paused_until > now() AS p FROM calllog.budget_keys WHERE key_fp = '0123456789abcdef'`)).rows[0].p as boolean;
      await runSql(asSupervisor, `SELECT calllog.refuse_slot(${slot}, 600000, 5000)`);
      expect(await paused()).toBe(false);
      await runSql(asDesktop, `SELECT calllog.refuse_slot(${slot}, 60000, 5000)`);
      expect(await paused()).toBe(true);

      // Nor can an agent's login put a call on another agent's desktop, or move its own there.
      const supDesk = (await runSql(asOwner, `SELECT desktop_id FROM calllog.calls WHERE agent_name = 'Meera Shah'`)).rows[0].desktop_id as string;
      const myDesk = (await runSql(asDesktop, 'SELECT desktop_id FROM calllog.desktops')).rows[0].desktop_id as string;
      const copyAsha = (desktopId: string) => `INSERT INTO calllog.calls (desktop_id, id, key_fp, call_session_id, state, lead_number, lead_digits,
          direction, start_time, start_at, agent_name, notes, source, attempts, status_checks, payload, created_at, updated_at, rev)
        SELECT '${desktopId}', id + 1000, key_fp, call_session_id || '-x', state, lead_number, lead_digits, direction, start_time, start_at,
          agent_name, notes, source, attempts, status_checks, payload, created_at, updated_at, rev FROM calllog.calls`;
      await expect(runSql(asDesktop, copyAsha(supDesk))).rejects.toThrow(/row-level security/);
      // (desktop_id is not a column a desktop may update at all: replication never moves a call)
      await expect(runSql(asDesktop, `UPDATE calllog.calls SET desktop_id = '${supDesk}'`)).rejects.toThrow(/permission denied/);
      await expect(runSql(asDesktop, copyAsha(myDesk))).resolves.toMatchObject({ rowCount: 1 });
      // Closing, a desktop signs itself off (its calls are then followed at once); another's it cannot.
      const signOff = (desktopId: string) => `UPDATE calllog.desktops SET signed_off_at = clock_timestamp() WHERE desktop_id = '${desktopId}'`;
      await expect(runSql(asDesktop, signOff(supDesk))).resolves.toMatchObject({ rowCount: 0 });
      await expect(runSql(asDesktop, signOff(myDesk))).resolves.toMatchObject({ rowCount: 1 });

      // Orphaned calls: only the connection holding the watcher's lock, as its own desktop, claims,
      // renews and records; a renewal fails once the lease ran out or the owner is back.
      await runSql(asOwner, `INSERT INTO calllog.desktops (desktop_id, owner_role, name, seen_at) VALUES ('gone', '${r.supervisor}', 'Gone', now() - interval '1 hour')`);
      await runSql(asOwner, `INSERT INTO calllog.calls (desktop_id, id, owner_role, key_fp, call_session_id, state, lead_number, lead_digits,
          direction, start_time, start_at, agent_name, notes, request_id, source, attempts, status_checks, payload, created_at, updated_at, accepted_at, rev)
        SELECT 'gone', 1, owner_role, 'fp-test', call_session_id || '-gone', 'in_queue', lead_number, lead_digits, direction, start_time, start_at,
          agent_name, notes, 'req-gone', source, attempts, status_checks, payload, created_at, updated_at, accepted_at, rev
        FROM calllog.calls WHERE agent_name = 'Meera Shah'`);
      const claim = (me: string) => `SELECT id FROM calllog.claim_orphans('fp-test', '${me}', 1000, 60000, 10)`;
      const renew = (me: string) => `SELECT calllog.renew_watch('fp-test', '${me}', 'gone', 1, 1000, 60000) AS ok`;
      const record = (me: string, requestId = 'req-gone') => `SELECT calllog.record_watch('fp-test', '${me}', 'gone', 1, '${requestId}', 'failure', 'MXUserNotFound', 0) AS ok`;
      expect((await runSql(asDesktop, claim(myDesk))).rows).toHaveLength(0); // no lock
      const watcher = new pg.Client({ connectionString: asDesktop });
      await watcher.connect();
      try {
        await watcher.query(`SELECT pg_advisory_lock(hashtextextended('calllog.watcher.v3:fp-test', 0))`);
        expect((await watcher.query(claim('evil'))).rows).toHaveLength(0); // not a desktop of this login
        expect((await watcher.query(claim(supDesk))).rows).toHaveLength(0);
        expect((await watcher.query(claim(myDesk))).rows).toHaveLength(1);
        expect((await watcher.query(record('evil'))).rows[0].ok).toBe(false);
        expect((await runSql(asDesktop, record(myDesk))).rows[0].ok).toBe(false); // another connection: no lock
        expect((await watcher.query(renew(myDesk))).rows[0].ok).toBe(true);
        await runSql(asOwner, `UPDATE calllog.calls SET watch_lease_until = now() - interval '1 second' WHERE desktop_id = 'gone'`);
        expect((await watcher.query(renew(myDesk))).rows[0].ok).toBe(false); // the lease ran out while waiting for a slot
        await runSql(asOwner, `UPDATE calllog.calls SET watch_lease_until = now() + interval '1 minute' WHERE desktop_id = 'gone'`);
        await runSql(asOwner, `UPDATE calllog.desktops SET seen_at = now() WHERE desktop_id = 'gone'`);
        expect((await watcher.query(renew(myDesk))).rows[0].ok).toBe(false); // the owner is back
        expect((await watcher.query(record(myDesk, 'req-earlier'))).rows[0].ok).toBe(false); // not the RequestID it holds
        expect((await watcher.query(record(myDesk))).rows[0].ok).toBe(true);
        const gone = (await runSql(asOwner, `SELECT watched_state, watched_reason FROM calllog.calls WHERE desktop_id = 'gone'`)).rows[0];
        expect(gone).toEqual({ watched_state: 'failure', watched_reason: 'MXUserNotFound' });
      } finally {
        await watcher.end();
      }
    } finally {
      await sandbox.close();
    }
  });

  it('a database set up before step 8, with the grants of the time: after the DBA’s upgrade desktops replicate and still cannot write the watch columns', async () => {
    const r = await dbaRoles();
    const asOwner = pgUrl(r.database, r.owner, r.ownerPassword);
    const full = dbaSchemaSql();
    await runSql(asOwner, full.slice(0, full.indexOf('-- 8: ')));
    // docs/team.md's step 3 as it was: UPDATE on the whole table.
    await runSql(asOwner, `GRANT USAGE ON SCHEMA calllog TO ${r.desktops}, calllog_supervisor;
      GRANT SELECT ON calllog.schema_migrations TO ${r.desktops}, calllog_supervisor;
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA calllog TO ${r.desktops}, calllog_supervisor;
      ALTER DEFAULT PRIVILEGES FOR ROLE ${r.owner} IN SCHEMA calllog GRANT EXECUTE ON FUNCTIONS TO ${r.desktops}, calllog_supervisor;
      GRANT SELECT, INSERT, UPDATE ON calllog.calls, calllog.call_transitions, calllog.desktops TO ${r.desktops};
      GRANT SELECT ON calllog.calls, calllog.call_transitions, calllog.desktops, calllog.agents TO calllog_supervisor;`);

    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      const asDesktop = pgUrl(r.database, r.desktop, r.desktopPassword);
      const desk = await engine({ existingSandbox: sandbox, timing: { teamDb: { retryMs: 200 } } });
      // Refused before the upgrade, saying what the DBA runs; accepted after it.
      await expect(desk.svc.team.setDatabase(asDesktop)).rejects.toThrow(new RegExp(`schema is at version 7 and this version of the app needs ${LATEST}`));
      await runSql(asOwner, dbaSchemaSql(7)); // Upgrading, in docs/team.md
      expect((await desk.svc.team.setDatabase(asDesktop)).state).toBe('connected');
      await waitForState(desk.svc, desk.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['success']);
      await waitFor('the call copied, to its final state', async () => (await runSql(asOwner, `SELECT count(*)::int AS n FROM calllog.calls WHERE state = 'success'`)).rows[0].n === 1);
      await expectWatchColumnsClosed(asDesktop, 'true');
    } finally {
      await sandbox.close();
    }
  });

  it('a database set up at step 8, with the grants of the time: after the DBA’s upgrade desktops copy their calls with their target', async () => {
    const r = await dbaRoles();
    const asOwner = pgUrl(r.database, r.owner, r.ownerPassword);
    const full = dbaSchemaSql();
    await runSql(asOwner, full.slice(0, full.indexOf('-- 9: ')));
    // docs/team.md's step 3 as it was: the columns replication copied before targets.
    await runSql(asOwner, grantsSql(r).replace(/, target\b/g, ''));

    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      const asDesktop = pgUrl(r.database, r.desktop, r.desktopPassword);
      const desk = await engine({ existingSandbox: sandbox, timing: { teamDb: { retryMs: 200 } } });
      await expect(desk.svc.team.setDatabase(asDesktop)).rejects.toThrow(new RegExp(`schema is at version 8 and this version of the app needs ${LATEST}`));
      await runSql(asOwner, dbaSchemaSql(8));
      expect((await desk.svc.team.setDatabase(asDesktop)).state).toBe('connected');
      await waitForState(desk.svc, desk.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['success']);
      const copied = await waitFor('the call copied, to its final state', async () => {
        const rows = (await runSql(asOwner, `SELECT state, target FROM calllog.calls`)).rows;
        return rows.length === 1 && rows[0].state === 'success' ? rows[0] : null;
      });
      expect(copied.target).toBe('leadsquared');
    } finally {
      await sandbox.close();
    }
  });

  it('a database set up at step 11: after the DBA’s upgrade a supervisor’s login reads a day’s calls through step 12’s functions, and step 11’s still answer', async () => {
    const { r, asOwner } = await databaseAt(11);

    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      const asSupervisor = pgUrl(r.database, r.supervisor, r.supervisorPassword);
      const sup = await engine({ existingSandbox: sandbox, timing: { teamDb: { retryMs: 200 } } });
      await expect(sup.svc.team.setDatabase(asSupervisor)).rejects.toThrow(needsUpgradeFrom(11));
      await runSql(asOwner, dbaSchemaSql(11));
      expect((await sup.svc.team.setDatabase(asSupervisor)).state).toBe('connected');
      sandbox.setFaults({ failureNext: 1 });
      const failed = await waitForState(sup.svc, sup.svc.logCall(callInput({ agentName: 'Meera Shah' })).id, ['failure']);
      await waitFor('the failure copied', async () => (await runSql(asOwner, `SELECT count(*)::int AS n FROM calllog.calls WHERE state = 'failure'`)).rows[0].n === 1);
      // The new functions are granted by step 3's default privileges: no grant to run for them.
      const now = Date.now();
      const listed = await sup.svc.team.list({ states: ['failure', 'error'], loggedFrom: now - 3_600_000, loggedTo: now });
      expect(listed.items.map((i) => i.callSessionId)).toEqual([failed.callSessionId]);
      expect(await sup.svc.team.count({ states: ['failure'], loggedFrom: now - 3_600_000, loggedTo: now })).toEqual({ total: 1, exact: true });
      expect((await sup.svc.team.list({ loggedFrom: now + 1 })).items).toEqual([]);
      // A supervisor's desktop not updated yet reads through step 11's.
      const old = await runSql(asSupervisor, `SELECT call_session_id FROM calllog.team_list(NULL, NULL, ARRAY['failure'], NULL, NULL, NULL, NULL, NULL, 500, 0)`);
      expect(old.rows.map((x) => x.call_session_id)).toEqual([failed.callSessionId]);
    } finally {
      await sandbox.close();
    }
  });

  it('a database set up at step 13: after the DBA’s upgrade a desktop’s and a supervisor’s logins list without test calls through step 14’s functions, and step 12’s still answer', async () => {
    const { r, asOwner } = await databaseAt(13);

    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      const asDesktop = pgUrl(r.database, r.desktop, r.desktopPassword);
      const asSupervisor = pgUrl(r.database, r.supervisor, r.supervisorPassword);
      const desk = await engine({ existingSandbox: sandbox, timing: { teamDb: { retryMs: 200 } }, service: { sandbox: builtInSandbox(20) } });
      const sup = await engine({ existingSandbox: sandbox, timing: { teamDb: { retryMs: 200 } } });
      await expect(desk.svc.team.setDatabase(asDesktop)).rejects.toThrow(needsUpgradeFrom(13));
      await runSql(asOwner, dbaSchemaSql(13));
      expect((await desk.svc.team.setDatabase(asDesktop)).state).toBe('connected');
      expect((await sup.svc.team.setDatabase(asSupervisor)).state).toBe('connected');
      const logged = await waitForState(desk.svc, desk.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['success']);
      await desk.svc.updateSettings({ useSandbox: true });
      const trial = await waitForState(desk.svc, desk.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['success']);
      await waitFor('both calls copied, final', async () => (await runSql(asOwner, `SELECT count(*)::int AS n FROM calllog.calls WHERE state = 'success'`)).rows[0].n === 2);
      // Granted by step 3's default privileges, to both logins: no grant to run for them.
      expect((await sup.svc.team.list({ excludeTestCalls: true })).items.map((i) => i.callSessionId)).toEqual([logged.callSessionId]);
      expect(await desk.svc.team.count({ excludeTestCalls: true })).toEqual({ total: 1, exact: true });
      expect((await desk.svc.team.list({})).items.map((i) => i.callSessionId).sort()).toEqual([logged.callSessionId, trial.callSessionId].sort());
      // A supervisor's desktop not updated yet reads through step 12's.
      const old = await runSql(asSupervisor, `SELECT call_session_id FROM calllog.team_list(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 500, 0)`);
      expect(old.rows.map((x) => x.call_session_id).sort()).toEqual([logged.callSessionId, trial.callSessionId].sort());
    } finally {
      await sandbox.close();
    }
  });
});
