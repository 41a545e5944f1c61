// The team's history under faults, for real: a desktop killed mid-replication,
// and a call left In-Queue when its desktop went away (the orphan watcher).
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server';
import { callInput, openEngine, waitForState } from '../../../test/support/engine';
import { freshTeamDatabase, pgUrl, runSql, withQuickWatcher } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';

const tempDir = useTempDirs();
const { engine, track } = useEngines(tempDir);
const CHILD = fileURLToPath(new URL('../../../test/support/team-child.ts', import.meta.url));
const run = (args: string[]) => spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });

describe('replication faults', () => {
  it('a desktop killed between a batch reaching the team database and marking it, then restarted: every call and state change in the team database exactly once', async () => {
    const N = 80;
    const db = await freshTeamDatabase();
    // The child's engines use this limit too (test/support/team-child.ts).
    const sandbox = await startSandbox({ processingDelayMs: 30, rateLimit: { limit: 20, windowMs: 500 } });
    try {
      const dir = tempDir();
      const args = [dir, sandbox.host, sandbox.callLogUrl, sandbox.apiKey, db.url, String(N)];
      // Killed by itself right after its third batch reached the team database, before SQLite marked it.
      const first = run(['log', ...args, '3']);
      const [code, signal] = (await new Promise((r) => first.once('exit', (...a) => r(a)))) as [number | null, string | null];
      // Windows reports a process that killed itself by its exit code, not the signal.
      expect(process.platform === 'win32' ? code !== 0 : signal === 'SIGKILL').toBe(true);
      const local0 = new Database(join(dir, 'calls.sqlite'), { readonly: true });
      const unmarked = (local0.prepare('SELECT id FROM entries WHERE team_synced = 0').all() as { id: number }[]).map((r) => r.id);
      local0.close();
      const inTeam = new Set((await db.sql('SELECT id FROM calllog.calls')).rows.map((r) => Number(r.id)));
      // The kill landed where it hurts: calls the team database has and this desktop thinks it still must copy.
      expect(unmarked.filter((id) => inTeam.has(id)).length).toBeGreaterThan(0);
      const second = run(['drain', ...args]);
      let out = '';
      second.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await new Promise((r) => second.once('exit', r));
      expect(out).toContain('synced');

      const local = new Database(join(dir, 'calls.sqlite'), { readonly: true });
      const rows = local.prepare('SELECT id, state, rev FROM entries ORDER BY id').all() as { id: number; state: string; rev: number }[];
      const transitions = (local.prepare('SELECT COUNT(*) AS n FROM transitions').get() as { n: number }).n;
      local.close();
      const team = await db.sql('SELECT id, state, rev FROM calllog.calls ORDER BY id');
      expect(team.rows.map((r) => ({ id: Number(r.id), state: r.state, rev: Number(r.rev) }))).toEqual(rows);
      expect((await db.sql('SELECT count(*)::int AS n FROM calllog.call_transitions')).rows[0].n).toBe(transitions);
      expect(rows).toHaveLength(N);
      // And LeadSquared got each call once.
      expect(new Set(sandbox.calls().map((c) => c.callSessionId)).size).toBe(N);
    } finally {
      await sandbox.close();
    }
  });
});

