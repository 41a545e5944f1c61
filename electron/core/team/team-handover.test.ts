// Back on the team budget after sending alone: the floor must first hear of the
// slots this desktop took on its own meanwhile. Otherwise the database grants
// them again to another desktop, inside the same LeadSquared window: 429s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server';
import { callInput, waitForState } from '../../../test/support/engine';
import { startPostgres, type PgCluster } from '../../../test/support/postgres';
import { startTcpProxy } from '../../../test/support/tcp-proxy';
import { runSql } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);
// A long window, so the slots taken alone are still counting when the desktop is back, however
// long a busy machine takes to reconnect it.
const rateLimit = { limit: 10, windowMs: 20_000 };
const timing = { rateLimit, teamDb: { retryMs: 200, statementTimeoutMs: 1000 } };

let cluster: PgCluster;
beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(() => cluster.destroy());

describe('the hand-over after the team database was away', () => {
  it('the slots a desktop took alone are held for the floor, so another desktop’s burst right after meets no 429', async () => {
    const url = cluster.url(await cluster.createDatabase('handover'));
    const proxy = await startTcpProxy(cluster.port);
    const sandbox = await startSandbox({ processingDelayMs: 20, rateLimit });
    try {
      const away = await engine({ existingSandbox: sandbox, timing });
      const other = await engine({ existingSandbox: sandbox, timing });
      expect((await away.svc.team.setDatabase(url.replace(`:${cluster.port}/`, `:${proxy.port}/`))).state).toBe('connected');
      expect((await other.svc.team.setDatabase(url)).state).toBe('connected');

      // Some calls through the floor first: cut off, a desktop keeps to the share it had of the key.
      const before = Array.from({ length: 3 }, () => away.svc.logCall(callInput()).id);
      await Promise.all(before.map((id) => waitForState(away.svc, id, ['success'], 20_000)));
      proxy.cut();
      await waitFor('the desktop to fall back to its own budget', () => away.svc.connectionInfo().sending.budget === 'team-unreachable', 10_000);
      // It keeps to its share for a while (busyMs, 30 s), but with nothing of its own waiting nothing is slowed.
      await waitFor('the agent told the database is away, not that sending is slowed', () => away.svc.connectionInfo().sending.slowed === false, 5_000);
      expect(away.svc.connectionInfo().sending.message).toMatch(/^The team database cannot be reached: this computer paces itself on its own until it is back\. Your calls are saved and sent\.$/);
      const alone = Array.from({ length: 3 }, () => away.svc.logCall(callInput()).id);
      await waitFor('its calls to go out on its own budget', () => sandbox.calls().length === 6, 60_000);

      proxy.restore();
      await waitFor('the desktop back on the team budget', () => away.svc.connectionInfo().sending.budget === 'team', 10_000);
      // What it told the floor: one held slot for each request it made alone in this window.
      await waitFor('the held slots in the database', async () => {
        // Taken and done in one moment (hold_slots reads the clock twice: a few microseconds apart on a busy machine).
        const held = await runSql(url, `SELECT count(*)::int AS n FROM calllog.budget_slots WHERE done_at - taken_at < interval '1 millisecond' AND expires_at > now()`);
        return (held.rows[0]!.n as number) >= 3;
      }, 10_000);

      // A whole window's worth from the other desktop: only what the floor has left goes now.
      const burst = Array.from({ length: rateLimit.limit }, () => other.svc.logCall(callInput()).id);
      await Promise.all([
        ...[...before, ...alone].map((id) => waitForState(away.svc, id, ['success'], 90_000)),
        ...burst.map((id) => waitForState(other.svc, id, ['success'], 90_000)),
      ]);
      expect(sandbox.calls()).toHaveLength(6 + rateLimit.limit);
      expect(sandbox.stats().rateLimited).toBe(0);
    } finally {
      await sandbox.close();
      await proxy.close();
    }
  }, 240_000);
});
