// Test databases in the run's PostgreSQL cluster (started by pg-global.ts).
import { inject } from 'vitest';
import pg from 'pg';
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

export async function runSql(url: string, text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text, params);
  } finally {
    await c.end();
  }
}
