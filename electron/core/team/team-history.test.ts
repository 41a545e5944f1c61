// The team's history for real: desktops (engines with their own SQLite) copy
// their calls to one PostgreSQL team database; a supervisor reads the team's.
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { callInput, waitForState, type EngineFixture } from '../../../test/support/engine';
import { freshTeamDatabase, runSql, TEAM_TIMING as timing, teamLogins, today as day } from '../../../test/support/team';
import { startTcpProxy } from '../../../test/support/tcp-proxy';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';
import { TEAM_EXPORT_MAX } from './team-history';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

async function desk(sandbox: Sandbox, url: string, agentName: string): Promise<EngineFixture> {
  const d = await engine({ existingSandbox: sandbox, timing });
  await d.svc.updateSettings({ agentName });
  expect((await d.svc.team.setDatabase(url)).state).toBe('connected');
  return d;
}

const UNMAPPED = 'MXUserNotFound: No user has the agent number';
const DUPLICATE = 'MXDuplicateEntry: A call with this session is already logged';

/** Asha's and Ravi's desktops on the team database: Asha one call unmapped and one through, Ravi one unmapped and one duplicate. */
async function failuresOfAshaAndRavi(sandbox: Sandbox, url: string) {
  const asha = await desk(sandbox, url, 'Asha Rao');
  const ravi = await desk(sandbox, url, 'Ravi Kumar');
  const failWith = async (d: EngineFixture, agentName: string, failureReason: string) => {
    sandbox.setFaults({ failureNext: 1, failureReason });
    return waitForState(d.svc, d.svc.logCall(callInput({ agentName })).id, ['failure']);
  };
  const a1 = await failWith(asha, 'Asha Rao', UNMAPPED);
  const r1 = await failWith(ravi, 'Ravi Kumar', UNMAPPED);
  const r2 = await failWith(ravi, 'Ravi Kumar', DUPLICATE);
  await waitForState(asha.svc, asha.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['success']);
  await waitFor('the four calls, final, in the team’s history', async () => ((await asha.svc.team.list({ states: ['success', 'failure'] })).items.length === 4 ? true : null));
  return { asha, ravi, a1, r1, r2 };
}

