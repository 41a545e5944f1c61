// Copies this desktop's calls and their state changes to the team database,
// after the local SQLite write and never in its way. What is copied is marked
// by revision (a trigger bumps it on every change), so the copy is idempotent,
// catches up after any time offline, and survives a kill at any point: a batch
// the database has but SQLite did not mark is simply sent again and ignored.
//
// It also keeps this desktop's heartbeat, and adopts what the orphan watcher
// learnt about our calls while we were away.
import { beforeDeadline } from '../deadline';
import type { Db } from '../outbox/db';
import { describePgError, registeredElsewhere, type TeamDatabase } from './team-db';

export interface ReplicatorDeps {
  outbox: Db;
  db: TeamDatabase;
  desktopId: string;
  /** This computer's name and agent, for the supervisor's view. */
  describe(): { name: string; agent: string; keyFp: string | null };
  /** The watcher found a final outcome for `requestId` of one of our calls: record it locally if that is still the call's. */
  /** `at`: when the watcher learnt it (ms, the database's clock). */
  adoptFinal(id: number, requestId: string, state: 'success' | 'failure' | 'error', reason: string | null, watcher: string, at: number | null): void;
  /** Another desktop holds `requestId` of one of our calls to check it: ours waits until then, if that is still the call's. */
  postponeCheck(id: number, requestId: string, untilMs: number): void;
  /** Everything a watcher learnt about our calls is taken in. */
  adopted(): void;
  log?: (msg: string) => void;
  batchSize?: number;
  heartbeatMs?: number;
  /** Tests: a batch is in the team database and not yet marked here, the worst moment for a kill. */
  afterBatchStored?: () => void;
}

interface OutRow {
  id: number;
  rev: number;
  call_session_id: string;
  state: string;
  lead_number: string;
  lead_digits: string;
  direction: string;
  start_time: string;
  start_at: number;
  agent_name: string;
  notes: string;
  request_id: string | null;
  status_reason: string | null;
  last_error: string | null;
  source: string;
  attempts: number;
  status_checks: number;
  payload: string;
  created_at: number;
  updated_at: number;
  accepted_at: number | null;
  final_at: number | null;
  target: string | null;
}

const CURSOR = 'team_transitions_cursor';
const TARGET = 'team_target';
const INSTANCE = 'team_instance';
/** Set once every call was copied with its target (schema step 9): copies made before carry none. */
const CALL_TARGETS = 'team_call_targets_copied';

const UPSERT_CALLS = `
INSERT INTO calllog.calls (desktop_id, id, key_fp, call_session_id, state, lead_number, lead_digits, direction, start_time,
  start_at, agent_name, notes, request_id, status_reason, last_error, source, attempts, status_checks, payload,
  created_at, updated_at, accepted_at, final_at, rev, target)
SELECT $1, r.id, CASE WHEN r.target = 'sandbox' THEN NULL ELSE $2 END, r.call_session_id, r.state, r.lead_number, r.lead_digits, r.direction, r.start_time,
  to_timestamp(r.start_at / 1000.0), r.agent_name, r.notes, r.request_id, r.status_reason, r.last_error, r.source,
  r.attempts, r.status_checks, r.payload::jsonb, to_timestamp(r.created_at / 1000.0), to_timestamp(r.updated_at / 1000.0),
  to_timestamp(r.accepted_at / 1000.0), to_timestamp(r.final_at / 1000.0), r.rev, r.target
FROM jsonb_to_recordset($3::jsonb) AS r(id bigint, rev bigint, call_session_id text, state text, lead_number text,
  lead_digits text, direction text, start_time text, start_at bigint, agent_name text, notes text, request_id text,
  status_reason text, last_error text, source text, attempts integer, status_checks integer, payload text,
  created_at bigint, updated_at bigint, accepted_at bigint, final_at bigint, target text)
ON CONFLICT (desktop_id, id) DO UPDATE SET
  key_fp = coalesce(excluded.key_fp, calls.key_fp), call_session_id = excluded.call_session_id, state = excluded.state,
  lead_number = excluded.lead_number, lead_digits = excluded.lead_digits, direction = excluded.direction,
  start_time = excluded.start_time, start_at = excluded.start_at, agent_name = excluded.agent_name, notes = excluded.notes,
  request_id = excluded.request_id, status_reason = excluded.status_reason, last_error = excluded.last_error,
  attempts = excluded.attempts, status_checks = excluded.status_checks, payload = excluded.payload,
  updated_at = excluded.updated_at, accepted_at = excluded.accepted_at, final_at = excluded.final_at,
  rev = excluded.rev, target = coalesce(excluded.target, calls.target), replicated_at = clock_timestamp()
WHERE calls.rev < excluded.rev
  -- The same revision copied before step 9, without its target: the row is the same but for that.
  OR (calls.rev = excluded.rev AND calls.target IS NULL AND excluded.target IS NOT NULL)`;

