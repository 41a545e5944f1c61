// What an agent's own login can learn of other agents' calls, asked directly in
// SQL with its own credentials (as anyone holding the connection string can):
// the team's read functions show it only its own calls, whatever it passes.
import { describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { callInput, waitForState, type EngineFixture } from '../../../test/support/engine';
import { freshTeamDatabase, runSql, TEAM_TIMING as timing, teamLogins } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

async function desk(sandbox: Sandbox, url: string, agentName: string, name: string): Promise<EngineFixture> {
  const d = await engine({ existingSandbox: sandbox, timing, service: { env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1', CALLLOG_DESKTOP_NAME: name } } });
  await d.svc.updateSettings({ agentName });
  expect((await d.svc.team.setDatabase(url)).state).toBe('connected');
  return d;
}

const ARGS8 = 'NULL::text, NULL::text, NULL::text[], NULL::text, NULL::text, NULL::timestamptz, NULL::timestamptz';

describe('an agent’s login asking the team’s functions directly', () => {
  it('sees only its own calls through team_list, team_count and team_export with a reason, whatever the reason says, with the day calls were logged and with test calls left out, and where calls were logged only of its own account', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      await desk(sandbox, db.url, 'Owner', 'Setup'); // makes the schema as the superuser
      const logins = await teamLogins(db, ['asha', 'ravi', 'kiran', 'meera'] as const, ['meera']);
      const asha = await desk(sandbox, logins.asha, 'Asha Rao', 'Seat 1');
      const ravi = await desk(sandbox, logins.ravi, 'Ravi Kumar', 'Seat 2');
      const reason = 'MXUserNotFound: No user has the agent number';
      sandbox.setFaults({ failureNext: 1, failureReason: reason });
      const r = await waitForState(ravi.svc, ravi.svc.logCall(callInput({ agentName: 'Ravi Kumar' })).id, ['failure']);
      await waitFor('Ravi’s failure in the team database', async () => (await db.sql(`SELECT count(*)::int AS n FROM calllog.calls WHERE team_reason = $1`, [reason])).rows[0].n === 1);
      await waitForState(asha.svc, asha.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['success']);

      const asAsha = (text: string, params: unknown[] = []) => runSql(logins.asha, text, params);
      const tries = [reason, `${reason}' OR true --`, `' OR 1=1 --`, '$8', '%', null];
      for (const p of tries) {
        const list = await asAsha(`SELECT * FROM calllog.team_list(${ARGS8}, $1::text, 500, 0)`, [p]);
        expect(list.rows.map((x) => x.agent_name).filter((n) => n !== 'Asha Rao'), String(p)).toEqual([]);
        const count = await asAsha(`SELECT * FROM calllog.team_count(${ARGS8}, $1::text, 1000)`, [p]);
        expect(Number(count.rows[0].n), String(p)).toBeLessThanOrEqual(p === null ? 1 : 0);
        const exp = await asAsha(`SELECT * FROM calllog.team_export(${ARGS8}, $1::text)`, [p]);
        expect(exp.rows.filter((x) => x.payload.CallSessionId === r.callSessionId), String(p)).toEqual([]);
      }
      // Step 12's, with the day the calls were logged, and step 14's, with test calls left out as well: still its own calls only.
      const day = [new Date(Date.now() - 86_400_000), new Date(Date.now() + 86_400_000)];
      for (const [p, step14] of [reason, null].flatMap((x) => [[x, ''], [x, ', true']] as const)) {
        const args = `${ARGS8}, $1::text, $2::timestamptz, $3::timestamptz${step14}`;
        const what = `${String(p)}${step14}`;
        const list = await asAsha(`SELECT * FROM calllog.team_list(${args}, 500, 0)`, [p, ...day]);
        expect(list.rows.map((x) => x.agent_name).filter((n) => n !== 'Asha Rao'), what).toEqual([]);
        const count = await asAsha(`SELECT * FROM calllog.team_count(${args}, 1000)`, [p, ...day]);
        expect(Number(count.rows[0].n), what).toBe(p === null ? 1 : 0);
        const exp = await asAsha(`SELECT * FROM calllog.team_export(${args})`, [p, ...day]);
        expect(exp.rows.filter((x) => x.payload.CallSessionId === r.callSessionId), what).toEqual([]);
      }
      // The app's own way, too.
      expect((await asha.svc.team.list({ reason })).items).toEqual([]);
      expect((await asha.svc.team.list({ reason, loggedFrom: day[0]!.getTime(), loggedTo: day[1]!.getTime(), excludeTestCalls: true })).items).toEqual([]);
      expect(await asha.svc.team.count({ excludeTestCalls: true })).toEqual({ total: 1, exact: true });
      expect((await ravi.svc.team.list({ reason })).items.map((i) => i.callSessionId)).toEqual([r.callSessionId]);
      // A login cannot read the tables behind them either.
      expect((await asAsha(`SELECT * FROM calllog.calls WHERE call_session_id = $1`, [r.callSessionId])).rows).toEqual([]);

      // Where a session ID was logged elsewhere (the form's check, an import's): an agent's login learns
      // it of its own account's calls, never another account's, whatever key it passes (none, say).
      const other = await startSandbox({ processingDelayMs: 20 }); // another LeadSquared account: another key
      try {
        const kiran = await desk(other, logins.kiran, 'Kiran Das', 'Seat 9');
        const k = await waitForState(kiran.svc, kiran.svc.logCall(callInput({ agentName: 'Kiran Das' })).id, ['success']);
        await waitFor('Kiran’s call in the team database', async () => (await db.sql(`SELECT count(*)::int AS n FROM calllog.calls WHERE call_session_id = $1 AND team_state = 'success'`, [k.callSessionId])).rows[0].n === 1);
        const ashaKey = (await asAsha(`SELECT key_fp FROM calllog.calls LIMIT 1`)).rows[0].key_fp as string;
        const elsewhere = async (login: string, key: string | null, sid: string) =>
          (await runSql(login, `SELECT desktop_name, state FROM calllog.logged_elsewhere($1, 'nobody', ARRAY[$2])`, [key, sid])).rows;
        expect(await elsewhere(logins.asha, ashaKey, r.callSessionId)).toEqual([{ desktop_name: 'Seat 2', state: 'failure' }]);
        expect(await elsewhere(logins.asha, ashaKey, k.callSessionId)).toEqual([]);
        expect(await elsewhere(logins.asha, null, k.callSessionId)).toEqual([]);
        expect(await elsewhere(logins.asha, null, r.callSessionId)).toEqual([]);
        // A supervisor’s login reads the team’s calls anyway.
        expect(await elsewhere(logins.meera, null, k.callSessionId)).toEqual([{ desktop_name: 'Seat 9', state: 'success' }]);
        // The form, on Asha's desktop.
        expect((await asha.svc.whereLogged(r.callSessionId)).elsewhere).toEqual({ desktop: 'Seat 2', state: 'failure' });
        expect((await asha.svc.whereLogged(k.callSessionId)).elsewhere).toBeNull();
      } finally {
        await other.close();
      }
    } finally {
      await sandbox.close();
    }
  });
});
