// The end of a shift: a desktop closed normally with a call still in LeadSquared's
// queue is followed by another at once, not after minutes of silence (that wait
// is for desktops that crash or lose power), and it is present again as soon as
// it starts. The supervisor sees it closed, and the watcher's status checks.
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server';
import { callInput, waitForState } from '../../../test/support/engine';
import { freshTeamDatabase } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';

const tempDir = useTempDirs();
const { engine, desktop } = useEngines(tempDir);
// Silence alone would make a desktop count as gone only after ten minutes: far beyond this test.
const watcher = { everyMs: 200, staleMs: 600_000, leaseMs: 5000 };
const timing = { teamDb: { retryMs: 200 }, team: { replication: { heartbeatMs: 200 }, watcher } };

describe('a desktop closed normally', () => {
  it('has its call still In-Queue followed by another desktop at once, and is present again when it starts', async () => {
    const db = await freshTeamDatabase();
    // LeadSquared keeps the call in its queue long after the owner closes.
    const sandbox = await startSandbox({ processingDelayMs: 6000 });
    try {
      const open = desktop({ existingSandbox: sandbox, timing }, db.url);
      const supervisor = await engine({ existingSandbox: sandbox, timing });
      await supervisor.svc.team.setDatabase(db.url);
      const owner = await open();
      const id = owner.svc.logCall(callInput({ agentName: 'Asha Rao' })).id;
      const sent = await waitForState(owner.svc, id, ['accepted', 'in_queue']);
      // Closed at once: what the owner had not copied yet goes before it signs off.
      await owner.close();

      const row = await waitFor('the call in the team database', async () =>
        (await supervisor.svc.team.list({})).items.find((i) => i.requestId === sent.requestId) ?? null,
      );
      const closedView = await supervisor.svc.team.get({ desktopId: row.desktopId, id: row.id });
      expect(closedView.ownerOnline).toBe(false);
      expect(closedView.ownerSignedOffAt).not.toBeNull();

      // Followed within seconds, though the owner was heard from moments ago.
      const followed = await waitFor('the watcher to record the outcome', async () => {
        const d = await supervisor.svc.team.get({ desktopId: row.desktopId, id: row.id });
        return d.state === 'success' ? d : null;
      }, 30_000);
      expect(followed.watchedBy).not.toBeNull();
      // The checks the watcher made count with the owner's own.
      const own = await db.sql(`SELECT status_checks FROM calllog.calls WHERE request_id = $1`, [sent.requestId]);
      expect(followed.statusChecks).toBeGreaterThan(own.rows[0].status_checks as number);

      // Back at the next shift (a moment later here): present at once (no longer closed), and it adopts the outcome.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const reopenedAt = Date.now();
      const back = await open();
      const adopted = await waitForState(back.svc, id, ['success'], 20_000);
      expect(adopted.transitions.at(-1)?.note).toMatch(/^Followed by .* while this computer was away/);
      // Its final time is when the watcher learnt the outcome, not when the owner came back to adopt it
      // (a night later, on a real floor): Time to Success, the median and FinalAtUTC use it.
      const times = await waitFor('the adopted outcome copied back', async () => {
        const r = await db.sql(`SELECT final_at, watched_at FROM calllog.calls WHERE request_id = $1 AND state = 'success'`, [sent.requestId]);
        return (r.rows[0] as { final_at: Date; watched_at: Date } | undefined) ?? null;
      });
      const finalAt = times.final_at.getTime();
      expect(finalAt).toBeLessThan(reopenedAt);
      expect(Math.abs(finalAt - times.watched_at.getTime())).toBeLessThan(1000);
      // The owner's timeline puts the outcome then too, after the call's earlier steps.
      const steps = adopted.transitions.map((t) => t.at);
      expect(steps.at(-1)).toBe(finalAt);
      expect(steps.at(-1)).toBeLessThan(reopenedAt);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      const present = await waitFor('the owner online again', async () => {
        const d = await supervisor.svc.team.get({ desktopId: row.desktopId, id: row.id });
        return d.ownerOnline ? d : null;
      });
      expect(present.ownerSignedOffAt).toBeNull();
      expect(sandbox.calls()).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  }, 90_000);

  it('a desktop that goes silent without closing (as after a crash, or with its team database removed in Settings) is not followed before its silence is long enough', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 60_000 });
    try {
      const supervisor = await engine({ existingSandbox: sandbox, timing });
      await supervisor.svc.team.setDatabase(db.url);
      const owner = await engine({ existingSandbox: sandbox, timing });
      await owner.svc.team.setDatabase(db.url);
      const id = owner.svc.logCall(callInput()).id;
      const sent = await waitForState(owner.svc, id, ['accepted', 'in_queue']);
      const row = await waitFor('the call in the team database', async () =>
        (await supervisor.svc.team.list({})).items.find((i) => i.requestId === sent.requestId) ?? null,
      );
      // Silent from now on, as after a crash: the database hears nothing more, and nothing says it closed.
      const silent = await db.sql(`SELECT desktop_id FROM calllog.calls WHERE request_id = $1`, [sent.requestId]);
      await owner.svc.team.clearDatabase();
      // Several of the watcher's looks (every 200 ms) later, nobody has claimed it.
      await new Promise((r) => setTimeout(r, 2000));
      const claimed = await db.sql(`SELECT watch_by FROM calllog.calls WHERE desktop_id = $1`, [silent.rows[0].desktop_id]);
      expect(claimed.rows[0].watch_by).toBeNull();
      const view = await supervisor.svc.team.get({ desktopId: row.desktopId, id: row.id });
      expect(view.ownerSignedOffAt).toBeNull();
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
