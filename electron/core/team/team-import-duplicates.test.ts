// A supervisor imports the dialer's file for a day the agents logged by hand on
// their own desktops: with a team database, the calls already logged elsewhere
// are duplicates (never sent twice), named by the desktop that has them. With
// the database not answering, the import is refused rather than risk them.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { startSandbox } from '../../sandbox/server';
import { callInput, waitForState } from '../../../test/support/engine';
import { importFile } from '../../../test/support/import-file';
import { startTcpProxy } from '../../../test/support/tcp-proxy';
import { freshTeamDatabase } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);
const timing = { teamDb: { retryMs: 200, statementTimeoutMs: 1000 }, team: { replication: { heartbeatMs: 200 } } };
const named = (name: string) => ({ env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1', CALLLOG_DESKTOP_NAME: name } });

describe('importing calls other desktops logged', () => {
  it('skips them as duplicates, saying on which desktop; the rest are queued and each call reaches LeadSquared once', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      const agent = await engine({ existingSandbox: sandbox, timing, service: named('Seat 3') });
      const supervisor = await engine({ existingSandbox: sandbox, timing, service: named('Supervisor desk') });
      await agent.svc.team.setDatabase(db.url);
      await supervisor.svc.team.setDatabase(db.url);
      const logged = agent.svc.logCall(callInput({ callSessionId: 'dialer-0' })).id;
      await waitForState(agent.svc, logged, ['success']);
      // LeadSquared refused the other (an unmapped agent number): Seat 3 must resend it, and the supervisor is told.
      sandbox.setFaults({ failureNext: 1 });
      const failed = agent.svc.logCall(callInput({ callSessionId: 'dialer-2' })).id;
      await waitForState(agent.svc, failed, ['failure']);
      await waitFor('both in the team database, final', async () => (await db.sql(`SELECT count(*)::int AS n FROM calllog.calls WHERE team_state IN ('success', 'failure')`)).rows[0].n === 2);

      const r = await supervisor.svc.supervisor.importCsv('dialer.csv', importFile(4, 'dialer'));
      expect(r.teamCheck).toBe('checked');
      expect(r.queued).toBe(2);
      expect(r.duplicates).toEqual([
        { line: 2, callSessionId: 'dialer-0', where: 'team', elsewhere: 'Seat 3', elsewhereState: 'success' },
        { line: 4, callSessionId: 'dialer-2', where: 'team', elsewhere: 'Seat 3', elsewhereState: 'failure' },
      ]);
      await waitFor('the imported calls sent', () => sandbox.calls().length === 4);
      expect(sandbox.calls().map((c) => c.callSessionId).sort()).toEqual(['dialer-0', 'dialer-1', 'dialer-2', 'dialer-3']);

      // The same file again on the agent's desktop: its own calls are duplicates here, the imported ones elsewhere.
      const again = await agent.svc.supervisor.importCsv('dialer.csv', importFile(4, 'dialer'));
      expect(again.queued).toBe(0);
      expect(again.duplicates.map((d) => [d.callSessionId, d.where, d.elsewhere])).toEqual([
        ['dialer-0', 'here', null],
        ['dialer-1', 'team', 'Supervisor desk'],
        ['dialer-2', 'here', null],
        ['dialer-3', 'team', 'Supervisor desk'],
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it('is refused while the team database does not answer, saving nothing, and goes through once it is back', async () => {
    const db = await freshTeamDatabase();
    const port = Number(new URL(db.url).port);
    const proxy = await startTcpProxy(port);
    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      const supervisor = await engine({ existingSandbox: sandbox, timing });
      await supervisor.svc.team.setDatabase(db.url.replace(`:${port}/`, `:${proxy.port}/`));
      proxy.cut();
      await waitFor('the database seen gone', () => supervisor.svc.team.database().state === 'unreachable', 10_000);
      const refused = await supervisor.svc.supervisor.importCsv('dialer.csv', importFile(3, 'cut')).then(
        () => null,
        (e: unknown) => e as AppError,
      );
      expect(refused).toBeInstanceOf(AppError);
      expect(refused!.code).toBe('unavailable');
      expect(refused!.message).toMatch(/^dialer\.csv: the team database is not answering .* would be sent twice/);
      expect(supervisor.svc.listEntries({}).items).toHaveLength(0);

      proxy.restore();
      await waitFor('the database back', () => supervisor.svc.team.database().state === 'connected', 10_000);
      const r = await supervisor.svc.supervisor.importCsv('dialer.csv', importFile(3, 'cut'));
      expect(r.queued).toBe(3);
    } finally {
      await sandbox.close();
      await proxy.close();
    }
  });
});

describe('the form asking where a call session ID is logged', () => {
  it('names the desktop that logged it and its state there, says so of this computer’s own, and finds nothing for a new ID', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      const seat3 = await engine({ existingSandbox: sandbox, timing, service: named('Seat 3') });
      const seat4 = await engine({ existingSandbox: sandbox, timing, service: named('Seat 4') });
      expect(await seat4.svc.whereLogged('transfer-1')).toEqual({ here: false, elsewhere: null, teamCheck: 'off' });
      await seat3.svc.team.setDatabase(db.url);
      await seat4.svc.team.setDatabase(db.url);
      const id = seat3.svc.logCall(callInput({ callSessionId: 'transfer-1' })).id;
      await waitForState(seat3.svc, id, ['success']);
      await waitFor('the call in the team database', async () => (await db.sql(`SELECT count(*)::int AS n FROM calllog.calls WHERE team_state = 'success'`)).rows[0].n === 1);

      expect(await seat4.svc.whereLogged(' transfer-1 ')).toEqual({ here: false, elsewhere: { desktop: 'Seat 3', state: 'success' }, teamCheck: 'checked' });
      expect(await seat3.svc.whereLogged('transfer-1')).toEqual({ here: true, elsewhere: null, teamCheck: 'checked' });
      expect(await seat4.svc.whereLogged('transfer-2')).toEqual({ here: false, elsewhere: null, teamCheck: 'checked' });
    } finally {
      await sandbox.close();
    }
  });
});
