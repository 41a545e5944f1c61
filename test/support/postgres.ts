// A throwaway PostgreSQL server for tests and benchmarks: PostgreSQL's server
// binaries (PGBIN, Debian's package, or PATH), a cluster in a temp dir, a free
// port on 127.0.0.1, stopped after. initdb refuses to run as root, so as root on
// Linux the cluster belongs to the `postgres` user (created by Debian's package)
// and its commands run as that user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

export interface PgBinPlaces {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Where Debian's package puts one bin directory per major version. */
  debianBase?: string;
}

const exeSuffix = (platform: NodeJS.Platform) => (platform === 'win32' ? '.exe' : '');

/**
 * The directory holding initdb and pg_ctl: the one PGBIN names (GitHub's Windows
 * runners set it; a wrong PGBIN is an error, not a reason to look elsewhere),
 * else Debian's newest /usr/lib/postgresql/<major>/bin, else the first on PATH.
 */
export function findPgBin({ env = process.env, platform = process.platform, debianBase = '/usr/lib/postgresql' }: PgBinPlaces = {}): string {
  const exe = exeSuffix(platform);
  const hasServer = (dir: string) => ['initdb', 'pg_ctl'].every((cmd) => existsSync(join(dir, `${cmd}${exe}`)));
  if (env.PGBIN) {
    if (hasServer(env.PGBIN)) return env.PGBIN;
    throw new Error(`PGBIN is ${env.PGBIN}, which holds no initdb${exe} and pg_ctl${exe}: point it at PostgreSQL's bin directory, or unset it.`);
  }
  const versions = existsSync(debianBase) ? readdirSync(debianBase).filter((v) => hasServer(join(debianBase, v, 'bin'))) : [];
  const v = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (v) return join(debianBase, v, 'bin');
  // Windows spells it Path when the environment is a plain copy.
  const path = env.PATH ?? env.Path ?? '';
  const onPath = path.split(platform === 'win32' ? ';' : ':').find((dir) => dir && hasServer(dir));
  if (onPath) return onPath;
  throw new Error(
    'PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin. Install Debian\'s package: apt-get install -y postgresql (.ci/run does this). ' +
      'Elsewhere, set PGBIN to the directory holding initdb and pg_ctl, or put that directory on PATH.',
  );
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

export interface StartPostgresOptions {
  /**
   * The superuser's password. Tests use PG_PASSWORD (written in this repository: fine for a server
   * that lives as long as a test run); anything left running for a person to use must pass one of
   * its own, since any user of this computer can reach 127.0.0.1.
   */
  password?: string;
}

export async function startPostgres({ password = PG_PASSWORD }: StartPostgresOptions = {}): Promise<PgCluster> {
  const bin = findPgBin();
  const exe = exeSuffix(process.platform);
  const root = process.platform === 'linux' && userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'calllog-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (cmd: string, args: string[]) => {
    const program = join(bin, `${cmd}${exe}`);
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
    // Output to a file, not a pipe: Windows' pg_ctl starts the server with inherited
    // handles, and a pipe the running server still holds would keep spawnSync waiting.
    const outFile = join(dir, `${cmd}.out`);
    const out = openSync(outFile, 'w');
    const r = spawnSync(file, argv, { stdio: ['ignore', out, out], timeout: 60_000 });
    closeSync(out);
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${readFileSync(outFile, 'utf8') || r.error?.message || ''}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  // Windows has no Unix socket directory by default, and its command line would keep the quotes.
  const socketDir = process.platform === 'win32' ? '' : ` -c unix_socket_directories='${dir}'`;
  const opts = `-p ${port} -c listen_addresses=127.0.0.1${socketDir} -c fsync=off -c max_connections=300`;
  const start = () => run('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
  start();
  let running = true;
  const url = (database = 'postgres') => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
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
