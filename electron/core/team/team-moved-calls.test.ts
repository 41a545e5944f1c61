// An agent moves to a new PC (Settings › Move to a new PC): the old desktop keeps its
// copy of each unsent call, paused, and both desktops copy theirs to the team database
// under their own logins. The team sees each such call once, where it is live, and
// counts it once; each copy stays its own desktop's (nothing writes another login's row).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server';
import { callInput, openEngine, waitForState } from '../../../test/support/engine';
import { freshTeamDatabase, TEAM_TIMING as timing, teamLogins, today as day } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';
import { dbaSchemaSql } from './dba-sql';

const tempDir = useTempDirs();
const { track } = useEngines(tempDir);

describe('calls moved to a new PC, in the team’s view', () => {
  it('show once, where they are live, with where they came from; counted once; shown twice again only if the old copy is resumed', async () => {
    const sandbox = await startSandbox({ processingDelayMs: 50 });
    const db = await freshTeamDatabase();
    try {
      await db.sql(dbaSchemaSql());
      const login = await teamLogins(db, ['old_pc', 'new_pc', 'sup'], ['sup']);
      const desktop = async (url: string, name: string, key?: null) => {
        const d = track(await openEngine(tempDir(), { existingSandbox: sandbox, timing, key, service: { env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1', CALLLOG_DESKTOP_NAME: name } } }));
        await d.svc.updateSettings({ agentName: 'Asha Rao' });
        expect((await d.svc.team.setDatabase(url)).state).toBe('connected');
        return d;
      };
      const old = await desktop(login.old_pc, 'Seat 3');
      const sup = await desktop(login.sup, 'Supervisor');
      const delivered = await waitForState(old.svc, old.svc.logCall(callInput({ agentName: 'Asha Rao' })).id, ['success']);
      old.svc.clearKey();
      const moving = [old.svc.logCall(callInput({ agentName: 'Asha Rao' })), old.svc.logCall(callInput({ agentName: 'Asha Rao' }))];
      await waitFor('the waiting calls copied', async () => (await db.sql(`SELECT 1 FROM calllog.calls WHERE state = 'needs_key'`)).rows.length === 2 || null);

      const out = await old.svc.transfer.exportFile({ logDir: tempDir(), about: () => ({}) });
      expect(out).toMatchObject({ saved: true, calls: 2 });
      await waitFor('the old copies paused in the team database', async () => (await db.sql(`SELECT 1 FROM calllog.calls WHERE state = 'paused'`)).rows.length === 2 || null);
      const fresh = await desktop(login.new_pc, 'Seat 14', null);
      expect((await fresh.svc.transfer.importFile('calllog-transfer.json', readFileSync(out.path!, 'utf8'))).calls).toBe(2);
      fresh.svc.setKey(sandbox.apiKey);
      await waitFor('the moved calls delivered from the new PC, in the team database', async () => {
        const r = await db.sql(`SELECT count(*)::int AS n FROM calllog.calls WHERE state = 'success'`);
        return r.rows[0].n === 3 || null;
      });

      // The supervisor: three calls, each once, none paused; counted so everywhere.
      const list = await sup.svc.team.list({});
      expect(list.items.map((i) => [i.callSessionId, i.desktopName, i.state]).sort()).toEqual(
        [
          [delivered.callSessionId, 'Seat 3', 'success'],
          [moving[0]!.callSessionId, 'Seat 14', 'success'],
          [moving[1]!.callSessionId, 'Seat 14', 'success'],
        ].sort(),
      );
      expect(await sup.svc.team.count({})).toEqual({ total: 3, exact: true });
      expect(await sup.svc.team.count({ agent: 'asha rao' })).toEqual({ total: 3, exact: true });
      expect(await sup.svc.team.count({ states: ['paused'] })).toEqual({ total: 0, exact: true });
      expect((await sup.svc.team.agents()).agents).toEqual([{ name: 'Asha Rao', calls: 3 }]);
      expect((await sup.svc.team.dashboard(day())).totals).toEqual({ logged: 3, delivered: 3, failed: 0, waiting: 0 });
      expect((await sup.svc.team.exportCsv({})).rows).toBe(3);

      // The live copy says where it came from; the old one, reached by its own id, where it went.
      const live = list.items.find((i) => i.callSessionId === moving[0]!.callSessionId)!;
      expect(await sup.svc.team.get({ desktopId: live.desktopId, id: live.id })).toMatchObject({ movedFrom: 'Seat 3', movedTo: null });
      const oldCopy = old.svc.getEntry(moving[0]!.id);
      const desktopOf = async (callSessionId: string, state: string) =>
        (await db.sql('SELECT desktop_id FROM calllog.calls WHERE call_session_id = $1 AND state = $2', [callSessionId, state])).rows[0].desktop_id as string;
      const oldDesktop = await desktopOf(oldCopy.callSessionId, 'paused');
      expect(await sup.svc.team.get({ desktopId: oldDesktop, id: oldCopy.id })).toMatchObject({ state: 'paused', movedTo: 'Seat 14', movedFrom: null });
      // Each copy is still its own login's: neither desktop's row was written by the other.
      const owners = await db.sql(`SELECT DISTINCT owner_role FROM calllog.calls WHERE call_session_id = $1 ORDER BY 1`, [oldCopy.callSessionId]);
      expect(owners.rows.map((r) => (r.owner_role as string).replace(/_\d.*$/, ''))).toEqual(['new_pc', 'old_pc']);

      // Resumed on the old PC, the old copy is live too (it would be sent from there as well): the team sees both.
      old.svc.retryNow(moving[0]!.id);
      await waitFor('the resumed copy in the team’s view', async () => ((await sup.svc.team.count({})).total === 4 ? true : null));
      expect((await sup.svc.team.list({ search: moving[0]!.callSessionId })).items.map((i) => i.desktopName).sort()).toEqual(['Seat 14', 'Seat 3']);
    } finally {
      await sandbox.close();
    }
  }, 90_000);
});
