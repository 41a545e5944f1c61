// docs/team.md for a DBA, run for real: the roles and database, the schema as
// printed, the desktops' grants. A desktop on that role works and can do
// nothing else; the doc prints exactly what is tested here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server';
import { callInput, waitForState } from '../../../test/support/engine';
import { pgUrl, runSql } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { dbaSchemaSql, desktopGrantsSql, DOC_ROLES, rolesSql, type RoleNames } from './dba-sql';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

describe('docs/team.md', () => {
  it('prints the schema, the roles and the grants exactly as the app and these tests use them', () => {
    const doc = readFileSync(new URL('../../../docs/team.md', import.meta.url), 'utf8');
    expect(doc).toContain(rolesSql(DOC_ROLES));
    expect(doc).toContain(dbaSchemaSql());
    expect(doc).toContain(desktopGrantsSql(DOC_ROLES));
  });

  it('a DBA’s setup works: the desktop role sends through the shared budget and can do nothing more', async () => {
    const tag = `${process.pid}_${Date.now().toString(36)}`;
    const r: RoleNames = { database: `dba_${tag}`, owner: `own_${tag}`, desktop: `desk_${tag}`, ownerPassword: 'owner-pw-1', desktopPassword: 'desk-pw-1' };
    for (const statement of rolesSql(r).split(';\n').filter((x) => x.trim())) await runSql(pgUrl('postgres'), statement);
    const asOwner = pgUrl(r.database, r.owner, r.ownerPassword);
    await runSql(asOwner, dbaSchemaSql());
    await runSql(asOwner, desktopGrantsSql(r));

    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      const desk = await engine({ existingSandbox: sandbox });
      const asDesktop = pgUrl(r.database, r.desktop, r.desktopPassword);
      expect((await desk.svc.team.setDatabase(asDesktop)).state).toBe('connected');
      await waitForState(desk.svc, desk.svc.logCall(callInput()).id, ['success']);
      expect((await runSql(asOwner, 'SELECT count(*)::int AS n FROM calllog.budget_keys')).rows[0].n).toBe(1);
      await expect(runSql(asDesktop, 'SELECT * FROM calllog.budget_slots')).rejects.toThrow(/permission denied/);
      await expect(runSql(asDesktop, 'DELETE FROM calllog.budget_keys')).rejects.toThrow(/permission denied/);
      await expect(runSql(asDesktop, 'CREATE TABLE calllog.x (i int)')).rejects.toThrow(/permission denied/);
    } finally {
      await sandbox.close();
    }
  });
});