describe('the team’s history', () => {
  it('shows every desktop’s calls with state, reason, RequestID and desktop, live, with agents, failures and export', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 50 });
    try {
      const asha = await desk(sandbox, db.url, 'Asha Rao');
      const ravi = await desk(sandbox, db.url, 'Ravi Kumar');
      let changes = 0;
      asha.svc.onTeamChanged(() => changes++);
      const a = await waitForState(asha.svc, asha.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['success']);
      sandbox.setFaults({ failureNext: 1 });
      const r = await waitForState(ravi.svc, ravi.svc.logCall(callInput({ agentName: 'Ravi Kumar' })).id, ['failure']);

      const team = await waitFor('both calls, final, in the team’s history', async () => {
        const l = await asha.svc.team.list({});
        return l.items.length === 2 && l.items.every((i) => i.state === 'success' || i.state === 'failure') ? l : null;
      });
      const failed = team.items.find((i) => i.callSessionId === r.callSessionId)!;
      expect(failed).toMatchObject({ state: 'failure', agentName: 'Ravi Kumar', requestId: r.requestId, statusReason: expect.stringMatching(/^MXUserNotFound/) });
      expect(failed.desktopName).toBeTruthy();
      expect(team.items.find((i) => i.callSessionId === a.callSessionId)).toMatchObject({ state: 'success', agentName: 'Asha Rao' });
      expect(changes).toBeGreaterThan(0);

      // Filters as on this computer; one agent's calls.
      expect((await asha.svc.team.list({ agent: 'ravi kumar' })).items.map((i) => i.callSessionId)).toEqual([r.callSessionId]);
      expect((await asha.svc.team.count({ states: ['failure'] })).total).toBe(1);
      expect((await asha.svc.team.list({ search: r.requestId!.slice(0, 8) })).items).toHaveLength(1);
      expect((await asha.svc.team.agents()).agents).toEqual([
        { name: 'Asha Rao', calls: 1 },
        { name: 'Ravi Kumar', calls: 1 },
      ]);

      const detail = await asha.svc.team.get({ desktopId: failed.desktopId, id: failed.id });
      expect(detail.transitions.map((t) => t.to)).toEqual(r.transitions.map((t) => t.to));
      // Read on Asha's desktop, Ravi's "Saved on this computer" would name the wrong one.
      expect(r.transitions[0]!.note).toBe('Saved on this computer');
      expect(detail.transitions[0]!.note).toBe(`Saved on ${failed.desktopName}`);
      expect(detail).toMatchObject({ ownerOnline: true, watchedBy: null, payload: { CallSessionId: r.callSessionId } });

      const dash = await asha.svc.team.dashboard(day());
      expect(dash.totals).toMatchObject({ logged: 2, delivered: 1, failed: 1 });
      expect(dash.failuresByAgent).toEqual([{ agent: 'Ravi Kumar', failed: 1, total: 1 }]);
      expect(dash.failuresByReason).toEqual([{ reason: expect.stringMatching(/^MXUserNotFound/), count: 1 }]);

      const csv = Papa.parse<Record<string, string>>((await asha.svc.team.exportCsv({})).csv, { header: true, skipEmptyLines: true });
      expect(csv.data.map((row) => row.State).sort()).toEqual(['Failure', 'Success']);
      expect(csv.meta.fields).toContain('Desktop');
    } finally {
      await sandbox.close();
    }
  });

  it('lists exactly the failed calls of one reason (the Dashboard’s failures by reason), counted and exported alike', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      const { asha, a1, r1, r2 } = await failuresOfAshaAndRavi(sandbox, db.url);

      const failed = ['failure', 'error'] as const;
      const sessions = async (q: { reason: string; agent?: string }) =>
        (await asha.svc.team.list({ ...q, states: [...failed] })).items.map((i) => i.callSessionId).sort();
      expect(await sessions({ reason: UNMAPPED })).toEqual([a1.callSessionId, r1.callSessionId].sort());
      expect(await sessions({ reason: DUPLICATE })).toEqual([r2.callSessionId]);
      expect(await sessions({ reason: UNMAPPED, agent: 'ravi kumar' })).toEqual([r1.callSessionId]);
      // Whole reasons only: a part of one, or a LIKE pattern, is no reason.
      expect(await sessions({ reason: 'MXUserNotFound' })).toEqual([]);
      expect(await sessions({ reason: 'MX%' })).toEqual([]);
      expect(await asha.svc.team.count({ reason: UNMAPPED, states: [...failed] })).toEqual({ total: 2, exact: true });
      expect(await asha.svc.team.count({ reason: DUPLICATE })).toEqual({ total: 1, exact: true });
      const csv = Papa.parse<Record<string, string>>((await asha.svc.team.exportCsv({ reason: UNMAPPED })).csv, { header: true, skipEmptyLines: true });
      expect(csv.data.map((row) => row.CallSessionId).sort()).toEqual([a1.callSessionId, r1.callSessionId].sort());
      // The Dashboard names the same reasons the filter takes.
      expect((await asha.svc.team.dashboard(day())).failuresByReason).toEqual([
        { reason: UNMAPPED, count: 2 },
        { reason: DUPLICATE, count: 1 },
      ]);
      // A desktop still on the previous version reads through step 9's functions, which stay.
      const old = await runSql(db.url, `SELECT count(*)::int AS n FROM calllog.team_list(NULL, NULL, ARRAY['failure'], NULL, NULL, NULL, NULL, 500, 0)`);
      expect(old.rows[0].n).toBe(3);
    } finally {
      await sandbox.close();
    }
  });

  it('lists exactly the calls logged on the Dashboard’s day, with its other filters, counted and exported alike; a previous version’s reads still answer', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      const calls = await failuresOfAshaAndRavi(sandbox, db.url);
      const { asha } = calls;
      const [a1, r1, r2] = [calls.a1, calls.r1, calls.r2].map((e) => e.callSessionId);
      // Ravi's failures of the day before, for the same reasons, written as replication writes them.
      await db.sql(`INSERT INTO calllog.calls (desktop_id, id, call_session_id, state, lead_number, lead_digits, direction, start_time,
          start_at, agent_name, notes, status_reason, source, attempts, status_checks, payload, created_at, updated_at, rev, target)
        SELECT 'ravi-old-desk', i, 'yesterday-' || i, 'failure', '+91-96' || i, '9196' || i, 'Inbound', '2026-11-30 09:00:00', now(),
          'Ravi Kumar', '', (ARRAY[$1, $2])[i], 'form', 1, 1, '{}', now() - interval '1 day', now(), 1, 'leadsquared'
        FROM generate_series(1, 2) i`, [UNMAPPED, DUPLICATE]);

      const failed = ['failure', 'error'];
      const { from, to } = day();
      const onTheDay = { loggedFrom: from, loggedTo: to, states: failed } as const;
      const sessions = async (q: object) => (await asha.svc.team.list({ ...onTheDay, ...q })).items.map((i) => i.callSessionId).sort();
      // The Failed figure's calls: as many as the Dashboard says, and only that day's.
      expect((await asha.svc.team.dashboard(day())).totals.failed).toBe(3);
      expect(await sessions({})).toEqual([a1, r1, r2].sort());
      expect(await asha.svc.team.count(onTheDay)).toEqual({ total: 3, exact: true });
      // An agent's row, a reason's, both.
      expect(await sessions({ agent: 'ravi kumar' })).toEqual([r1, r2].sort());
      expect(await asha.svc.team.count({ ...onTheDay, agent: 'Ravi Kumar' })).toEqual({ total: 2, exact: true });
      expect(await sessions({ reason: UNMAPPED })).toEqual([a1, r1].sort());
      expect(await asha.svc.team.count({ ...onTheDay, reason: UNMAPPED })).toEqual({ total: 2, exact: true });
      expect(await sessions({ reason: UNMAPPED, agent: 'Ravi Kumar' })).toEqual([r1]);
      // The day before, and every day's without the range.
      expect(await sessions({ loggedFrom: from - 86_400_000, loggedTo: from - 1 })).toEqual(['yesterday-1', 'yesterday-2']);
      expect(await sessions({ loggedFrom: undefined, loggedTo: undefined, agent: 'Ravi Kumar' })).toEqual([r1, r2, 'yesterday-1', 'yesterday-2'].sort());
      // Either end alone.
      expect(await sessions({ loggedTo: undefined })).toEqual([a1, r1, r2].sort());
      expect(await sessions({ loggedFrom: undefined, loggedTo: from - 1 })).toEqual(['yesterday-1', 'yesterday-2']);
      // By the day calls started, the same day holds only the day before's rows (they start now(); the
      // day's calls started days ago): the Dashboard's day is the day calls were logged.
      expect(await asha.svc.team.count({ from, to })).toEqual({ total: 2, exact: true });
      const csv = Papa.parse<Record<string, string>>((await asha.svc.team.exportCsv({ ...onTheDay, agent: 'Ravi Kumar' })).csv, { header: true, skipEmptyLines: true });
      expect(csv.data.map((row) => row.CallSessionId).sort()).toEqual([r1, r2].sort());

      // A desktop still on the previous version reads through step 11's functions, which stay.
      const old = await runSql(db.url, `SELECT count(*)::int AS n FROM calllog.team_list(NULL, NULL, ARRAY['failure'], NULL, NULL, NULL, NULL, $1, 500, 0)`, [UNMAPPED]);
      expect(old.rows[0].n).toBe(3);
      const oldCount = await runSql(db.url, `SELECT n::int FROM calllog.team_count(NULL, NULL, ARRAY['failure'], NULL, NULL, NULL, NULL, NULL, 10001)`);
      expect(oldCount.rows[0].n).toBe(5);
    } finally {
      await sandbox.close();
    }
  });

  it('catches up after the desktop was cut off: calls logged meanwhile arrive with their final state, once each', async () => {
    const db = await freshTeamDatabase();
    const proxy = await startTcpProxy(Number(new URL(db.url).port));
    const sandbox = await startSandbox({ processingDelayMs: 50 });
    try {
      const d = await desk(sandbox, db.url.replace(/:\d+\//, `:${proxy.port}/`), 'Asha Rao');
      proxy.cut();
      await waitFor('the desktop to notice', () => d.svc.team.database().state === 'unreachable');
      const ids = Array.from({ length: 5 }, () => d.svc.logCall(callInput()).id);
      for (const id of ids) await waitForState(d.svc, id, ['success']);
      proxy.restore();
      await waitFor('the calls in the team database, final', async () => {
        const r = await db.sql(`SELECT count(*) FILTER (WHERE state = 'success')::int AS done, count(*)::int AS n FROM calllog.calls`);
        return r.rows[0].done === 5 ? r.rows[0] : null;
      }, 20_000);
      const t = await db.sql('SELECT count(*)::int AS n, count(DISTINCT (desktop_id, seq))::int AS uniq FROM calllog.call_transitions');
      expect(t.rows[0].n).toBe(t.rows[0].uniq);
      expect(t.rows[0].n).toBe(ids.reduce((n, id) => n + d.svc.getEntry(id).transitions.length, 0));
      await proxy.close();
    } finally {
      await sandbox.close();
    }
  });
});

