// A throwaway PostgreSQL server for tests and benchmarks: Debian's postgresql
// binaries, a cluster in a temp dir, a free port on 127.0.0.1, stopped after.
// initdb refuses to run as root, so as root the cluster belongs to the
// `postgres` user (created by Debian's package) and its commands run as that user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const PG_PASSWORD = 'test-superuser-secret';

export interface PgCluster {
  port: number;
  /** postgres:// URL of `database` as the superuser (password auth over TCP). */
  url(database?: string): string;
  /** A fresh, empty database; its name. */
  createDatabase(prefix?: string): Promise<string>;
  /** Runs SQL as the superuser in `database`. */
  sql(database: string, text: string, params?: unknown[]): Promise<pg.QueryResult>;
  /** Stops the server (fast shutdown: clients are cut off), keeping the data. */
  stop(): void;
  /** Starts it again on the same port. */
  start(): void;
  /** Stops it and removes the data. */
  destroy(): void;
}

function binDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))) : [];
  const v = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!v) {
    throw new Error(
      'PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin. Install Debian\'s package: apt-get install -y postgresql (.ci/run does this).',
    );
  }
  return join(base, v, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PgCluster> {
  const bin = binDir();
  const root = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'calllog-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, PG_PASSWORD);
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='${dir}' -c fsync=off -c max_connections=300`;
  const start = () => run('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
  start();
  let running = true;
  const url = (database = 'postgres') => `postgres://postgres:${PG_PASSWORD}@127.0.0.1:${port}/${database}`;
  const sql = async (database: string, text: string, params: unknown[] = []) => {
    const c = new pg.Client({ connectionString: url(database) });
    await c.connect();
    try {
      return await c.query(text, params);
    } finally {
      await c.end();
    }
  };
  let n = 0;
  return {
    port,
    url,
    sql,
    async createDatabase(prefix = 'test') {
      const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${n++}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
      await sql('postgres', `CREATE DATABASE ${name}`);
      return name;
    },
    stop() {
      if (running) stop();
      running = false;
    },
    start() {
      if (!running) start();
      running = true;
    },
    destroy() {
      try {
        if (running) stop();
      } finally {
        running = false;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
