// The team's history search, as supervisors type it: a part of a failure's
// reason (LeadSquared's or the app's own), a number however it is written.
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server';
import { callInput, waitForState } from '../../../test/support/engine';
import { freshTeamDatabase, TEAM_TIMING as timing } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';
import { dbaSchemaSql } from './dba-sql';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

const UNMAPPED = 'MXUserNotFound: No user has the agent number';

describe('the team’s history search', () => {
  it('finds calls by a part of their failure reason and by their number however it is typed', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 50 });
    try {
      const d = await engine({ existingSandbox: sandbox, timing });
      expect((await d.svc.team.setDatabase(db.url)).state).toBe('connected');
      sandbox.setFaults({ failureNext: 1, failureReason: UNMAPPED });
      const failed = await waitForState(d.svc, d.svc.logCall(callInput({ leadNumber: '9876543210' })).id, ['failure']);
      const through = await waitForState(d.svc, d.svc.logCall(callInput({ leadNumber: '+91 99000 11122' })).id, ['success']);
      // Last: a refused key holds the calls after it too.
      sandbox.setFaults({ unauthorizedNext: 1 });
      const refused = await waitForState(d.svc, d.svc.logCall(callInput({ leadNumber: '+91-8611795977' })).id, ['needs_key']);
      expect(refused.lastError).toMatch(/401/);
      await waitFor('the three calls in the team’s history', async () => ((await d.svc.team.count({})).total === 3 ? true : null));

      const found = async (search: string) => (await d.svc.team.list({ search })).items.map((i) => i.callSessionId);
      const count = async (search: string) => (await d.svc.team.count({ search })).total;
      expect(await found('MXUser')).toEqual([failed.callSessionId]);
      expect(await found('mxusernotfound: no user')).toEqual([failed.callSessionId]);
      expect(await count('MXUser')).toBe(1);
      expect(await found('(401)')).toEqual([refused.callSessionId]);
      for (const typed of ['+91 9876543210', '98765 43210', '(987) 654-3210', '09876543210']) {
        expect(await found(typed), typed).toEqual([failed.callSessionId]);
      }
      expect(await found('8611795977')).toEqual([refused.callSessionId]);
      expect(await found('+91-99000-11122')).toEqual([through.callSessionId]);
      // Export reads the same search.
      const csv = await d.svc.team.exportCsv({ search: 'mxuser' });
      expect(csv.rows).toBe(1);
    } finally {
      await sandbox.close();
    }
  });

  it('upgraded to step 16, finds the calls it already held by their reasons, through every version’s reads', async () => {
    const db = await freshTeamDatabase();
    const full = dbaSchemaSql();
    await db.sql(full.slice(0, full.indexOf('-- 16: ')));
    await db.sql(`INSERT INTO calllog.desktops (desktop_id, name) VALUES ('d', 'Desk')`);
    const call = (id: number, reason: string | null, lastError: string | null) =>
      db.sql(
        `INSERT INTO calllog.calls (desktop_id, id, call_session_id, state, lead_number, lead_digits, direction, start_time, start_at, agent_name,
          notes, request_id, status_reason, last_error, source, attempts, status_checks, payload, created_at, updated_at, rev)
        VALUES ('d', $1::bigint, 's' || $1::text, 'failure', '1', '1', 'Inbound', '', now(), 'Asha', '', NULL, $2, $3, 'form', 1, 1, '{}', now(), now(), 1)`,
        [id, reason, lastError],
      );
    await call(1, UNMAPPED, null);
    await call(2, null, 'LeadSquared refused the call log (422): its fields were not accepted');
    await call(3, null, null);
    await db.sql(dbaSchemaSql(15));
    const ids = async (fn: string, like: string) => (await db.sql(`SELECT id::int FROM calllog.${fn} ORDER BY id`, [like])).rows.map((r) => r.id);
    // Step 14's list (today's desktops), step 11's (a desktop not updated since), and the count.
    expect(await ids(`team_list($1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 50, 0)`, '%mxuser%')).toEqual([1]);
    expect(await ids(`team_list($1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 50, 0)`, '%(422)%')).toEqual([2]);
    const n = await db.sql(`SELECT n::int FROM calllog.team_count($1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 100)`, ['%refused the call%']);
    expect(n.rows[0].n).toBe(1);
  });
});
