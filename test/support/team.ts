// Test databases in the run's PostgreSQL cluster (started by pg-global.ts).
import { inject } from 'vitest';
import pg from 'pg';
import { migrate } from '../../electron/core/team/team-db';
import { PG_PASSWORD } from './postgres';

let n = 0;

export const pgUrl = (database: string, user = 'postgres', password = PG_PASSWORD) =>
  `postgres://${user}:${password}@127.0.0.1:${inject('pgPort')}/${database}`;

/** A fresh, empty database for one test; its connection string as the superuser. */
export async function freshTeamDatabase(): Promise<{ name: string; url: string; sql: (text: string, params?: unknown[]) => Promise<pg.QueryResult> }> {
  const name = `t_${process.pid}_${Date.now().toString(36)}_${n++}`;
  await runSql(pgUrl('postgres'), `CREATE DATABASE ${name}`);
  return { name, url: pgUrl(name), sql: (text, params) => runSql(pgUrl(name), text, params) };
}

/**
 * `db` with its schema made now and the orphan watcher's floor lowered to `minAwayMs`, as the
 * schema's owner may (calllog.watch_limits): a test's desktop counts as away after a second or
 * two, where the database otherwise asks three minutes whatever a desktop passes.
 */
export async function withQuickWatcher<D extends { url: string }>(db: D, minAwayMs = 1000): Promise<D> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    await migrate(c);
    await c.query('UPDATE calllog.watch_limits SET min_away_ms = $1', [minAwayMs]);
  } finally {
    await c.end();
  }
  return db;
}

export async function runSql(url: string, text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text, params);
  } finally {
    await c.end();
  }
}

/**
 * Logins of a test's own in `db` (its schema made already): each may log calls as a desktop, and
 * those named in `supervisors` also read the team's calls. Their connection strings, by name.
 */
export async function teamLogins<N extends string>(db: { name: string; sql: (text: string) => Promise<pg.QueryResult> }, names: readonly N[], supervisors: readonly N[] = []): Promise<Record<N, string>> {
  const tag = `${process.pid}_${Date.now().toString(36)}_${n++}`;
  await runSql(pgUrl('postgres'), 'CREATE ROLE calllog_supervisor NOLOGIN').catch((err: Error) => {
    if (!/already exists/.test(err.message)) throw err; // one per cluster: another test made it
  });
  const urls = {} as Record<N, string>;
  for (const name of names) {
    const role = `${name}_${tag}`;
    await runSql(pgUrl('postgres'), `CREATE ROLE ${role} LOGIN PASSWORD 'pw-${name}'${supervisors.includes(name) ? ' IN ROLE calllog_supervisor' : ''}`);
    await db.sql(`GRANT USAGE ON SCHEMA calllog TO ${role}`);
    await db.sql(`GRANT SELECT ON calllog.schema_migrations TO ${role}`);
    await db.sql(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA calllog TO ${role}`);
    await db.sql(`GRANT SELECT, INSERT, UPDATE ON calllog.calls, calllog.call_transitions, calllog.desktops TO ${role}`);
    if (supervisors.includes(name)) await db.sql(`GRANT SELECT ON calllog.agents TO ${role}`); // as docs/team.md grants calllog_supervisor
    urls[name] = pgUrl(db.name, role, `pw-${name}`);
  }
  return urls;
}

/** Team database timings for tests: reconnect and beat every 200 ms instead of every few seconds. */
export const TEAM_TIMING = { teamDb: { retryMs: 200 }, team: { replication: { heartbeatMs: 200 } } };

/** Today in this machine's time zone, as the Dashboard asks for a day. */
export function today(): { from: number; to: number } {
  const from = new Date();
  from.setHours(0, 0, 0, 0);
  return { from: from.getTime(), to: from.getTime() + 24 * 3_600_000 - 1 };
}
