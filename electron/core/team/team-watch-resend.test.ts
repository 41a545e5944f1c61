// A watcher's outcome belongs to the RequestID it checked. Retry and Edit and
// resend reuse the same local call with a new RequestID: from then on the old
// outcome must neither show in the team's view nor be adopted again (adopting
// an old failure makes the agent resend a call LeadSquared already has).
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server';
import { callInput, waitForState } from '../../../test/support/engine';
import { freshTeamDatabase, withQuickWatcher } from '../../../test/support/team';
import { dbaSchemaSql } from './dba-sql';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';

const tempDir = useTempDirs();
const { engine, desktop } = useEngines(tempDir);
const watcher = { everyMs: 200, staleMs: 1500, leaseMs: 5000 };
const timing = { teamDb: { retryMs: 200 }, team: { replication: { heartbeatMs: 200 }, watcher } };

describe('a watched call sent again', () => {
  it('after a watched failure is adopted and the call resent, the team sees the new send, and a restart in flight adopts nothing old', async () => {
    const db = await withQuickWatcher(await freshTeamDatabase());
    const sandbox = await startSandbox({ processingDelayMs: 2500 });
    try {
      const open = desktop({ existingSandbox: sandbox, timing }, db.url);
      const owner = await open();
      sandbox.setFaults({ failureNext: 1, failureReason: 'MXUserNotFound: no user for this number' });
      const input = callInput();
      const id = owner.svc.logCall(input).id;
      const first = await waitForState(owner.svc, id, ['accepted', 'in_queue']);
      await waitFor('the call in the team database', async () => (await db.sql(`SELECT count(*)::int AS n FROM calllog.calls WHERE request_id = $1`, [first.requestId])).rows[0].n === 1);
      await owner.close(); // the end of the shift

      const other = await engine({ existingSandbox: sandbox, timing });
      await other.svc.team.setDatabase(db.url);
      await waitFor('the watcher records the failure', async () => (await db.sql(`SELECT watched_state FROM calllog.calls WHERE request_id = $1`, [first.requestId])).rows[0]?.watched_state === 'failure', 30_000);

      // The owner is back, adopts the failure, fixes nothing and presses Retry: a new RequestID.
      const back = await open();
      await waitForState(back.svc, id, ['failure'], 20_000);
      back.svc.retryNow(id);
      const resent = await waitFor('the call sent again', () => {
        const e = back.svc.getEntry(id);
        return (e.state === 'accepted' || e.state === 'in_queue') && e.requestId !== first.requestId ? e : null;
      });
      const seen = await waitFor('the team sees the new RequestID', async () =>
        (await other.svc.team.list({})).items.find((i) => i.requestId === resent.requestId) ?? null,
      );
      expect(seen.state).not.toBe('failure');
      expect(seen.statusReason).toBeNull();

      // Shut down while LeadSquared still processes the new send, and started again at once.
      await back.close();
      const again = await open();
      const done = await waitForState(again.svc, id, 'final', 30_000);
      expect(done.state).toBe('success');
      expect(done.requestId).toBe(resent.requestId);
      const resentAt = done.transitions.findIndex((t) => t.note === 'Sent again at the agent’s request');
      expect(resentAt).toBeGreaterThan(0);
      expect(done.transitions.slice(resentAt).some((t) => t.to === 'failure')).toBe(false);
      await waitFor('the team sees it delivered', async () =>
        (await other.svc.team.list({})).items.find((i) => i.requestId === resent.requestId)?.state === 'success' ? true : null,
      );
      // LeadSquared got the call twice: the first send and the one resend, never a third.
      expect(sandbox.calls().filter((c) => c.callSessionId === input.callSessionId)).toHaveLength(2);
    } finally {
      await sandbox.close();
    }
  });
});

describe('watches recorded before schema step 8', () => {
  it('one whose call was since resent is set aside (adopted or not), one not yet adopted stays for its RequestID', async () => {
    const db = await freshTeamDatabase();
    const full = dbaSchemaSql();
    await db.sql(full.slice(0, full.indexOf('-- 8: ')));
    await db.sql(`INSERT INTO calllog.desktops (desktop_id, name) VALUES ('d', 'Desk')`);
    const call = (id: number, state: string, requestId: string, watchedAt = 'now()', acceptedAt = 'NULL') => `INSERT INTO calllog.calls (desktop_id, id,
        call_session_id, state, lead_number, lead_digits, direction, start_time, start_at, agent_name, notes, request_id, source, attempts,
        status_checks, payload, created_at, updated_at, accepted_at, rev, watch_by, watched_state, watched_reason, watched_at)
      VALUES ('d', ${id}, 's${id}', '${state}', '1', '1', 'Inbound', '', now(), 'Asha', '', '${requestId}', 'form', 1, 1, '{}', now(), now(),
        ${acceptedAt}, 1, 'w', 'failure', 'MXUserNotFound', ${watchedAt})`;
    // 1: adopted, then sent again (new RequestID, in flight). 2: followed, its owner not back yet.
    await db.sql(call(1, 'in_queue', 'req-new'));
    await db.sql(`INSERT INTO calllog.call_transitions (desktop_id, seq, call_id, at, from_state, to_state, note) VALUES
      ('d', 1, 1, now(), 'in_queue', 'failure', 'Followed by Desk 2 while this computer was away: LeadSquared failure'),
      ('d', 2, 1, now(), 'failure', 'queued', 'Sent again at the agent’s request'),
      ('d', 3, 1, now(), 'queued', 'accepted', NULL)`);
    await db.sql(call(2, 'in_queue', 'req-2'));
    // 3: resent without the adoption ever written (its owner checked it itself): the outcome predates this send.
    await db.sql(call(3, 'accepted', 'req-3b', `now() - interval '1 hour'`, 'now()'));
    await db.sql(dbaSchemaSql(7));
    const rows = (await db.sql(`SELECT id, team_state, team_reason, watch_request_id FROM calllog.calls ORDER BY id`)).rows;
    expect(rows).toEqual([
      { id: '1', team_state: 'in_queue', team_reason: null, watch_request_id: null },
      { id: '2', team_state: 'failure', team_reason: 'MXUserNotFound', watch_request_id: 'req-2' },
      { id: '3', team_state: 'accepted', team_reason: null, watch_request_id: null },
    ]);
  });
});

