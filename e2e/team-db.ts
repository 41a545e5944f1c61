// A fresh database in the run's PostgreSQL cluster (e2e/pg-setup.ts) for one spec.
import pg from 'pg';
import { PG_PASSWORD } from '../test/support/postgres';
import { dbaSchemaSql, grantsSql, type RoleNames } from '../electron/core/team/dba-sql';

let n = 0;

export function e2ePgUrl(database: string): string {
  const port = process.env.CALLLOG_E2E_PG_PORT;
  if (!port) throw new Error('No PostgreSQL for the e2e run: e2e/pg-setup.ts did not start one');
  return `postgres://postgres:${PG_PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function freshE2eDatabase(): Promise<{ name: string; url: string }> {
  const name = `e2e_${process.pid}_${Date.now().toString(36)}_${n++}`;
  const c = new pg.Client({ connectionString: e2ePgUrl('postgres') });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  return { name, url: e2ePgUrl(name) };
}

/** Runs `sql` in `database` as the cluster's owner, as a DBA would by hand. */
export async function runE2eSql(database: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: e2ePgUrl(database) });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Drops a spec's database with its connections cut, as when the server loses it: the app finds it gone. */
export async function dropE2eDatabase(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: e2ePgUrl('postgres') });
  await c.connect();
  try {
    await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/**
 * A fresh database set up as docs/team.md tells a DBA (the schema, a desktops' group, the grants),
 * with an agent's login (reads only its own calls); its connection string.
 */
export async function e2eDatabaseWithAgentLogin(): Promise<{ name: string; agentUrl: string; agent: string }> {
  const { name, url } = await freshE2eDatabase();
  const tag = name.slice(4);
  const r: RoleNames = {
    database: name,
    owner: 'postgres',
    ownerPassword: PG_PASSWORD,
    desktops: `desks_${tag}`,
    supervisors: 'calllog_supervisor',
    desktop: `agent_${tag}`,
    desktopPassword: 'agent-pw-1',
    supervisor: `sup_${tag}`,
    supervisorPassword: 'sup-pw-1',
  };
  const run = async (database: string, sql: string) => {
    const c = new pg.Client({ connectionString: database === name ? url : e2ePgUrl(database) });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  // The supervisors' group is one per cluster: another spec may have made it already.
  await run('postgres', `DO $$ BEGIN CREATE ROLE calllog_supervisor NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
  await run('postgres', `CREATE ROLE ${r.desktops} NOLOGIN; CREATE ROLE ${r.desktop} LOGIN PASSWORD '${r.desktopPassword}' IN ROLE ${r.desktops}`);
  await run(name, dbaSchemaSql());
  await run(name, grantsSql(r));
  const port = process.env.CALLLOG_E2E_PG_PORT!;
  return { name, agent: r.desktop, agentUrl: `postgres://${r.desktop}:${r.desktopPassword}@127.0.0.1:${port}/${name}` };
}
