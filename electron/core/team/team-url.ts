// The "Team database" setting: a postgres:// connection string. It carries a
// password, so it is stored encrypted and only ever shown back as host and
// database name. TLS is required unless the server is on this computer.
import { isIPv4, isIPv6 } from 'node:net';
import type { PoolConfig } from 'pg';
import { isLoopbackHost } from '../../../shared/loopback';
import { readRootCert } from './root-cert';

export class TeamUrlError extends Error {
  override name = 'TeamUrlError';
}

export interface TeamTarget {
  /** "db.example.com:5432 / calllog": what Settings shows. */
  display: string;
  host: string;
  database: string;
  config: PoolConfig;
}

const ALLOWED_PARAMS = new Set(['sslmode', 'sslrootcert', 'connect_timeout', 'application_name']);
const NO_TLS = new Set(['disable', 'allow', 'prefer']);
const SSL_MODES = new Set([...NO_TLS, 'require', 'verify-ca', 'verify-full']);


const fail = (msg: string): never => {
  throw new TeamUrlError(`Team database: ${msg}`);
};

// Passwords are where such characters turn up; the URL then splits in the wrong place.
const ESCAPES = 'characters with a meaning in a URL must be %-escaped in the user name, password and database name: %40 for @, %3A for :, %2F for /, %3F for ?, %23 for #, %25 for %';

/** One %-escaped part; a stray % (a password like 50%off) gets its own message, not a crash. */
function decodePart(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return fail(`the ${what} has a % that is not an escape: write a % as %25`);
  }
}

/**
 * The host as pg will hand it to the resolver. postgres: is no special URL scheme, so the URL
 * parser keeps its host as typed ("%31%32%37.0.0.1", "127.0.0.1."), while isLoopbackHost reads a
 * host as http:// does (decoded, IPv4 normalised): a host that looked like this computer there
 * went to DNS here, without TLS. Read once the http:// way, what is checked is what is reached.
 */
function resolvableHost(hostname: string): string {
  try {
    return new URL(`http://${hostname}`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return fail('the host name cannot be read; it should look like db.example.com or 10.0.0.5');
  }
}

export function parseTeamUrl(raw: string): TeamTarget {
  const text = raw.trim();
  if (text === '') fail('paste a connection string like postgres://user:password@db.example.com:5432/calllog');
  const looksLikeOne = /^postgres(ql)?:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    if (looksLikeOne) return fail(`this connection string cannot be read; ${ESCAPES}`);
    return fail('this is not a connection string; it should look like postgres://user:password@db.example.com:5432/calllog');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') fail('the connection string must start with postgres://');
  if (url.hash !== '') fail(`the connection string has a # in it; ${ESCAPES}`);
  if (url.hostname === '') fail('the connection string has no host name');
  const database = decodePart(url.pathname.replace(/^\//, ''), 'database name');
  if (database === '' || database.includes('/')) fail('add the database name after the host, as in postgres://user:password@db.example.com:5432/calllog');
  const user = decodePart(url.username, 'user name');
  if (user === '') fail('add the user name, as in postgres://user:password@host/database');
  const port = url.port === '' ? 5432 : Number(url.port);
  // The URL parser takes 0, which no server listens on; pg, given 0, would quietly use PGPORT or 5432.
  if (port === 0) fail('port 0 is not a port a database listens on; PostgreSQL usually uses 5432');
  for (const key of url.searchParams.keys()) if (!ALLOWED_PARAMS.has(key)) fail(`the option "${key.slice(0, 40)}" is not supported`);
  const host = resolvableHost(url.hostname);
  const sslmode = url.searchParams.get('sslmode') ?? (isLoopbackHost(host) ? 'disable' : 'verify-full');
  if (!SSL_MODES.has(sslmode)) fail(`sslmode "${sslmode.slice(0, 20)}" is not one PostgreSQL knows`);
  let ssl: PoolConfig['ssl'] = false;
  if (!NO_TLS.has(sslmode)) {
    // Every TLS mode verifies the server: a call centre's database is reached over the office network.
    const rootCert = url.searchParams.get('sslrootcert');
    let ca: string | undefined;
    if (rootCert) {
      const read = readRootCert(rootCert);
      ca = read.ok ? read.pem : fail(read.problem);
    }
    ssl = { rejectUnauthorized: true, servername: isIPv4(host) || isIPv6(host) ? undefined : host, ...(ca ? { ca } : {}) };
  } else if (!isLoopbackHost(host)) {
    fail('TLS is required unless the database is on this computer: remove sslmode=' + sslmode);
  }
  const connectTimeout = Number(url.searchParams.get('connect_timeout') ?? 5);
  if (!Number.isFinite(connectTimeout)) fail('connect_timeout must be a number of seconds');
  return {
    display: `${host}:${port} / ${database}`,
    host,
    database,
    config: {
      host,
      port,
      database,
      user,
      password: decodePart(url.password, 'password'),
      ssl,
      connectionTimeoutMillis: Math.min(30, Math.max(1, connectTimeout)) * 1000,
      application_name: url.searchParams.get('application_name') ?? 'calllog-desktop',
    },
  };
}
