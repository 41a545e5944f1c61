// The team database's shared budget, against a real PostgreSQL server and real
// engines (their own data dirs, one key) talking HTTP to one strict sandbox.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { callInput, openEngine, waitForState, type EngineFixture } from '../../../test/support/engine';
import { importFile } from '../../../test/support/import-file';
import { freshTeamDatabase, pgUrl, runSql } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';
import { ApiKey } from '../leadsquared/api-key';
import { desktopName } from './desktop-name';
import { TEAM_MIGRATIONS } from './migrations';

const tempDir = useTempDirs();
const { engine, track } = useEngines(tempDir);
const rateLimit = { limit: 10, windowMs: 1000 };
const timing = { rateLimit, teamDb: { retryMs: 200 } };

async function floor(n: number, teamUrl: string | null, sandbox: Sandbox): Promise<EngineFixture[]> {
  const desks: EngineFixture[] = [];
  for (let i = 0; i < n; i++) {
    const d = await engine({ existingSandbox: sandbox, timing });
    if (teamUrl) expect((await d.svc.team.setDatabase(teamUrl)).state).toBe('connected');
    desks.push(d);
  }
  return desks;
}

const strictSandbox = () => startSandbox({ processingDelayMs: 20, rateLimit });

describe('one budget for the floor', () => {
  it('three desktops logging at once never meet a 429, and every call lands once', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await strictSandbox();
    try {
      const desks = await floor(3, db.url, sandbox);
      const ids = desks.map((d) => Array.from({ length: 12 }, () => d.svc.logCall(callInput()).id));
      await Promise.all(desks.map((d, i) => Promise.all(ids[i]!.map((id) => waitForState(d.svc, id, ['success'], 30_000)))));
      expect(sandbox.stats().rateLimited).toBe(0);
      expect(sandbox.calls()).toHaveLength(36);
      expect(new Set(sandbox.calls().map((c) => c.callSessionId)).size).toBe(36);
      expect(sandbox.calls().every((c) => c.submitCount === 1)).toBe(true);
      expect(desks[0]!.svc.connectionInfo().sending.budget).toBe('team');
    } finally {
      await sandbox.close();
    }
  });

  it('the same burst without a team database meets 429s (what the team budget removes)', async () => {
    const sandbox = await strictSandbox();
    try {
      const desks = await floor(3, null, sandbox);
      const ids = desks.map((d) => Array.from({ length: 12 }, () => d.svc.logCall(callInput()).id));
      await Promise.all(desks.map((d, i) => Promise.all(ids[i]!.map((id) => waitForState(d.svc, id, ['success'], 30_000)))));
      expect(sandbox.stats().rateLimited).toBeGreaterThan(0);
      expect(new Set(sandbox.calls().map((c) => c.callSessionId)).size).toBe(36);
    } finally {
      await sandbox.close();
    }
  });

  it('an import on one desktop never holds the key while an agent on another waits', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 20, rateLimit });
    try {
      const [importer, agent] = await floor(2, db.url, sandbox);
      await importer!.svc.supervisor.importCsv('floor.csv', importFile(80, `imp-${Date.now()}`));
      await waitFor('the import to be under way', () => sandbox.calls().length >= 15, 20_000);
      const loggedAt = Date.now();
      const id = agent!.svc.logCall(callInput()).id;
      const e = await waitForState(agent!.svc, id, ['accepted', 'in_queue', 'success'], 20_000);
      const receivedAt = sandbox.calls().find((c) => c.callSessionId === e.callSessionId)!.receivedAt;
      // Between the agent logging and its call arriving, only what was already on its way
      // (the importer's requests in flight) reached LeadSquared: the next free slot was the agent's.
      const overtook = sandbox.requests().filter((r) => r.at > loggedAt && r.at < receivedAt);
      expect(overtook.length).toBeLessThanOrEqual(5);
      await waitFor('the import to finish', () => {
        const c = importer!.svc.countByState();
        return (c.queued ?? 0) + (c.retry_wait ?? 0) + (c.sending ?? 0) === 0;
      }, 40_000);
      expect(sandbox.stats().rateLimited).toBe(0);
      expect(sandbox.calls().every((c) => c.submitCount === 1)).toBe(true);
    } finally {
      await sandbox.close();
    }
  });

  it('an agent’s call on the importing desktop goes as an agent’s call, not behind another desktop’s burst', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await startSandbox({ processingDelayMs: 20, rateLimit });
    try {
      const [importer, busy] = await floor(2, db.url, sandbox);
      await importer!.svc.supervisor.importCsv('floor.csv', importFile(80, `imp-${Date.now()}`));
      await waitFor('the import to be under way', () => sandbox.calls().length >= 10, 20_000);
      // Another desktop's agents log 40 calls: the floor serves them before import rows, so the
      // importer's sender now waits for a slot as import.
      const burst = new Set<string | null>(Array.from({ length: 40 }, () => busy!.svc.getEntry(busy!.svc.logCall(callInput()).id).callSessionId));
      await waitFor('the burst under way', () => sandbox.calls().filter((c) => burst.has(c.callSessionId)).length >= 3, 20_000);
      const e = await waitForState(importer!.svc, importer!.svc.logCall(callInput()).id, ['accepted', 'in_queue', 'success'], 20_000);
      const receivedAt = sandbox.calls().find((c) => c.callSessionId === e.callSessionId)!.receivedAt;
      await waitFor('the burst delivered', () => sandbox.calls().filter((c) => burst.has(c.callSessionId)).length === 40, 30_000);
      // It took a slot among the burst's, not after all of it.
      expect(sandbox.calls().filter((c) => burst.has(c.callSessionId) && c.receivedAt > receivedAt).length).toBeGreaterThan(10);
      expect(sandbox.stats().rateLimited).toBe(0);
    } finally {
      await sandbox.close();
    }
  });

  it('asks LeadSquared for its queue metrics once for the floor, not once per desktop', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await strictSandbox();
    try {
      const [first, ...others] = await floor(3, db.url, sandbox);
      await waitForState(first!.svc, first!.svc.logCall(callInput()).id, ['success']);
      expect(sandbox.stats().metricsCalls).toBe(1);
      for (const d of others) await waitForState(d.svc, d.svc.logCall(callInput()).id, ['success']);
      expect(sandbox.stats().metricsCalls).toBe(1);
    } finally {
      await sandbox.close();
    }
  });

  it('knows the key by a fingerprint only: the key is nowhere in the database', async () => {
    const db = await freshTeamDatabase();
    const sandbox = await strictSandbox();
    try {
      const [d] = await floor(1, db.url, sandbox);
      await waitForState(d!.svc, d!.svc.logCall(callInput()).id, ['success']);
      const dump = await db.sql(`SELECT string_agg(t::text, ' ') AS all FROM (
        SELECT row_to_json(k)::text AS t FROM calllog.budget_keys k UNION ALL
        SELECT row_to_json(s)::text FROM calllog.budget_slots s UNION ALL
        SELECT row_to_json(d)::text FROM calllog.budget_demand d) x`);
      expect(dump.rows[0].all).toContain(new ApiKey(sandbox.apiKey).id);
      expect(dump.rows[0].all).not.toContain(sandbox.apiKey);
      expect(dump.rows[0].all).not.toContain(sandbox.apiKey.slice(-12));
    } finally {
      await sandbox.close();
    }
  });
});