describe('a big team', () => {
  it('counts everyone and one agent exactly, and a broad search up to 10,000 ("10,000+")', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 50 });
    try {
      const d = await desk(sandbox, db.url, 'Asha Rao');
      const mine = await waitForState(d.svc, d.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['success']);
      await waitFor('it in the team database', async () => (await d.svc.team.count({ search: mine.callSessionId })).total === 1);
      // A busy floor's history, written as replication writes it.
      await db.sql(`INSERT INTO calllog.calls (desktop_id, id, call_session_id, state, lead_number, lead_digits, direction, start_time,
          start_at, agent_name, notes, source, attempts, status_checks, payload, created_at, updated_at, rev)
        SELECT 'other-desk', i, 'bulk-' || i, 'success', '+91-96' || i, '9196' || i, 'Inbound', '2026-11-30 09:00:00', now(),
          'Ravi Kumar', 'asked for a refund', 'form', 1, 1, '{}', now() - make_interval(secs => i), now(), 1
        FROM generate_series(1, 12000) i`);
      expect(await d.svc.team.count({})).toMatchObject({ total: 12_001, exact: true });
      expect(await d.svc.team.count({ search: 'refund' })).toMatchObject({ total: 10_000, exact: false });
      expect(await d.svc.team.count({ search: 'bulk-11999' })).toMatchObject({ total: 1, exact: true });
      // One agent picked from the list: as many as the list says (any case), not "10,000+".
      expect(await d.svc.team.count({ agent: 'ravi kumar' })).toMatchObject({ total: 12_000, exact: true });
      expect(await d.svc.team.count({ agent: 'Ravi Kumar', search: 'refund' })).toMatchObject({ total: 10_000, exact: false });
      expect((await d.svc.team.agents()).agents).toEqual([
        { name: 'Asha Rao', calls: 1 },
        { name: 'Ravi Kumar', calls: 12_000 },
      ]);
      // The same agent typed another way on another desktop: still one agent, all calls counted.
      await db.sql(`INSERT INTO calllog.calls (desktop_id, id, call_session_id, state, lead_number, lead_digits, direction, start_time,
          start_at, agent_name, notes, source, attempts, status_checks, payload, created_at, updated_at, rev)
        SELECT 'third-desk', i, 'caps-' || i, 'success', '+91-97' || i, '9197' || i, 'Inbound', '2026-11-30 09:00:00', now(),
          'RAVI KUMAR', 'called back', 'form', 1, 1, '{}', now(), now(), 1
        FROM generate_series(1, 5) i`);
      expect((await d.svc.team.agents()).agents).toEqual([
        { name: 'Asha Rao', calls: 1 },
        { name: 'Ravi Kumar', calls: 12_005 },
      ]);
      expect(await d.svc.team.count({ agent: 'Ravi Kumar' })).toMatchObject({ total: 12_005, exact: true });
    } finally {
      await sandbox.close();
    }
  });

  it('one agent however the name was typed: one row of failures on the Dashboard, one entry in the list, and no entry for calls without a name', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 50 });
    try {
      const d = await desk(sandbox, db.url, 'Asha Rao');
      const mine = await waitForState(d.svc, d.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['success']);
      await waitFor('it in the team database', async () => (await d.svc.team.count({ search: mine.callSessionId })).total === 1);
      // Failures written as replication writes them, the name typed three ways (one of them not at all).
      await db.sql(`INSERT INTO calllog.calls (desktop_id, id, call_session_id, state, lead_number, lead_digits, direction, start_time,
          start_at, agent_name, notes, source, attempts, status_checks, payload, created_at, updated_at, rev)
        SELECT 'other-desk', i, 'typed-' || i, 'failure', '+91-96' || i, '9196' || i, 'Inbound', '2026-11-30 09:00:00', now(),
          (ARRAY['Asha Rao', 'Asha Rao', 'asha rao', 'asha rao', 'Asha Rao', ''])[i], 'no user', 'form', 1, 1, '{}', now(), now(), 1
        FROM generate_series(1, 6) i`);
      const dash = await d.svc.team.dashboard(day());
      expect(dash.failuresByAgent.filter((a) => a.agent.toLowerCase() === 'asha rao')).toEqual([{ agent: 'Asha Rao', failed: 5, total: 6 }]);
      expect((await d.svc.team.agents()).agents).toEqual([{ name: 'Asha Rao', calls: 6 }]);
    } finally {
      await sandbox.close();
    }
  });

  it('exports up to TEAM_EXPORT_MAX calls; past that asks to narrow the filters, and the database stays connected', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 50 });
    try {
      const d = await desk(sandbox, db.url, 'Asha Rao');
      const mine = await waitForState(d.svc, d.svc.logCall(callInput({ agentName: 'Asha Rao', notes: '=1+1' })).id, ['success']);
      await waitFor('it in the team database', async () => (await d.svc.team.count({ search: mine.callSessionId })).total === 1);
      await db.sql(`INSERT INTO calllog.calls (desktop_id, id, call_session_id, state, lead_number, lead_digits, direction, start_time,
          start_at, agent_name, notes, source, attempts, status_checks, payload, created_at, updated_at, rev)
        SELECT 'other-desk', i, 'bulk-' || i, 'success', '+91-96' || i, '9196' || i, 'Inbound', '2026-11-30 09:00:00', now(),
          'Ravi Kumar', 'asked for a refund', 'form', 1, 1, '{}', now() - make_interval(secs => i), now(), 1
        FROM generate_series(1, ${TEAM_EXPORT_MAX}) i`);
      await expect(d.svc.team.exportCsv({})).rejects.toThrow('100,001 of the team’s calls match, more than the 100,000 one file holds: narrow the filters');
      await expect(d.svc.team.exportCsv({ states: ['success'] })).rejects.toThrow(/^More than 100,000 of the team’s calls match: narrow the filters/);
      expect(d.svc.team.database().state).toBe('connected');
      const asha = await d.svc.team.exportCsv({ agent: 'Asha Rao' });
      expect(asha.rows).toBe(1);
      const parsed = Papa.parse<Record<string, string>>(asha.csv, { header: true, skipEmptyLines: true });
      expect(parsed.data.map((r) => [r.CallSessionId, r.CallNotes])).toEqual([[mine.callSessionId, "'=1+1"]]);
      const ravi = await d.svc.team.exportCsv({ agent: 'Ravi Kumar', search: 'bulk-1000' });
      // bulk-1000, bulk-10000..10009 and bulk-100000: across more than one of the cursor's chunks' worth of matches.
      expect(ravi.rows).toBe(12);
    } finally {
      await sandbox.close();
    }
  });
});

