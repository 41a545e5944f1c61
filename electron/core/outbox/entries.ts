// The outbox and history: one row per logged call. Every state change goes
// through `transition`, which checks the expected current state and records
// the change in the timeline, in one transaction.
import { EventEmitter } from 'node:events';
import type { CallInput, CallLogPayload } from '../../../shared/call-log';
import { leadNumberOf } from '../../../shared/call-log';
import type {
  EntryDetail,
  EntrySource,
  EntryState,
  EntrySummary,
  ListQueryParsed,
  ListResult,
  Transition,
} from '../../../shared/entry';
import type { Db } from './db';
import { SEARCHED_COLUMNS as SEARCHED } from './migrations';
import { digitsOf } from '../../../shared/own-number';
import { phoneQueryDigits } from './phone-query';

/** Where a call goes: the built-in sandbox or the LeadSquared account. Fixed when it is saved. */
export type Target = 'sandbox' | 'leadsquared';

/**
 * A call for the LeadSquared account (a call saved before targets existed has none, and is one):
 * what the Dashboard counts, and History's list when it leaves test calls out as the figures do.
 */
export const ACCOUNT_CALL = "target IS NOT 'sandbox'";

/** States of a call that has not gone out yet and is not held by the agent or a supervisor. */
const WAITING: readonly EntryState[] = ['queued', 'retry_wait', 'needs_key', 'needs_setup'];

export class DuplicateSessionError extends Error {
  override name = 'DuplicateSessionError';
  constructor(readonly callSessionId: string) {
    super(`A call with session ID ${callSessionId} is already logged; each call session can be logged once`);
  }
}

interface Row {
  id: number;
  call_session_id: string;
  state: EntryState;
  payload: string;
  input: string | null;
  source: EntrySource;
  lead_number: string;
  direction: 'Inbound' | 'Outbound';
  start_time: string;
  agent_name: string;
  request_id: string | null;
  status_reason: string | null;
  last_error: string | null;
  attempts: number;
  status_checks: number;
  created_at: number;
  updated_at: number;
  next_attempt_at: number | null;
  next_check_at: number | null;
  accepted_at: number | null;
  final_at: number | null;
  urgent_until: number | null;
  target: Target;
}

/** How long a call an agent just logged counts as urgent (sent before bulk work). */
export const URGENT_MS = 10 * 60_000;

/** Columns a transition may set alongside the state. */
export interface EntryPatch {
  call_session_id?: string;
  request_id?: string | null;
  status_reason?: string | null;
  last_error?: string | null;
  attempts?: number;
  status_checks?: number;
  next_attempt_at?: number | null;
  next_check_at?: number | null;
  accepted_at?: number | null;
  final_at?: number | null;
  urgent_until?: number | null;
  payload?: string;
  input?: string | null;
  lead_number?: string;
  lead_digits?: string;
  direction?: string;
  start_time?: string;
  start_at?: number;
  agent_name?: string;
  notes?: string;
}

export interface NewEntry {
  payload: CallLogPayload;
  input: CallInput | null;
  source: EntrySource;
  /** The mode it was logged in; it is only ever sent there. */
  target: Target;
  state: EntryState;
  startAt: number;
  lastError?: string | null;
  batchId?: string | null;
  /** Until when it goes before bulk work; null for bulk work itself. */
  urgentUntil?: number | null;
}

/** Matches of a search past which a page walks the list's order rather than reading every match. */
const BROAD_SEARCH = 1000;

const SUMMARY_COLS = `id, call_session_id, state, lead_number, direction, start_time, agent_name,
  request_id, status_reason, last_error, created_at, updated_at, target`;

function summaryOf(r: Row): EntrySummary {
  return {
    id: r.id,
    callSessionId: r.call_session_id,
    state: r.state,
    requestId: r.request_id,
    leadNumber: r.lead_number,
    direction: r.direction,
    startTime: r.start_time,
    agentName: r.agent_name,
    statusReason: r.status_reason,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    test: r.target === 'sandbox',
  };
}