const INSERT_TRANSITIONS = `
INSERT INTO calllog.call_transitions (desktop_id, seq, call_id, at, from_state, to_state, note)
SELECT $1, t.id, t.entry_id, to_timestamp(t.at / 1000.0), t.from_state, t.to_state, t.note
FROM jsonb_to_recordset($2::jsonb) AS t(id bigint, entry_id bigint, at bigint, from_state text, to_state text, note text)
ON CONFLICT (desktop_id, seq) DO NOTHING`;

export class Replicator {
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeNow: (() => void) | null = null;
  private woken = false;
  private lastBeatAt = 0;
  /** The team database's connection we last compared with what we copied (TeamDatabase.generation). */
  private followed = -1;
  /** When the team database last heard from us (our clock); 0: not since start. */
  lastHeardAt = 0;
  /** We have adopted what watchers learnt since we last reached the database. */
  adopted = false;

  constructor(private readonly d: ReplicatorDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /**
   * The app is closing (after stop(), with this computer's own checks stopped):
   * copy what is left, then say so, so that a watcher follows our calls still
   * In-Queue from its next look instead of after WATCHER_STALE_MS of silence.
   * Bounded: quitting never waits long on the database.
   */
  async signOff(maxMs = 5000): Promise<void> {
    if (!this.d.db.ready) return;
    const work = (async () => {
      const until = Date.now() + maxMs;
      for (let more = true; more && Date.now() < until; ) more = await this.pushBatch();
      await this.d.db.query('UPDATE calllog.desktops SET signed_off_at = clock_timestamp() WHERE desktop_id = $1', [this.d.desktopId]);
    })();
    try {
      if (!(await beforeDeadline(work, maxMs + 1000))) this.d.log?.('team database: closing without signing off (no answer in time)');
    } catch (err) {
      this.d.log?.(`team database: closing without signing off: ${describePgError(err)}`);
    }
  }

  /** Something changed locally (or the database came back): look again. */
  wake(): void {
    this.woken = true;
    this.wakeNow?.();
  }

  /** Calls (and state changes) not yet in the team database. */
  pending(): { calls: number; transitions: number } {
    const calls = (this.d.outbox.prepare('SELECT COUNT(*) AS n FROM entries WHERE team_synced = 0').get() as { n: number }).n;
    const transitions = (this.d.outbox.prepare('SELECT COUNT(*) AS n FROM transitions WHERE id > ?').get(this.cursor()) as { n: number }).n;
    return { calls, transitions };
  }

  private async run(): Promise<void> {
    while (this.running) {
      let more = false;
      if (this.d.db.ready) {
        try {
          if (this.followed !== this.d.db.generation) {
            const generation = this.d.db.generation;
            await this.followTarget();
            this.followed = generation;
          }
          await this.beatIfDue();
          more = await this.pushBatch();
        } catch (err) {
          if ((err as { code?: string }).code === '42501') this.refused(err);
          else this.d.log?.(`team replication: ${describePgError(err)}`);
        }
      }
      if (!more) await this.sleep(this.d.db.ready ? 2000 : 1000);
    }
  }

  /**
   * The database answers but will not take our heartbeat or calls (a grant missing,
   * or row-level security: this desktop's rows belong to another login, as after a
   * DBA moved the floor to per-desktop logins). Asking every 2 s changes nothing:
   * the database counts as unusable here, so Settings says what the DBA must do
   * instead of "Connected", and the health check looks again now and then.
   */
  private refused(err: unknown): void {
    const rls = /row-level security/i.test(String((err as Error)?.message ?? ''));
    const login = String(this.d.db.target.config.user ?? 'this login');
    this.d.db.unusable(rls ? registeredElsewhere(this.d.desktopId, login, null) : err);
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wakeNow = null;
        this.woken = false;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wakeNow = done;
    });
  }

  private meta(key: string): string | null {
    return (this.d.outbox.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  }

  private setMeta(key: string, value: string): void {
    this.d.outbox.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  private cursor(): number {
    return Number(this.meta(CURSOR) ?? 0);
  }

  /**
   * On every connect: is this the database we copied to, with what we copied? Another
   * host or name, a database made again under the same name (another instance id), or
   * one restored from a backup older than our last copy (fewer of our calls or state
   * changes than we marked as copied): it lacks calls, so all are copied again
   * (idempotent: what it has is left as it is).
   */
  private async followTarget(): Promise<void> {
    const target = this.d.db.target.display;
    const instance = this.d.db.instanceId;
    const known = this.meta(INSTANCE);
    // No instance recorded yet: copied by a version before instance ids, to this same
    // database as far as we can tell; the restore check below still applies.
    const same = this.meta(TARGET) === target && (known === null || known === instance);
    if (same && !(await this.lostCopies())) {
      if (known === null && instance) this.setMeta(INSTANCE, instance);
      if (this.meta(CALL_TARGETS) === null) {
        // Copied by a version before schema step 9: without their target the team would count
        // this computer's test calls as the account's. The same revisions again, so only that changes.
        const again = this.d.outbox.transaction(() => this.copyCallsAgain())();
        if (again > 0) this.d.log?.(`team replication: copying ${again} calls again once, with where each was sent (sandbox or account)`);
      }
      return;
    }
    // Said apart: the first connection (or another database) is routine, a database that lost calls is not.
    const before = this.meta(TARGET);
    this.d.log?.(
      before === null
        ? `team replication: first connection to ${target}; copying this computer's calls`
        : before !== target
          ? `team replication: now ${target} (was ${before}); copying this computer's calls there`
          : 'team replication: the team database lacks calls this computer copied to it; copying all again',
    );
    this.d.outbox.transaction(() => {
      this.copyCallsAgain();
      this.setMeta(CURSOR, '0');
      this.setMeta(TARGET, target);
      if (instance) this.setMeta(INSTANCE, instance);
    })();
  }

  private copyCallsAgain(): number {
    const again = this.d.outbox.prepare('UPDATE entries SET team_synced = 0 WHERE team_synced = 1').run().changes;
    this.setMeta(CALL_TARGETS, '1');
    return again;
  }

  /** The database has fewer of our calls, or an older last state change, than we copied to it. */
  private async lostCopies(): Promise<boolean> {
    const copied = (this.d.outbox.prepare('SELECT COUNT(*) AS n FROM entries WHERE team_synced = 1').get() as { n: number }).n;
    const cursor = this.cursor();
    if (copied === 0 && cursor === 0) return false;
    const r = await this.d.db.query<{ calls: number; seq: string | null }>(
      `SELECT (SELECT count(*)::int FROM calllog.calls WHERE desktop_id = $1) AS calls,
         (SELECT max(seq) FROM calllog.call_transitions WHERE desktop_id = $1) AS seq`,
      [this.d.desktopId],
    );
    const there = r.rows[0]!;
    return there.calls < copied || Number(there.seq ?? 0) < cursor;
  }

  private async beatIfDue(): Promise<void> {
    const now = Date.now();
    if (now - this.lastBeatAt < (this.d.heartbeatMs ?? 10_000) && this.adopted) return;
    const me = this.d.describe();
    await this.d.db.query(
      `INSERT INTO calllog.desktops (desktop_id, name, agent_name, key_fp) VALUES ($1, $2, $3, $4)
       ON CONFLICT (desktop_id) DO UPDATE SET name = excluded.name, agent_name = excluded.agent_name,
         key_fp = coalesce(excluded.key_fp, desktops.key_fp), seen_at = clock_timestamp()`,
      [this.d.desktopId, me.name.slice(0, 200), me.agent.slice(0, 100), me.keyFp],
    );
    // Away long enough for a watcher to have taken our calls: adopt what it learnt before
    // counting as heard from (our own checks wait until then).
    if (now - this.lastHeardAt > OWNER_GRACE_MS) this.adopted = false;
    if (!this.adopted) {
      await this.adopt();
      this.adopted = true;
    }
    this.lastBeatAt = now;
    this.lastHeardAt = now;
  }

  private async adopt(): Promise<void> {
    // Only what was learnt about the RequestID it was checked for (the trigger of schema step 8
    // clears the rest once a resend reaches the database; the adopting side compares it with
    // the call's own RequestID too, for a resend not copied yet). A lease is honoured for at most
    // WATCHER_LEASE_MS, whatever the database holds: before schema step 15 any login holding the
    // watcher's lock could set one of weeks (past 2^31 ms it did not even fit the integer, and
    // every adoption failed).
    const r = await this.d.db.query<{ id: string; request_id: string; watched_state: string | null; watched_reason: string | null; watched_at: Date | null; watcher: string | null; lease_ms: number | null }>(
      `SELECT id, watch_request_id AS request_id, watched_state, watched_reason, watched_at, calllog.desktop_name(watch_by) AS watcher,
         CASE WHEN watch_lease_until > clock_timestamp() THEN ceil(least(extract(epoch FROM watch_lease_until - clock_timestamp()) * 1000, $2))::integer END AS lease_ms
       FROM calllog.calls
       WHERE desktop_id = $1 AND state IN ('accepted', 'in_queue') AND watch_request_id = request_id
         AND (watched_state IS NOT NULL OR watch_lease_until > clock_timestamp())`,
      [this.d.desktopId, WATCHER_LEASE_MS],
    );
    for (const row of r.rows) {
      const id = Number(row.id);
      if (row.watched_state === 'success' || row.watched_state === 'failure' || row.watched_state === 'error') {
        this.d.adoptFinal(id, row.request_id, row.watched_state, row.watched_reason, row.watcher ?? 'another desktop', row.watched_at?.getTime() ?? null);
      } else if (row.lease_ms !== null) {
        this.d.postponeCheck(id, row.request_id, Date.now() + row.lease_ms);
      }
    }
    this.d.adopted();
  }

  /** One batch of calls and state changes in one transaction; true when there may be more. */
  private async pushBatch(): Promise<boolean> {
    const size = this.d.batchSize ?? 500;
    const rows = this.d.outbox
      .prepare(
        `SELECT id, rev, call_session_id, state, lead_number, lead_digits, direction, start_time, start_at, agent_name, notes,
           request_id, status_reason, last_error, source, attempts, status_checks, payload, created_at, updated_at,
           accepted_at, final_at, target
         FROM entries WHERE team_synced = 0 ORDER BY id LIMIT ?`,
      )
      .all(size) as OutRow[];
    const from = this.cursor();
    const transitions = this.d.outbox
      .prepare('SELECT id, entry_id, at, from_state, to_state, note FROM transitions WHERE id > ? ORDER BY id LIMIT ?')
      .all(from, size * 4) as { id: number }[];
    if (rows.length === 0 && transitions.length === 0) return false;
    // The account's key for the account's calls; a sandbox call gets none (the SQL above).
    const keyFp = this.d.describe().keyFp;
    await this.d.db.tx(async (c) => {
      if (rows.length > 0) await c.query(UPSERT_CALLS, [this.d.desktopId, keyFp, JSON.stringify(rows)]);
      if (transitions.length > 0) await c.query(INSERT_TRANSITIONS, [this.d.desktopId, JSON.stringify(transitions)]);
    });
    this.d.afterBatchStored?.();
    // Marked only if unchanged since read: a change made meanwhile is copied next time.
    const mark = this.d.outbox.prepare('UPDATE entries SET team_synced = 1 WHERE id = ? AND rev = ?');
    this.d.outbox.transaction(() => {
      for (const r of rows) mark.run(r.id, r.rev);
      if (transitions.length > 0) this.setMeta(CURSOR, String(transitions[transitions.length - 1]!.id));
    })();
    return rows.length === size || transitions.length === size * 4;
  }
}

/**
 * A desktop not heard from for this long may have had its calls taken by a
 * watcher (which waits for WATCHER_STALE_MS), so on its return it adopts
 * before checking; and while away it stops checking them itself.
 */
export const OWNER_GRACE_MS = 2 * 60_000;
/** How long a desktop must be silent before another follows its calls. */
export const WATCHER_STALE_MS = 3 * 60_000;
/**
 * How long a watcher's claim on a call lasts (renewed before each check). Also the longest an
 * owner, back, leaves a call it finds claimed: the lease is the database's word, and any desktop
 * login holding the watcher's lock could once set it to weeks.
 */
export const WATCHER_LEASE_MS = 60_000;