describe('who may see and write what', () => {
  it('an agent’s login writes and reads only its own desktop’s calls; a supervisor’s reads the team’s', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 50 });
    try {
      // The owner (superuser here) creates the schema; then the grants for each kind of login.
      await desk(sandbox, db.url, 'Owner');
      const login = await teamLogins(db, ['agent_a', 'agent_b', 'sup'], ['sup']);
      const a = await desk(sandbox, login.agent_a, 'Asha Rao');
      const b = await desk(sandbox, login.agent_b, 'Ravi Kumar');
      const sup = await desk(sandbox, login.sup, 'Supervisor');
      await waitForState(a.svc, a.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['success']);
      await waitForState(b.svc, b.svc.logCall(callInput({ agentName: 'Ravi Kumar' })).id, ['success']);
      await waitFor('both in the team database', async () => (await db.sql(`SELECT count(*)::int AS n FROM calllog.calls WHERE state = 'success'`)).rows[0].n === 2);

      expect((await sup.svc.team.list({})).items.map((i) => i.agentName).sort()).toEqual(['Asha Rao', 'Ravi Kumar']);
      expect((await a.svc.team.list({})).items.map((i) => i.agentName)).toEqual(['Asha Rao']);
      expect((await sup.svc.team.agents()).agents.map((x) => x.name)).toEqual(['Asha Rao', 'Ravi Kumar']);
      // Agent A's login cannot touch B's row, even by hand.
      const changed = await runSql(login.agent_a, `UPDATE calllog.calls SET state = 'failure' WHERE agent_name = 'Ravi Kumar'`);
      expect(changed.rowCount).toBe(0);
    } finally {
      await sandbox.close();
    }
  });
});
