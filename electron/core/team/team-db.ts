// The connection to the team database: a small pool, its schema brought up to
// date on connect, and a health state the rest of the app reads instead of
// waiting on the network. Saving a call never touches this; when the database
// is away, callers get an error at once and the health check keeps trying.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { SCHEMA, TEAM_MIGRATIONS } from './migrations';
import type { TeamTarget } from './team-url';

export type TeamDbStatus =
  | { state: 'connecting'; display: string; message: null }
  | { state: 'connected'; display: string; message: null }
  | { state: 'unreachable'; display: string; message: string };

export class TeamDbUnavailable extends Error {
  override name = 'TeamDbUnavailable';
}

/** The database answers but will not serve this desktop; the message says what the DBA does. */
export class TeamDbRefusal extends Error {
  override name = 'TeamDbRefusal';
  readonly code = '42501';
}

/**
 * This desktop's row in calllog.desktops (and so its calls, under row-level
 * security) belongs to another login: what the DBA runs to hand it over.
 */
export function registeredElsewhere(desktopId: string, login: string, owner: string | null): TeamDbRefusal {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return new TeamDbRefusal(
    `this computer (desktop ${desktopId}) was registered in the team database by ${owner ? `the login ${owner}` : 'another login'}, ` +
      `so the login ${login} may not copy its calls there. The DBA hands it over, as the schema’s owner: ` +
      `UPDATE calllog.desktops SET owner_role = ${q(login)} WHERE desktop_id = ${q(desktopId)}; and the same for calllog.calls and calllog.call_transitions ` +
      `(docs/team.md, “When a desktop’s login changes”).`,
  );
}

export interface TeamDbOptions {
  /** Longest a query may take before the database counts as away. */
  statementTimeoutMs?: number;
  /** This desktop's id: the health check makes sure this login may write for it. */
  desktopId?: string;
  /** Between two health checks while away. */
  retryMs?: number;
  log?: (msg: string) => void;
}

const MIGRATION_LOCK = 7_403_121_955; // pg_advisory_lock key: "schema changes in progress"
/** After answering but not serving (a permission, a failing function): between two looks. */
const UNUSABLE_RETRY_MS = 30_000;

/** A short reason in words; never the connection string (it has the password). */
export function describePgError(err: unknown): string {
  if (err instanceof TeamDbRefusal) return err.message;
  const e = err as { code?: string; message?: string };
  switch (e?.code) {
    case 'ECONNREFUSED':
      return 'the server refused the connection (is it running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name cannot be found';
    case 'ETIMEDOUT':
      return 'the server did not answer in time';
    case '28P01':
    case '28000':
      return 'the user name or password was refused';
    case '3D000':
      return 'the database does not exist';
    case '42501':
      return 'this user lacks a permission it needs (see docs/team.md for the roles)';
    case '57P01':
    case '57P02':
    case '57P03':
      return 'the server is shutting down or starting up';
    case '57014':
      return 'the server did not answer in time';
  }
  const msg = String(e?.message ?? err);
  // node-postgres' words when the server asks for a password (SCRAM) and the string gave none.
  if (/client password must be a string/i.test(msg)) return 'the server asks for a password and the connection string has none (postgres://user:password@host/database)';
  if (/timeout/i.test(msg)) return 'the server did not answer in time';
  if (/terminated|closed|ECONNRESET|socket/i.test(msg)) return 'the connection was cut';
  if (/self.signed|certificate|SSL|TLS/i.test(msg)) return `TLS failed: ${msg.slice(0, 120)}`;
  return msg.replace(/postgres(ql)?:\/\/\S+/gi, '(connection string)').slice(0, 160);
}

export class TeamDatabase {
  readonly events = new EventEmitter();
  private readonly pool: pg.Pool;
  private current: TeamDbStatus;
  /** The database's identity (schema step 8), read on every connect: a new one is another database. */
  instanceId: string | null = null;
  /** Counts connects: what must be looked at once per connection (a restore cuts every one). */
  generation = 0;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  private checking: Promise<void> | null = null;
  private readonly sessions = new Set<pg.Client>();
  /** Whether this login reads the team's calls (a supervisor's, the owner's) or only its own; null until connected. */
  private reads: boolean | null = null;

