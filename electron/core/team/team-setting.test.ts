// Changing the Team database setting against a real PostgreSQL server: a
// string that parses but cannot serve is tried before it is saved and refused
// next to the field, keeping the working one (also after a restart); and a
// desktop whose login changed under it is told what the DBA must do instead of
// showing "Connected" while nothing is copied.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callInput, openEngine, waitForState, type EngineFixture } from '../../../test/support/engine';
import { startTcpProxy } from '../../../test/support/tcp-proxy';
import { freshTeamDatabase, pgUrl, runSql } from '../../../test/support/team';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';
import { FileKeyCipher } from '../vault';
import { PG_PASSWORD } from '../../../test/support/postgres';
import { TeamSecret } from './team-secret';

const tempDir = useTempDirs();
const { engine, track } = useEngines(tempDir);
const timing = { teamDb: { retryMs: 200 }, team: { replication: { heartbeatMs: 100 } } };

const saved = (dataDir: string) => new TeamSecret(dataDir, new FileKeyCipher(dataDir)).read();

function desktopIdOf(d: EngineFixture): string {
  const db = new Database(join(d.dataDir, 'calls.sqlite'), { readonly: true });
  try {
    return (db.prepare(`SELECT value FROM meta WHERE key = 'desktop_id'`).get() as { value: string }).value;
  } finally {
    db.close();
  }
}

describe('a new connection string is tried before it replaces the one in use', () => {
  it('cleared while a string is still being tried: the clearing stands, the string is not saved', async () => {
    const db = await freshTeamDatabase();
    const d = await engine({ timing });
    const trying = d.svc.team.setDatabase(db.url);
    await d.svc.team.clearDatabase();
    await expect(trying).rejects.toThrow(/changed again while this one was being tried/);
    expect(saved(d.dataDir)).toBeNull();
    expect(d.svc.team.database().state).toBe('off');
  });

  it('a wrong or missing password, an unknown database, an unknown host or TLS the server lacks: refused at the field, the working one kept, also after a restart', async () => {
    const db = await freshTeamDatabase();
    const dir = tempDir();
    const first = await openEngine(dir, { timing });
    const port = new URL(db.url).port;
    try {
      expect((await first.svc.team.setDatabase(db.url)).state).toBe('connected');
      const tries: [string, RegExp][] = [
        [pgUrl(db.name, 'postgres', 'not-the-password'), /cannot use 127\.0\.0\.1:\d+ \/ t_\w+: the user name or password was refused\./],
        [pgUrl(`${db.name}_gone`), /cannot use 127\.0\.0\.1:\d+ \/ t_\w+_gone: the database does not exist\./],
        [`postgres://postgres:${PG_PASSWORD}@calllog-test.invalid:${port}/${db.name}`, /cannot use calllog-test\.invalid:\d+ \/ t_\w+: the host name cannot be found\./],
        [`postgres://postgres@127.0.0.1:${port}/${db.name}`, /cannot use 127\.0\.0\.1:\d+ \/ t_\w+: the server asks for a password and the connection string has none \(postgres:\/\/user:password@host\/database\)\./],
        [`${db.url}?sslmode=require`, /cannot use 127\.0\.0\.1:\d+ \/ t_\w+: TLS failed: The server does not support SSL connections/],
      ];
      for (const [url, reason] of tries) {
        const refused = first.svc.team.setDatabase(url);
        await expect(refused, url).rejects.toMatchObject({ code: 'invalid_input', field: 'teamDatabase', message: expect.stringMatching(reason) });
        await expect(refused).rejects.toMatchObject({ message: expect.stringMatching(/Nothing was saved: the team database set before stays in use\.$/) });
        await expect(refused).rejects.not.toMatchObject({ message: expect.stringMatching(/not-the-password|test-superuser/) });
        expect(first.svc.team.database()).toMatchObject({ state: 'connected', display: `127.0.0.1:${port} / ${db.name}` });
        expect(first.svc.connectionInfo().sending.budget).toBe('team');
        expect(saved(dir)).toBe(db.url);
      }
      // Still copying calls to the team database.
      const e = await waitForState(first.svc, first.svc.logCall(callInput()).id, ['success']);
      await waitFor('the call in the team database', async () => (await db.sql(`SELECT count(*)::int AS n FROM calllog.calls WHERE call_session_id = $1`, [e.callSessionId])).rows[0].n === 1);
    } finally {
      await first.close();
    }
    const again = track(await openEngine(dir, { timing }));
    await waitFor('the saved team database to connect after a restart', () => again.svc.team.database().state === 'connected');
    expect(again.svc.team.database().display).toBe(`127.0.0.1:${port} / ${db.name}`);
  });
});