describe('no call left unwatched', () => {
  const watcher = { everyMs: 200, staleMs: 1500, leaseMs: 5000 };
  const timing = { teamDb: { retryMs: 200 }, team: { replication: { heartbeatMs: 200 }, watcher } };

  it('a call still In-Queue when its desktop shuts down is followed by one other desktop, and its owner adopts the outcome', async () => {
    const db = await withQuickWatcher(await freshTeamDatabase());
    const sandbox = await startSandbox({ processingDelayMs: 4000 });
    try {
      const ownerDir = tempDir();
      const owner = await openEngine(ownerDir, { existingSandbox: sandbox, timing });
      await owner.svc.team.setDatabase(db.url);
      const id = owner.svc.logCall(callInput()).id;
      const accepted = await waitForState(owner.svc, id, ['accepted', 'in_queue']);
      await waitFor('the call in the team database', async () => (await db.sql(`SELECT count(*)::int AS n FROM calllog.calls WHERE request_id IS NOT NULL`)).rows[0].n === 1);
      await owner.close(); // the end of the shift

      // Two desktops online: one watcher between them (a database lock, not an election of ours).
      const [b, c] = [await engine({ existingSandbox: sandbox, timing }), await engine({ existingSandbox: sandbox, timing })];
      await b!.svc.team.setDatabase(db.url);
      await c!.svc.team.setDatabase(db.url);
      const outcome = await waitFor('the orphan followed to its outcome', async () => {
        const r = await db.sql(`SELECT watched_state, watch_by FROM calllog.calls WHERE request_id = $1`, [accepted.requestId]);
        return r.rows[0]?.watched_state ? r.rows[0] : null;
      }, 30_000);
      expect(outcome.watched_state).toBe('success');
      expect(['b', 'c'].filter((_, i) => [b, c][i]!.svc.team.database().state === 'connected')).toHaveLength(2);
      // Both online, exactly one holds the watcher's lock for the key.
      const holders = await db.sql(
        `SELECT count(*)::int AS n FROM pg_locks l, (SELECT DISTINCT key_fp FROM calllog.calls) k
         WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('calllog.watcher.v3:' || k.key_fp, 0)`,
      );
      expect(holders.rows[0].n).toBe(1);
      // The supervisor sees it final already, with who followed it.
      const seen = (await b!.svc.team.list({})).items.find((i) => i.requestId === accepted.requestId)!;
      expect(seen.state).toBe('success');
      const seenDetail = await b!.svc.team.get({ desktopId: seen.desktopId, id: seen.id });
      expect(seenDetail.watchedBy).toBeTruthy();
      // Its changes end with what the watcher learnt, as its owner will write it down.
      expect(seenDetail.transitions.at(-1)).toMatchObject({ from: accepted.state, to: 'success', note: expect.stringMatching(/^Followed by .+ while .+ was away: LeadSquared: Success$/) });
      // LeadSquared was asked about it after its desktop went away: by the watcher, through the shared budget.
      const checks = sandbox.requests().filter((r) => r.path.includes(encodeURIComponent(accepted.requestId!)) || r.path.includes(accepted.requestId!));
      expect(checks.length).toBeGreaterThan(0);

      const reopenedAt = Date.now();
      const again = track(await openEngine(ownerDir, { existingSandbox: sandbox, timing }));
      const adopted = await waitForState(again.svc, id, ['success'], 20_000);
      expect(adopted.transitions.at(-1)!.note).toMatch(/^Followed by .+ while this computer was away: LeadSquared: Success$/);
      // The owner did not check it again itself.
      expect(sandbox.requests().filter((r) => r.at >= reopenedAt && r.path.includes(accepted.requestId!))).toHaveLength(0);
    } finally {
      await sandbox.close();
    }
  });
});

describe('a team database made again', () => {
  const timing = { teamDb: { retryMs: 200 }, team: { replication: { heartbeatMs: 200 } } };
  const teamCopy = async (sql: (text: string) => Promise<{ rows: Record<string, unknown>[] }>) =>
    (await sql('SELECT id, state, request_id FROM calllog.calls ORDER BY id')).rows.map((r) => ({ id: Number(r.id), state: r.state, requestId: r.request_id }));

  it('dropped and created again under the same name, its schema dropped, or restored from an older backup: each desktop copies all its calls again', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      const logs: string[] = [];
      const d = await engine({ existingSandbox: sandbox, timing, service: { log: (m) => logs.push(m) } });
      expect((await d.svc.team.setDatabase(db.url)).state).toBe('connected');
      // Joining is routine: the log an engineer reads must not cry "lost calls" for it.
      await waitFor('the first connection logged', () => logs.some((m) => /team replication: first connection to 127\.0\.0\.1:\d+ \/ \w+; copying/.test(m)));
      expect(logs.filter((m) => /lacks calls/.test(m))).toEqual([]);
      const calls = [];
      for (let i = 0; i < 3; i++) calls.push(await waitForState(d.svc, d.svc.logCall(callInput()).id, ['success']));
      const local = calls.map((c) => ({ id: c.id, state: 'success', requestId: c.requestId }));
      await waitFor('every call copied', async () => JSON.stringify(await teamCopy(db.sql)) === JSON.stringify(local) || null);

      // The DBA drops the database and makes it again, empty, under the same name and host.
      await runSql(pgUrl('postgres'), `DROP DATABASE ${db.name} WITH (FORCE)`);
      await runSql(pgUrl('postgres'), `CREATE DATABASE ${db.name}`);
      await waitFor('every call copied again', async () => JSON.stringify(await teamCopy(db.sql).catch(() => [])) === JSON.stringify(local) || null, 15_000);
      expect(logs.filter((m) => /lacks calls this computer copied to it; copying all again/.test(m)).length).toBeGreaterThan(0);
      const transitions = (await db.sql('SELECT count(*)::int AS n FROM calllog.call_transitions')).rows[0].n as number;
      expect(transitions).toBeGreaterThan(0);

      // The schema dropped and made again under desktops still connected.
      await db.sql('DROP SCHEMA calllog CASCADE');
      await waitFor('every call copied into the new schema', async () => JSON.stringify(await teamCopy(db.sql).catch(() => [])) === JSON.stringify(local) || null, 15_000);

      // Restored from a backup taken before the last call: same database, the last call and its
      // history missing, every connection cut by the restore.
      const last = calls.at(-1)!.id;
      await db.sql(`DELETE FROM calllog.call_transitions WHERE call_id = ${last}; DELETE FROM calllog.calls WHERE id = ${last}`);
      await db.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      await waitFor('the missing call copied again', async () => JSON.stringify(await teamCopy(db.sql)) === JSON.stringify(local) || null, 15_000);
      expect((await db.sql('SELECT count(*)::int AS n FROM calllog.call_transitions')).rows[0].n).toBe(transitions);
    } finally {
      await sandbox.close();
    }
  });
});