  constructor(
    readonly target: TeamTarget,
    private readonly opts: TeamDbOptions = {},
  ) {
    this.current = { state: 'connecting', display: target.display, message: null };
    this.pool = new pg.Pool({
      ...target.config,
      // Budget, tracker and metrics ask one at a time each: three connections per desktop at most.
      max: 3,
      idleTimeoutMillis: 30_000,
      statement_timeout: opts.statementTimeoutMs ?? 3000,
      query_timeout: (opts.statementTimeoutMs ?? 3000) + 1000,
    });
    // A connection dropped by the server (restart, network) must never crash the app: the pool
    // reports idle ones; one checked out reports on itself, even between two queries.
    this.pool.on('error', (err) => this.fail(err));
    this.pool.on('connect', (client) => client.on('error', (err) => this.fail(err)));
  }

  status(): TeamDbStatus {
    return this.current;
  }

  /** Does this login read every desktop's calls? null until the health check has said. */
  get readsTeam(): boolean | null {
    return this.reads;
  }

  get ready(): boolean {
    return this.current.state === 'connected';
  }

  /** Connects and migrates in the background; callers read status() meanwhile. */
  start(): void {
    void this.check();
  }

  /** Runs a query; throws TeamDbUnavailable at once while the database is away. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    if (!this.ready) throw new TeamDbUnavailable(this.current.message ?? 'The team database is not connected yet');
    try {
      return await this.pool.query<R>(text, params);
    } catch (err) {
      if (isConnectionError(err) || isSchemaGone(err)) this.fail(err);
      throw err;
    }
  }

  /** One transaction on one connection: all of `fn` is stored, or none of it. */
  async tx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (!this.ready) throw new TeamDbUnavailable(this.current.message ?? 'The team database is not connected yet');
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      this.fail(err);
      throw err;
    }
    try {
      await client.query('BEGIN');
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (isConnectionError(err) || isSchemaGone(err)) this.fail(err);
      throw err;
    } finally {
      client.release();
    }
  }

  /**
   * A connection of its own, outside the pool, for what lives as long as a
   * session: LISTEN, or the orphan watcher's advisory lock (released by the
   * server the moment this connection is gone), or one long read (an export
   * whose slowness must not count as the database being away). Closed with
   * the database.
   */
  async session(statementTimeoutMs = this.opts.statementTimeoutMs ?? 3000): Promise<pg.Client> {
    if (!this.ready) throw new TeamDbUnavailable(this.current.message ?? 'The team database is not connected yet');
    const client = new pg.Client({
      ...this.target.config,
      statement_timeout: statementTimeoutMs,
      query_timeout: statementTimeoutMs + 1000,
      // A link that died without a word (Wi-Fi, a laptop lid) is noticed in about a minute on both
      // ends, so a lock held by this connection does not outlive it by the kernel's two hours.
      keepAlive: true,
      keepAliveInitialDelayMillis: 30_000,
    });
    client.on('error', (err) => this.fail(err));
    await client.connect();
    // One at a time: a server that cannot set one (count is not settable on Windows) keeps the others.
    for (const set of ['SET tcp_keepalives_idle = 30', 'SET tcp_keepalives_interval = 10', 'SET tcp_keepalives_count = 3']) await client.query(set).catch(() => undefined);
    // Closed while this one was connecting: close() did not see it, and it would outlive the
    // database (a LISTEN, or the orphan watcher's lock held on a database no longer in use).
    if (this.closed) {
      await client.end().catch(() => undefined);
      throw new TeamDbUnavailable('The team database was closed');
    }
    this.sessions.add(client);
    client.on('end', () => this.sessions.delete(client));
    return client;
  }

  async close(): Promise<void> {
    this.closed = true;
    // Nothing may use it from here on (a budget handing back its waiters, a late health check).
    this.current = { state: 'unreachable', display: this.target.display, message: 'The team database was closed' };
    for (const c of this.sessions) await c.end().catch(() => undefined);
    if (this.retry) clearTimeout(this.retry);
    await this.checking?.catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  private set(next: TeamDbStatus): void {
    const changed = next.state !== this.current.state || next.message !== this.current.message;
    this.current = next;
    if (changed) this.events.emit('status', next);
  }

  /**
   * The database answers but cannot serve (a permission missing, a function failing
   * every time): treated as away, so the budget falls back and Settings says why,
   * until the health check finds it usable again.
   */
  unusable(err: unknown): void {
    // It answers, so the health check would find it connected at once: look again less often.
    this.fail(err, UNUSABLE_RETRY_MS);
  }

  private fail(err: unknown, retryMs = this.opts.retryMs ?? 3000): void {
    if (this.closed) return;
    const message =
      err instanceof TeamDbRefusal
        ? `The team database (${this.target.display}) cannot be used by this computer: ${err.message}`
        : `Cannot reach the team database (${this.target.display}): ${describePgError(err)}`;
    if (this.current.state !== 'unreachable') this.opts.log?.(`team database: ${message}`);
    this.set({ state: 'unreachable', display: this.target.display, message });
    this.scheduleCheck(retryMs);
  }

  private scheduleCheck(retryMs: number): void {
    if (this.retry || this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.check();
    }, retryMs);
    this.retry.unref();
  }

  private check(): Promise<void> {
    this.checking ??= (async () => {
      try {
        const client = await this.pool.connect();
        try {
          // On every connect, not once: a database dropped and made again under the same name
          // needs its schema again (it costs one look at the version when up to date).
          this.reads = await verify(client, this.opts.desktopId);
          this.instanceId = (await client.query<{ id: string }>('SELECT calllog.instance_id() AS id')).rows[0]!.id;
          this.generation++;
        } finally {
          client.release();
        }
        if (!this.closed) this.set({ state: 'connected', display: this.target.display, message: null });
      } catch (err) {
        // Refused by the server's rules: asking again every few seconds changes nothing until the DBA acts.
        this.fail(err, err instanceof TeamDbRefusal ? UNUSABLE_RETRY_MS : undefined);
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }
}

/**
 * Tries a connection string on a connection of its own, checked as the health
 * check would check it, before it is saved: throws why it cannot serve.
 */
export async function probe(target: TeamTarget, opts: Pick<TeamDbOptions, 'desktopId' | 'statementTimeoutMs'> = {}): Promise<boolean> {
  const ms = opts.statementTimeoutMs ?? 3000;
  const client = new pg.Client({ ...target.config, statement_timeout: ms, query_timeout: ms + 1000 });
  client.on('error', () => undefined); // a failure reaches the caller through connect() or the query
  try {
    await client.connect();
    return await verify(client, opts.desktopId);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether this connection can serve a desktop, the same for the health check and
 * for a connection string being tried before it is saved: the schema brought up
 * to date (`migrate`), the functions every desktop needs granted, a writable
 * server, and this desktop (when given) not registered by another login, whose
 * row-level security would refuse every heartbeat and call. Throws the reason;
 * resolves to whether the login reads the team's calls.
 */
export async function verify(client: pg.PoolClient | pg.Client, desktopId: string | undefined, migrateFirst = true): Promise<boolean> {
  if (migrateFirst) await migrate(client);
  // Connected is not enough: a login that may not take budget slots or follow orphaned
  // calls (a grant forgotten, docs/team.md), or a read-only server (a standby), would
  // leave requests waiting on the floor and calls unwatched.
  const may = await client.query<{ missing: string[]; read_only: boolean; me: string; reads_team: boolean | null; registered: boolean; rls: boolean; sees: boolean }>(USABLE, [
    desktopId ?? '',
  ]);
  const { missing, read_only, me, reads_team, registered, rls, sees } = may.rows[0]!;
  if (read_only) throw new Error('the server is read-only (a standby?): point the connection string at the primary');
  if (missing.length > 0) throw Object.assign(new Error(`may not run ${missing.join(', ')}`), { code: '42501' });
  if (desktopId && registered && rls) {
    // Row-level security hides another login's row from a desktop's login; a supervisor's sees whose it is.
    const owner = sees ? ((await client.query<{ o: string | null }>(OWNER, [desktopId])).rows[0]?.o ?? null) : null;
    if (owner !== me) throw registeredElsewhere(desktopId, me, owner);
  }
  return reads_team ?? false;
}

/** The functions every desktop needs, as has_function_privilege names them. */
const NEEDED = [
  'calllog.take_slot(text, text, integer, integer[], integer, integer, integer, integer)',
  'calllog.claim_orphans(text, text, integer, integer, integer)',
  'calllog.renew_watch(text, text, text, bigint, integer, integer)',
  'calllog.record_watch(text, text, text, bigint, text, text, text, integer)',
  'calllog.instance_id()',
];
const USABLE = `SELECT coalesce(array_agg(f) FILTER (WHERE NOT has_function_privilege(f, 'EXECUTE')), '{}') AS missing,
  pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' AS read_only,
  current_user::text AS me,
  CASE WHEN has_function_privilege('calllog.reads_team(name)', 'EXECUTE') THEN calllog.reads_team(session_user) END AS reads_team,
  CASE WHEN has_function_privilege('calllog.desktop_name(text)', 'EXECUTE') THEN calllog.desktop_name($1) IS NOT NULL ELSE false END AS registered,
  row_security_active('calllog.desktops') AS rls,
  has_table_privilege('calllog.desktops', 'SELECT') AS sees
  FROM unnest(ARRAY[${NEEDED.map((f) => `'${f}'`).join(', ')}]) AS f`;
const OWNER = `SELECT owner_role AS o FROM calllog.desktops WHERE desktop_id = $1`;

/**
 * The schema's tables or functions are missing: it was dropped under us (the database made
 * again). Counted as away, so the health check brings the schema back and reads the new
 * instance id, after which each desktop copies its calls again.
 */
function isSchemaGone(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  return code === '3F000' || code === '42P01' || code === '42883';
}

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  const msg = String((err as Error)?.message ?? '');
  // 28xxx and 3D000 come when a pooled connection is made again: a password changed, the database gone.
  return /^(08|57P|53|28)/.test(code) || code === '57014' || code === '3D000' || /^E[A-Z]+$/.test(code) || /terminated|timeout|closed|ECONNRESET/i.test(msg);
}

/** Brings the schema up to date. A desktop role that may not change it is fine once the DBA has. */
export async function migrate(client: pg.PoolClient | pg.Client): Promise<number> {
  const latest = TEAM_MIGRATIONS[TEAM_MIGRATIONS.length - 1]!.version;
  const current = await schemaVersion(client);
  if (current >= latest) return current;
  if (current > 0 && !(await ownsSchema(client))) {
    // A desktop's least-privileged login cannot change the schema: the DBA brings it up to date.
    throw new Error(
      `its schema is at version ${current} and this version of the app needs ${latest}: the DBA runs \`npm run team:sql -- --from ${current}\` as the schema's owner (docs/team.md, Upgrading)`,
    );
  }
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>(`SELECT version FROM ${SCHEMA}.schema_migrations`)).rows.map((r) => r.version));
    for (const m of TEAM_MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO ${SCHEMA}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    return latest;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

async function ownsSchema(client: pg.PoolClient | pg.Client): Promise<boolean> {
  const r = await client.query<{ ok: boolean }>(`SELECT pg_has_role(current_user, nspowner, 'USAGE') AS ok FROM pg_namespace WHERE nspname = $1`, [SCHEMA]);
  return r.rows[0]?.ok === true;
}

async function schemaVersion(client: pg.PoolClient | pg.Client): Promise<number> {
  const exists = await client.query(`SELECT to_regclass('${SCHEMA}.schema_migrations') IS NOT NULL AS ok`);
  if (!exists.rows[0]?.ok) return 0;
  const r = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${SCHEMA}.schema_migrations`);
  return r.rows[0]?.v ?? 0;
}