describe('the Team database setting', () => {
  it('is stored encrypted and shown back only as host and database name', async () => {
    const db = await freshTeamDatabase();
    const { svc, dataDir } = await engine();
    const info = await svc.team.setDatabase(`  ${db.url}  `);
    expect(info).toEqual({ configured: true, lockedBy: null, display: `127.0.0.1:${new URL(db.url).port} / ${db.name}`, state: 'connected', message: null, readsTeam: true, thisDesktop: { id: expect.any(String), name: desktopName({}) } });
    const onDisk = readFileSync(join(dataDir, 'team-db.json'), 'utf8');
    expect(onDisk).not.toContain(new URL(db.url).password);
    expect(onDisk).not.toContain(db.name);
    expect(JSON.stringify(svc.team.database())).not.toMatch(/postgres:|test-superuser/);
  });

  it('refuses a plain-text connection to another computer next to the field, keeping the one saved', async () => {
    const db = await freshTeamDatabase();
    const { svc } = await engine();
    await svc.team.setDatabase(db.url);
    await expect(svc.team.setDatabase('postgres://desk:pw@db.floor.example.com/calllog?sslmode=disable')).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'teamDatabase',
      message: expect.stringMatching(/TLS is required/),
    });
    expect(svc.team.database().state).toBe('connected');
  });

  it('refuses a database that cannot be reached next to the field, saving nothing; calls go out on this computer’s own budget', async () => {
    const { svc, sandbox, dataDir } = await engine({ timing });
    const refused = svc.team.setDatabase(pgUrl('nowhere').replace(/:\d+\//, ':1/'));
    await expect(refused).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'teamDatabase',
      message: 'Team database: cannot use 127.0.0.1:1 / nowhere: the server refused the connection (is it running?). Nothing was saved.',
    });
    expect(svc.team.database()).toMatchObject({ configured: false, state: 'off' });
    expect(existsSync(join(dataDir, 'team-db.json'))).toBe(false);
    const e = await waitForState(svc, svc.logCall(callInput()).id, ['success']);
    expect(sandbox.calls().filter((c) => c.callSessionId === e.callSessionId)).toHaveLength(1);
    expect(svc.connectionInfo().sending.budget).toBe('local');
  });

  it('says when a database set by IT cannot be reached, and calls still go out on this computer’s own budget', async () => {
    const file = join(tempDir(), 'policy.json');
    writeFileSync(file, JSON.stringify({ teamDatabase: pgUrl('nowhere').replace(/:\d+\//, ':1/') }));
    const { svc, sandbox } = await engine({ timing, service: { env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1', CALLLOG_POLICY_FILE: file } } });
    await waitFor('the managed team database to be found away', () => svc.team.database().state === 'unreachable');
    const info = svc.team.database();
    expect(info.message).toMatch(/Cannot reach the team database \(127\.0\.0\.1:1 \/ nowhere\): the server refused the connection/);
    expect(info.message).not.toMatch(/test-superuser/);
    const e = await waitForState(svc, svc.logCall(callInput()).id, ['success']);
    expect(sandbox.calls().filter((c) => c.callSessionId === e.callSessionId)).toHaveLength(1);
    expect(svc.connectionInfo().sending).toMatchObject({ budget: 'team-unreachable', message: expect.stringMatching(/team database cannot be reached/) });
  });

  it('a login that may not take budget slots is refused and said so, and calls go out on this computer’s own budget', async () => {
    const db = await freshTeamDatabase();
    // The schema exists (the owner made it); this login may read it but was never granted the budget.
    const owner = await engine({ timing });
    expect((await owner.svc.team.setDatabase(db.url)).state).toBe('connected');
    const login = `nogrant_${process.pid}_${Date.now().toString(36)}`;
    await runSql(pgUrl('postgres'), `CREATE ROLE ${login} LOGIN PASSWORD 'nogrant-pw-1'`);
    await db.sql(`GRANT USAGE ON SCHEMA calllog TO ${login}; GRANT SELECT ON calllog.schema_migrations TO ${login}`);
    const { svc, sandbox } = await engine({ timing });
    await expect(svc.team.setDatabase(pgUrl(db.name, login, 'nogrant-pw-1'))).rejects.toMatchObject({
      field: 'teamDatabase',
      message: expect.stringMatching(/lacks a permission it needs \(see docs\/team\.md for the roles\)\. Nothing was saved\.$/),
    });
    const e = await waitForState(svc, svc.logCall(callInput()).id, ['success'], 20_000);
    expect(sandbox.calls().filter((c) => c.callSessionId === e.callSessionId)).toHaveLength(1);
    expect(svc.connectionInfo().sending.budget).toBe('local');
  });

  it('a read-only server (a standby) is said so instead of flapping between the team budget and its own', async () => {
    const db = await freshTeamDatabase();
    const owner = await engine({ timing });
    expect((await owner.svc.team.setDatabase(db.url)).state).toBe('connected');
    const login = `ro_${process.pid}_${Date.now().toString(36)}`;
    await runSql(pgUrl('postgres'), `CREATE ROLE ${login} LOGIN PASSWORD 'ro-pw-1234' IN ROLE pg_read_all_data`);
    await runSql(pgUrl('postgres'), `ALTER ROLE ${login} SET default_transaction_read_only = on`);
    await db.sql(`GRANT USAGE ON SCHEMA calllog TO ${login}; GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA calllog TO ${login}`);
    const { svc, sandbox } = await engine({ timing });
    await expect(svc.team.setDatabase(pgUrl(db.name, login, 'ro-pw-1234'))).rejects.toMatchObject({
      field: 'teamDatabase',
      message: expect.stringMatching(/the server is read-only \(a standby\?\): point the connection string at the primary\. Nothing was saved\.$/),
    });
    expect(svc.team.database().state).toBe('off');
    const e = await waitForState(svc, svc.logCall(callInput()).id, ['success'], 20_000);
    expect(sandbox.calls().filter((c) => c.callSessionId === e.callSessionId)).toHaveLength(1);
  });

  it('a schema older than the app, with a login that may not upgrade it, names what the DBA runs; calls still go out', async () => {
    const db = await freshTeamDatabase();
    // The floor's database as an earlier version left it.
    await db.sql(`CREATE SCHEMA calllog; CREATE TABLE calllog.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    for (const m of TEAM_MIGRATIONS.filter((x) => x.version <= 4)) {
      await db.sql(`BEGIN;${m.sql}\nINSERT INTO calllog.schema_migrations (version, name) VALUES (${m.version}, '${m.name}'); COMMIT;`);
    }
    const login = `old_${process.pid}_${Date.now().toString(36)}`;
    await runSql(pgUrl('postgres'), `CREATE ROLE ${login} LOGIN PASSWORD 'old-pw-123'`);
    await db.sql(`GRANT USAGE ON SCHEMA calllog TO ${login}; GRANT SELECT ON calllog.schema_migrations TO ${login}; GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA calllog TO ${login}`);
    const { svc, sandbox } = await engine({ timing });
    const latest = TEAM_MIGRATIONS.at(-1)!.version;
    await expect(svc.team.setDatabase(pgUrl(db.name, login, 'old-pw-123'))).rejects.toMatchObject({
      field: 'teamDatabase',
      message: expect.stringContaining(`its schema is at version 4 and this version of the app needs ${latest}: the DBA runs \`npm run team:sql -- --from 4\``),
    });
    const e = await waitForState(svc, svc.logCall(callInput()).id, ['success'], 20_000);
    expect(sandbox.calls().filter((c) => c.callSessionId === e.callSessionId)).toHaveLength(1);
    // The owner's login brings it up to date by itself.
    const owner = await engine({ timing });
    expect((await owner.svc.team.setDatabase(db.url)).state).toBe('connected');
    expect((await db.sql('SELECT max(version)::int AS v FROM calllog.schema_migrations')).rows[0].v).toBe(latest);
  });

  it('is picked up again when the app restarts', async () => {
    const db = await freshTeamDatabase();
    const dir = tempDir();
    const sandbox = await strictSandbox();
    try {
      const first = await openEngine(dir, { existingSandbox: sandbox, timing });
      await first.svc.team.setDatabase(db.url);
      await first.close();
      const again = track(await openEngine(dir, { existingSandbox: sandbox, timing }));
      await waitFor('the saved team database to connect', () => again.svc.team.database().state === 'connected');
      expect(again.svc.team.database().display).toContain(db.name);
    } finally {
      await sandbox.close();
    }
  });
});

describe('IT’s policy file', () => {
  async function withPolicy(policy: object) {
    const file = join(tempDir(), 'policy.json');
    writeFileSync(file, JSON.stringify(policy));
    return engine({ timing, service: { env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1', CALLLOG_POLICY_FILE: file } } });
  }

  it('sets the team database for every desktop; Settings cannot change or clear it', async () => {
    const db = await freshTeamDatabase();
    const { svc } = await withPolicy({ setBy: 'Contoso IT', teamDatabase: db.url });
    await waitFor('the managed team database to connect', () => svc.team.database().state === 'connected');
    expect(svc.team.database()).toMatchObject({ configured: true, lockedBy: 'Contoso IT', display: expect.stringContaining(db.name) });
    await expect(svc.team.setDatabase(pgUrl('postgres'))).rejects.toMatchObject({ field: 'teamDatabase', message: 'Team database is set by Contoso IT and cannot be changed here' });
    await expect(svc.team.clearDatabase()).rejects.toMatchObject({ field: 'teamDatabase' });
    expect(svc.team.database().state).toBe('connected');
  });

  it('a team database it cannot use is named as a problem, without its password, and the app opens', async () => {
    const { svc } = await withPolicy({ teamDatabase: 'postgres://desk:hunter2-secret@db.floor.example.com/calllog?sslmode=disable' });
    expect(svc.policy.problems).toEqual([expect.stringMatching(/teamDatabase: TLS is required unless the database is on this computer.*; ignored$/)]);
    expect(svc.policy.problems.join(' ')).not.toContain('hunter2-secret');
    expect(svc.team.database()).toMatchObject({ configured: false, lockedBy: null, state: 'off' });
  });
});