/** Columns derived from the payload, kept for search and filters. */
export function payloadColumns(payload: CallLogPayload, startAt: number) {
  const lead = leadNumberOf(payload);
  return {
    payload: JSON.stringify(payload),
    lead_number: lead,
    lead_digits: digitsOf(lead),
    direction: payload.Direction,
    start_time: payload.StartTime,
    start_at: startAt,
    agent_name: payload.AgentName ?? '',
    notes: payload.CallNotes ?? '',
  };
}

export class Entries {
  /** Emits 'change' with the ids whose row changed. */
  readonly events = new EventEmitter();
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      insert: db.prepare(`INSERT INTO entries
        (call_session_id, state, payload, input, source, lead_number, lead_digits, direction, start_time, start_at,
         agent_name, notes, last_error, created_at, updated_at, next_attempt_at, batch_id, urgent_until, target)
        VALUES (@call_session_id, @state, @payload, @input, @source, @lead_number, @lead_digits, @direction, @start_time,
         @start_at, @agent_name, @notes, @last_error, @now, @now, @now, @batch_id, @urgent_until, @target)`),
      log: db.prepare('INSERT INTO transitions (entry_id, at, from_state, to_state, note) VALUES (?, ?, ?, ?, ?)'),
      get: db.prepare('SELECT * FROM entries WHERE id = ?'),
      bySession: db.prepare('SELECT id FROM entries WHERE call_session_id = ?'),
      transitions: db.prepare('SELECT at, from_state, to_state, note FROM transitions WHERE entry_id = ? ORDER BY id'),
      lastTransitionAt: db.prepare('SELECT max(at) AS at FROM transitions WHERE entry_id = ?'),
      // Sending and checking look only at the current mode's calls (`target`).
      nextDue: db.prepare(`SELECT * FROM entries WHERE state IN ('queued','retry_wait') AND target = @target
        AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT 1`),
      nextUrgent: db.prepare(`SELECT * FROM entries WHERE urgent_until >= @now AND state IN ('queued','retry_wait')
        AND target = @target AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT 1`),
      dueCount: db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM entries WHERE state IN ('queued','retry_wait')
        AND target = @target AND next_attempt_at <= @now LIMIT @max)`),
      nextDueAt: db.prepare(`SELECT MIN(next_attempt_at) AS at FROM entries WHERE state IN ('queued','retry_wait') AND target = ?`),
      nextCheck: db.prepare(`SELECT * FROM entries WHERE state IN ('accepted','in_queue') AND target = @target
        AND next_check_at <= @now AND id NOT IN (SELECT value FROM json_each(@held)) ORDER BY next_check_at, id LIMIT 1`),
      nextCheckAt: db.prepare(`SELECT MIN(next_check_at) AS at FROM entries WHERE state IN ('accepted','in_queue')
        AND target = @target AND id NOT IN (SELECT value FROM json_each(@held))`),
      idsInStates: db.prepare(`SELECT id, state FROM entries WHERE state IN (SELECT value FROM json_each(?))`),
      // Calls of a target in some states, less those already in `to` for the same reason (nothing to record).
      toMove: db.prepare(`SELECT id FROM entries WHERE target = @target AND state IN (SELECT value FROM json_each(@from))
        AND NOT (state = @to AND last_error IS @reason)`),
    };
  }

  private emit(ids: number[]): void {
    if (ids.length > 0) this.events.emit('change', ids);
  }

  /** Saves a new call. Durable when this returns (synchronous=FULL). */
  insert(e: NewEntry, note: string): number {
    const id = this.insertMany([e], note)[0]!;
    return id;
  }

  insertMany(list: readonly NewEntry[], note: string): number[] {
    const now = Date.now();
    const ids = this.db.transaction(() =>
      list.map((e) => {
        try {
          const info = this.stmt.insert.run({
            call_session_id: e.payload.CallSessionId,
            state: e.state,
            input: e.input ? JSON.stringify(e.input) : null,
            source: e.source,
            last_error: e.lastError ?? null,
            batch_id: e.batchId ?? null,
            urgent_until: e.urgentUntil ?? null,
            target: e.target,
            now,
            ...payloadColumns(e.payload, e.startAt),
          });
          const id = Number(info.lastInsertRowid);
          this.stmt.log.run(id, now, null, e.state, note);
          return id;
        } catch (err) {
          if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateSessionError(e.payload.CallSessionId);
          throw err;
        }
      }),
    )();
    this.emit(ids);
    return ids;
  }

  hasSession(callSessionId: string): boolean {
    return this.stmt.bySession.get(callSessionId) !== undefined;
  }

  /**
   * Moves an entry to `to` if it is currently in one of `from`; returns the
   * updated row, or null when another actor changed it first.
   */
  /**
   * `happenedAt`: when the change happened, if not now (an outcome another desktop learnt while this one
   * was off); the timeline shows it there, never before the call's last step.
   */
  transition(id: number, from: readonly EntryState[], to: EntryState, patch: EntryPatch, note: string | null, happenedAt?: number): Row | null {
    const row = this.transitionQuiet(id, from, to, patch, note, happenedAt);
    if (row) this.emit([id]);
    return row;
  }

  private transitionQuiet(id: number, from: readonly EntryState[], to: EntryState, patch: EntryPatch, note: string | null, happenedAt?: number): Row | null {
    const now = Date.now();
    const cols = Object.keys(patch) as (keyof EntryPatch)[];
    const sets = ['state = @to', 'updated_at = @now', ...cols.map((c) => `${c} = @${c}`)].join(', ');
    return this.db.transaction(() => {
      const current = this.stmt.get.get(id) as Row | undefined;
      if (!current || !from.includes(current.state)) return null;
      this.db.prepare(`UPDATE entries SET ${sets} WHERE id = @id`).run({ ...patch, to, now, id });
      if (current.state !== to || note) {
        const lastAt = happenedAt === undefined ? 0 : ((this.stmt.lastTransitionAt.get(id) as { at: number | null }).at ?? 0);
        this.stmt.log.run(id, happenedAt === undefined ? now : Math.min(now, Math.max(happenedAt, lastAt)), current.state, to, note);
      }
      return this.stmt.get.get(id) as Row;
    })();
  }

  /** The ids of every entry in one of `states`. */
  idsIn(states: readonly EntryState[]): number[] {
    return (this.stmt.idsInStates.all(JSON.stringify(states)) as { id: number }[]).map((r) => r.id);
  }

  /**
   * Moves `target`'s calls in `from` to `to` with `patch`, leaving those already in
   * `to` with the same last error alone (so a repeated sync adds nothing to the timeline).
   */
  moveTarget(target: Target, from: readonly EntryState[], to: EntryState, patch: EntryPatch, note: string): number[] {
    const rows = this.stmt.toMove.all({ target, from: JSON.stringify(from), to, reason: patch.last_error ?? null }) as { id: number }[];
    return this.transitionMany(rows.map((r) => r.id), from, to, patch, note);
  }

  /** The waiting calls of `target` (not yet sent, not held by a person) to `to`, with `reason` as their last error. */
  pauseTarget(target: Target, to: 'needs_key' | 'needs_setup', reason: string): number[] {
    return this.moveTarget(target, WAITING, to, { last_error: reason }, reason);
  }

  /** Calls saved before targets existed go to `target`, once (see migration 6). */
  claimUntargeted(target: Target): number {
    return this.db.prepare('UPDATE entries SET target = ? WHERE target IS NULL').run(target).changes;
  }

  /** Applies the same transition to every entry in `from`; returns the ids moved. */
  transitionAll(from: readonly EntryState[], to: EntryState, patch: EntryPatch, note: string): number[] {
    const rows = this.stmt.idsInStates.all(JSON.stringify(from)) as { id: number }[];
    return this.transitionMany(rows.map((r) => r.id), from, to, patch, note);
  }

  /** One transaction: all of `ids` that are still in `from` move, or none does. */
  transitionMany(ids: readonly number[], from: readonly EntryState[], to: EntryState, patch: EntryPatch, note: string): number[] {
    const moved = this.db.transaction(() => ids.filter((id) => this.transitionQuiet(id, from, to, patch, note) !== null))();
    this.emit(moved);
    return moved;
  }

  row(id: number): Row | null {
    return (this.stmt.get.get(id) as Row | undefined) ?? null;
  }

  /** The next call of `target` to send: urgent ones (an agent just logged them) first, then the rest in order. */
  nextDue(target: Target, now: number): Row | null {
    return this.nextUrgent(target, now) ?? (this.stmt.nextDue.get({ target, now }) as Row | undefined) ?? null;
  }

  nextUrgent(target: Target, now: number): Row | null {
    return (this.stmt.nextUrgent.get({ target, now }) as Row | undefined) ?? null;
  }

  /** Calls of `target` due to be sent now, counted up to `max`. */
  dueCount(target: Target, now: number, max: number): number {
    return (this.stmt.dueCount.get({ target, now, max }) as { n: number }).n;
  }

  nextDueAt(target: Target): number | null {
    return (this.stmt.nextDueAt.get(target) as { at: number | null }).at;
  }

  /** The next status check of `target` due, leaving out `held` (calls another desktop may be following). */
  nextCheck(target: Target, now: number, held: readonly number[] = []): Row | null {
    return (this.stmt.nextCheck.get({ target, now, held: JSON.stringify(held) }) as Row | undefined) ?? null;
  }

  nextCheckAt(target: Target, held: readonly number[] = []): number | null {
    return (this.stmt.nextCheckAt.get({ target, held: JSON.stringify(held) }) as { at: number | null }).at;
  }

  hasUncheckedAccepted(target: Target): boolean {
    return this.db.prepare(`SELECT 1 FROM entries WHERE state = 'accepted' AND target = ? AND status_checks = 0 LIMIT 1`).get(target) !== undefined;
  }

  /** Moves first status checks of `target`'s not-yet-checked entries to `acceptedAt + delayMs`. */
  rescheduleFirstChecks(target: Target, delayMs: number): number[] {
    const rows = this.db
      .prepare(`UPDATE entries SET next_check_at = accepted_at + @delayMs WHERE state = 'accepted' AND target = @target
        AND status_checks = 0 AND next_check_at IS NOT accepted_at + @delayMs RETURNING id`)
      .all({ target, delayMs }) as { id: number }[];
    return rows.map((r) => r.id);
  }

  detail(id: number): EntryDetail | null {
    const r = this.row(id);
    if (!r) return null;
    const transitions = (this.stmt.transitions.all(id) as { at: number; from_state: EntryState | null; to_state: EntryState; note: string | null }[]).map(
      (t): Transition => ({ at: t.at, from: t.from_state, to: t.to_state, note: t.note }),
    );
    return {
      ...summaryOf(r),
      payload: JSON.parse(r.payload) as CallLogPayload,
      input: r.input ? (JSON.parse(r.input) as CallInput) : null,
      source: r.source,
      attempts: r.attempts,
      statusChecks: r.status_checks,
      nextAttemptAt: r.next_attempt_at,
      nextCheckAt: r.next_check_at,
      transitions,
    };
  }

  list(q: ListQueryParsed): ListResult {
    const { where, params, search } = whereOf(q);
    // A search's matches come from the trigram index as a set; read one by one through it, a broad
    // one (12,500 of "refund" in 100,000 calls) took 20–30 ms to count and as much again to sort
    // for a page. The index counts its own matches in a few ms, and past a few thousand it is
    // cheaper to walk the list's own order, asking the set about each call, than to read them all.
    const matches = search ? (this.db.prepare('SELECT COUNT(*) AS n FROM entries_fts WHERE entries_fts MATCH @match').get(params) as { n: number }).n : 0;
    const from = matches > BROAD_SEARCH ? 'entries INDEXED BY entries_by_created' : 'entries';
    const total =
      search === 'only' ? matches : (this.db.prepare(`SELECT COUNT(*) AS n FROM ${from} ${where}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLS} FROM ${from} ${where} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: q.limit, offset: q.offset }) as Row[];
    return { total, offset: q.offset, items: rows.map(summaryOf) };
  }

  /** Calls of `target` not sent yet (waiting, not held by a person). */
  waitingOf(target: Target): number {
    const marks = WAITING.map(() => '?').join(', ');
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM entries WHERE target = ? AND state IN (${marks})`).get(target, ...WAITING) as { n: number }).n;
  }

  /** Calls in Failure or Error, by whose they are; one pass over the state index. */
  countFailed(): { account: number; test: number } {
    const r = this.db
      .prepare(`SELECT COUNT(*) FILTER (WHERE target IS NOT 'sandbox') AS account, COUNT(*) FILTER (WHERE target = 'sandbox') AS test
        FROM entries WHERE state IN ('failure', 'error')`)
      .get() as { account: number; test: number };
    return { account: r.account, test: r.test };
  }

  /** Calls of `target` LeadSquared accepted and whose outcome is still to be checked. */
  trackedOf(target: Target): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM entries WHERE target = ? AND state IN ('accepted', 'in_queue')`).get(target) as { n: number }).n;
  }

  countByState(): Partial<Record<EntryState, number>> {
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n FROM entries GROUP BY state').all() as { state: EntryState; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The list's time ranges, inclusive: when the call started (History's dates), when it was logged (the Dashboard's day). */
const RANGE_BOUNDS = [
  ['from', 'start_at', '>='],
  ['to', 'start_at', '<='],
  ['loggedFrom', 'created_at', '>='],
  ['loggedTo', 'created_at', '<='],
] as const;

/**
 * `search`: whether the search went to the trigram index (`@match`), and whether it is the only
 * condition ('only': the index's count of its matches is the list's).
 */
export function whereOf(q: Omit<ListQueryParsed, 'offset' | 'limit'>): {
  where: string;
  params: Record<string, unknown>;
  search: 'only' | 'with-others' | null;
} {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  const search = q.search?.trim();
  if (search) {
    const digits = phoneQueryDigits(search);
    if (search.length >= 3) {
      // The trigram index answers substring queries of 3+ characters; quoting makes the text a literal phrase.
      const phrase = (t: string) => `"${t.replace(/"/g, '""')}"`;
      params.match = digits !== null && digits !== search ? `${phrase(search)} OR ${phrase(digits)}` : phrase(search);
      clauses.push('id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH @match)');
    } else {
      params.like = `%${escapeLike(search)}%`;
      clauses.push(`(${SEARCHED.map((c) => `${c} LIKE @like ESCAPE '\\'`).join(' OR ')})`);
    }
  }
  if (q.states && q.states.length > 0) {
    params.states = JSON.stringify(q.states);
    clauses.push('state IN (SELECT value FROM json_each(@states))');
  }
  if (q.agent?.trim()) {
    // Any part of the name, as a supervisor remembers it ("Priya", "sharma"); LIKE ignores ASCII case.
    params.agent = q.agentWhole ? q.agent.trim() : `%${escapeLike(q.agent.trim())}%`;
    clauses.push(q.agentWhole ? 'agent_name = @agent COLLATE NOCASE' : `agent_name LIKE @agent ESCAPE '\\'`);
  }
  if (q.reason?.trim()) {
    // The reason as the team's Dashboard groups failures (team_reason: LeadSquared's StatusReason).
    params.reason = q.reason.trim();
    clauses.push('status_reason = @reason');
  }
  if (q.direction) {
    params.direction = q.direction;
    clauses.push('direction = @direction');
  }
  for (const [key, column, op] of RANGE_BOUNDS) {
    const at = q[key];
    if (at === undefined) continue;
    params[key] = at;
    clauses.push(`${column} ${op} @${key}`);
  }
  if (q.excludeTestCalls) clauses.push(ACCOUNT_CALL);
  const matched = params.match === undefined ? null : clauses.length === 1 ? 'only' : 'with-others';
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, search: matched };
}
