// docs/team.md for a DBA, run for real: the roles and database, the schema as
// printed, the grants. A desktop's login logs calls through the shared budget,
// writes and sees only its own; a supervisor's reads the team's; neither can
// touch the budget's tables directly. The doc prints exactly what runs here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server';
import { callInput, waitForState } from '../../../test/support/engine';
import { pgUrl, runSql } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';
import { dbaSchemaSql, DOC_ROLES, grantsSql, rolesSql, type RoleNames } from './dba-sql';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

describe('docs/team.md', () => {
  it('prints the schema, the roles and the grants exactly as the app and these tests use them (npm run team:sql)', () => {
    const doc = readFileSync(new URL('../../../docs/team.md', import.meta.url), 'utf8');
    expect(doc).toContain(rolesSql(DOC_ROLES));
    expect(doc).toContain(dbaSchemaSql());
    expect(doc).toContain(grantsSql(DOC_ROLES));
  });

  it('a DBA’s setup works: desktops share the budget and see their own calls, a supervisor sees the team’s', async () => {
    const tag = `${process.pid}_${Date.now().toString(36)}`;
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
    } finally {
      await sandbox.close();
    }
  });
});
