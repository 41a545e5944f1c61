// A fresh database in the run's PostgreSQL cluster (e2e/pg-setup.ts) for one spec.
import pg from 'pg';
import { PG_PASSWORD } from '../test/support/postgres';

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