describe('a desktop whose team database login changed', () => {
  /** The DBA's setup (docs/team.md) with two logins in the desktops' group, as when a shared login becomes one per desktop. */
  async function twoLogins() {
    const db = await freshTeamDatabase();
    const tag = `${process.pid}_${Date.now().toString(36)}`;
    const group = `desks_${tag}`;
    const [a, b] = [`shared_${tag}`, `seat_${tag}`];
    await runSql(pgUrl('postgres'), `CREATE ROLE ${group} NOLOGIN`);
    await runSql(pgUrl('postgres'), `CREATE ROLE ${a} LOGIN PASSWORD 'pw-a-123' IN ROLE ${group}`);
    await runSql(pgUrl('postgres'), `CREATE ROLE ${b} LOGIN PASSWORD 'pw-b-123' IN ROLE ${group}`);
    // The schema's owner (here the superuser) makes the schema by connecting once.
    const owner = await engine({ timing });
    expect((await owner.svc.team.setDatabase(db.url)).state).toBe('connected');
    await db.sql(`GRANT USAGE ON SCHEMA calllog TO ${group}; GRANT SELECT ON calllog.schema_migrations TO ${group};
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA calllog TO ${group};
      GRANT SELECT, INSERT, UPDATE ON calllog.calls, calllog.call_transitions, calllog.desktops TO ${group}`);
    return { db, a, b, urlA: pgUrl(db.name, a, 'pw-a-123'), urlB: pgUrl(db.name, b, 'pw-b-123') };
  }

  it('is refused a new login that cannot write for it, with what the DBA runs; after the DBA’s hand-over it connects and copies', async () => {
    const { db, b, urlA, urlB } = await twoLogins();
    const desk = await engine({ timing });
    expect((await desk.svc.team.setDatabase(urlA)).state).toBe('connected');
    const before = await waitForState(desk.svc, desk.svc.logCall(callInput()).id, ['success']);
    await waitFor('the first call copied', async () => (await db.sql(`SELECT count(*)::int AS n FROM calllog.calls WHERE call_session_id = $1`, [before.callSessionId])).rows[0].n === 1);
    const id = desktopIdOf(desk);

    const handOver = `UPDATE calllog.desktops SET owner_role = '${b}' WHERE desktop_id = '${id}';`;
    await expect(desk.svc.team.setDatabase(urlB)).rejects.toMatchObject({
      field: 'teamDatabase',
      message: expect.stringContaining(`this computer (desktop ${id}) was registered in the team database by another login, so the login ${b} may not copy its calls there. The DBA hands it over, as the schema’s owner: ${handOver}`),
    });
    expect(desk.svc.team.database()).toMatchObject({ state: 'connected' });
    expect(saved(desk.dataDir)).toBe(urlA);

    // What docs/team.md tells the DBA to run.
    for (const table of ['desktops', 'calls', 'call_transitions']) await db.sql(`UPDATE calllog.${table} SET owner_role = '${b}' WHERE desktop_id = '${id}'`);
    expect((await desk.svc.team.setDatabase(urlB)).state).toBe('connected');
    const after = await waitForState(desk.svc, desk.svc.logCall(callInput()).id, ['success']);
    await waitFor('the next call copied under the new login', async () => (await db.sql(`SELECT owner_role FROM calllog.calls WHERE call_session_id = $1`, [after.callSessionId])).rows[0]?.owner_role === b);
  });

  it('started with a login that cannot write for it (as after IT changed it), Settings says what the DBA must do, not “Connected”', async () => {
    const { db, a, b, urlA, urlB } = await twoLogins();
    const dir = tempDir();
    const first = await openEngine(dir, { timing });
    let id: string;
    try {
      expect((await first.svc.team.setDatabase(urlA)).state).toBe('connected');
      id = desktopIdOf(first);
      await waitFor('this desktop registered', async () => (await db.sql(`SELECT owner_role FROM calllog.desktops WHERE desktop_id = $1`, [id])).rows[0]?.owner_role === a);
    } finally {
      await first.close();
    }
    new TeamSecret(dir, new FileKeyCipher(dir)).write(urlB);
    const again = track(await openEngine(dir, { timing }));
    await waitFor('the team database found unusable', () => again.svc.team.database().state === 'unreachable');
    expect(again.svc.team.database().message).toMatch(
      new RegExp(`cannot be used by this computer: this computer \\(desktop ${id}\\) was registered in the team database by another login, so the login ${b} may not copy its calls there\\. .*UPDATE calllog\\.desktops SET owner_role = '${b}' WHERE desktop_id = '${id}';`),
    );
    expect(again.svc.connectionInfo().sending.budget).toBe('team-unreachable');
  });

  it('whose row is taken from it while connected (row-level security refuses the heartbeat): Settings says so within moments, not “Connected”', async () => {
    const { db, a, urlA } = await twoLogins();
    const desk = await engine({ timing });
    expect((await desk.svc.team.setDatabase(urlA)).state).toBe('connected');
    const id = desktopIdOf(desk);
    await waitFor('this desktop registered', async () => (await db.sql(`SELECT owner_role FROM calllog.desktops WHERE desktop_id = $1`, [id])).rows[0]?.owner_role === a);
    await db.sql(`UPDATE calllog.desktops SET owner_role = 'someone_else' WHERE desktop_id = $1`, [id]);
    await waitFor('the heartbeat refused', () => desk.svc.team.database().state === 'unreachable');
    expect(desk.svc.team.database().message).toMatch(new RegExp(`registered in the team database by another login, so the login ${a} may not copy its calls there`));
  });
});

describe('a team database let go leaves no connection to it open', () => {
  /** A desktop connected to `db` through a relay that counts its connections. */
  async function connectedThroughProxy() {
    const db = await freshTeamDatabase();
    const proxy = await startTcpProxy(Number(new URL(db.url).port));
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    const desk = await engine({ timing });
    expect((await desk.svc.team.setDatabase(viaProxy.href)).state).toBe('connected');
    return { desk, proxy };
  }

  it.each([
    ['closed', (d: EngineFixture) => d.close()],
    ['cleared in Settings', (d: EngineFixture) => d.svc.team.clearDatabase()],
  ] as const)('%s right after connecting, the LISTEN connection still being opened included', async (_name, letGo) => {
    const { desk, proxy } = await connectedThroughProxy();
    try {
      await letGo(desk);
      await waitFor('every connection to the team database closed', () => proxy.connections() === 0, 5000);
    } finally {
      await proxy.close();
    }
  });
});
