// The team database failing under load, for real: the server stopped mid-burst
// and started again, and one desktop cut off from it and let back. Every call
// is still delivered exactly once, without a storm of 429s.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { callInput, waitForState, type EngineFixture } from '../../../test/support/engine';
import { startPostgres, type PgCluster } from '../../../test/support/postgres';
import { startTcpProxy } from '../../../test/support/tcp-proxy';
import { runSql } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);
const rateLimit = { limit: 10, windowMs: 1000 };
const timing = { rateLimit, teamDb: { retryMs: 200, statementTimeoutMs: 1000 } };

let cluster: PgCluster;
beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(() => cluster.destroy());

async function desk(sandbox: Sandbox, url: string): Promise<EngineFixture> {
  const d = await engine({ existingSandbox: sandbox, timing });
  expect((await d.svc.team.setDatabase(url)).state).toBe('connected');
  return d;
}

/** A desktop's id and how many state changes its own outbox holds. */
function localOf(d: EngineFixture): { id: string; transitions: number } {
  const db = new Database(join(d.dataDir, 'calls.sqlite'), { readonly: true });
  try {
    const id = (db.prepare(`SELECT value FROM meta WHERE key = 'desktop_id'`).get() as { value: string }).value;
    return { id, transitions: (db.prepare('SELECT COUNT(*) AS n FROM transitions').get() as { n: number }).n };
  } finally {
    db.close();
  }
}

function expectDeliveredOnce(sandbox: Sandbox, n: number) {
  const calls = sandbox.calls();
  expect(calls).toHaveLength(n);
  expect(new Set(calls.map((c) => c.callSessionId)).size).toBe(n);
  expect(calls.every((c) => c.submitCount === 1)).toBe(true);
}

function rate429(sandbox: Sandbox): number {
  const answered = sandbox.requests().filter((r) => typeof r.status === 'number').length;
  return sandbox.stats().rateLimited / answered;
}

describe('team database faults', () => {
  it('the database down for a minute mid-burst: every call once, no 429 storm, and the team view converges', async () => {
    const url = cluster.url(await cluster.createDatabase('stop'));
    const sandbox = await startSandbox({ processingDelayMs: 20, rateLimit });
    try {
      const desks = [await desk(sandbox, url), await desk(sandbox, url), await desk(sandbox, url)];
      const ids = desks.map((d) => Array.from({ length: 20 }, () => d.svc.logCall(callInput()).id));
      await waitFor('the burst to be under way', () => sandbox.calls().length >= 10, 20_000);
      cluster.stop();
      const downAt = Date.now();
      await waitFor('every desktop to fall back', () => desks.every((d) => d.svc.connectionInfo().sending.budget === 'team-unreachable'), 10_000);
      const during = sandbox.calls().length;
      await waitFor('calls to keep going out without the database', () => sandbox.calls().length >= during + 10, 20_000);
      // More calls logged while it is away; then the rest of the minute.
      const later = desks.map((d) => Array.from({ length: 3 }, () => d.svc.logCall(callInput()).id));
      await new Promise((r) => setTimeout(r, Math.max(0, 60_000 - (Date.now() - downAt))));
      cluster.start();
      await waitFor('every desktop back on the team budget', () => desks.every((d) => d.svc.connectionInfo().sending.budget === 'team'), 20_000);
      const backAt = Date.now();
      await Promise.all(desks.map((d, i) => Promise.all([...ids[i]!, ...later[i]!].map((id) => waitForState(d.svc, id, ['success'], 40_000)))));
      expectDeliveredOnce(sandbox, 69);
      expect(rate429(sandbox)).toBeLessThanOrEqual(0.1);
      // Back on the shared budget, what waited on each desktop's own went through the floor's queue
      // and the slots taken meanwhile were counted: not one 429 from then on.
      expect(sandbox.requests().filter((r) => r.at > backAt && r.status === 429)).toEqual([]);
      // The team view converges: every desktop's every call, in its final state, once.
      await waitFor('the team view to converge', async () => {
        const [l, n] = await Promise.all([desks[0]!.svc.team.list({ limit: 100 }), desks[0]!.svc.team.count({})]);
        return n.total === 69 && l.items.length === 69 && l.items.every((i) => i.state === 'success');
      }, 20_000);
      // ...with every state change each desktop made, once (the database missed a minute of them).
      await waitFor('every state change in the team database', async () => {
        const team = await runSql(url, 'SELECT desktop_id, count(*)::int AS n FROM calllog.call_transitions GROUP BY desktop_id');
        const counts = new Map(team.rows.map((r) => [r.desktop_id as string, r.n as number]));
        return desks.every((d) => counts.get(localOf(d).id) === localOf(d).transitions);
      }, 20_000);
    } finally {
      await sandbox.close();
    }
  }, 150_000);

  it('one desktop cut off from the database and let back: every call once, no 429 storm', async () => {
    const url = cluster.url(await cluster.createDatabase('cut'));
    const proxy = await startTcpProxy(cluster.port);
    const sandbox = await startSandbox({ processingDelayMs: 20, rateLimit });
    try {
      const viaProxy = url.replace(`:${cluster.port}/`, `:${proxy.port}/`);
      const desks = [await desk(sandbox, url), await desk(sandbox, url), await desk(sandbox, viaProxy)];
      const ids = desks.map((d) => Array.from({ length: 20 }, () => d.svc.logCall(callInput()).id));
      await waitFor('the burst to be under way', () => sandbox.calls().length >= 10, 20_000);
      proxy.cut();
      await waitFor('the cut-off desktop to notice', () => desks[2]!.svc.connectionInfo().sending.budget === 'team-unreachable', 10_000);
      expect(desks[0]!.svc.connectionInfo().sending.budget).toBe('team');
      const during = sandbox.calls().length;
      // ...from the cut-off desktop too, on its own budget (saving and sending never wait on the database).
      const cutOff = new Set(ids[2]!.map((id) => desks[2]!.svc.getEntry(id).callSessionId));
      const fromCutOff = () => sandbox.calls().filter((c) => cutOff.has(c.callSessionId!)).length;
      const cutOffBefore = fromCutOff();
      await waitFor('calls to keep going out', () => sandbox.calls().length >= during + 10, 20_000);
      await waitFor('the cut-off desktop to keep sending', () => fromCutOff() >= Math.min(20, cutOffBefore + 3), 45_000);
      proxy.restore();
      await waitFor('the desktop back on the team budget', () => desks[2]!.svc.connectionInfo().sending.budget === 'team', 20_000);
      await Promise.all(desks.map((d, i) => Promise.all(ids[i]!.map((id) => waitForState(d.svc, id, ['success'], 40_000)))));
      expectDeliveredOnce(sandbox, 60);
      expect(rate429(sandbox)).toBeLessThanOrEqual(0.1);
    } finally {
      await sandbox.close();
      await proxy.close();
    }
  }, 120_000);
});
