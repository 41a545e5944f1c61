// Read-only views for supervisors: CSV export of the filtered history, the
// machine's own delivery numbers, and the data behind the charts.
import Papa from 'papaparse';
import { PAYLOAD_FIELDS, type CallLogPayload } from '../../shared/call-log';
import { NO_REASON, STATE_LABELS, type EntryState, type ListQueryParsed } from '../../shared/entry';
import { neutraliseRow } from './csv-cells';
import { etaSeconds, recentPace } from './import/import-eta';
import type { Db } from './outbox/db';
import { ACCOUNT_CALL, whereOf } from './outbox/entries';
import { bucketOf, labelledBuckets, lowerMedian, type TimeBucket } from './time-to-success';

const FINAL = "('success','failure','error')";
const UNSENT = "('queued','sending','retry_wait','needs_key','needs_setup','paused')";

export interface DayWindow {
  /** Local day start and end, epoch ms (the renderer knows the agent's time zone). */
  from: number;
  to: number;
}

/**
 * Which calls a day's figures count. The account's calls only, normally: calls logged with the
 * built-in sandbox never go to LeadSquared, so a supervisor checking that every call got there
 * counts them apart (`testCalls`). Test calls too while the sandbox is on: then the app is being
 * tried or taught, every call is a test call, and figures without them would be an empty page.
 */
export interface Counted {
  /** The figures count test calls (the sandbox is on): History's lists they open must too. */
  withTestCalls: boolean;
}

/** This computer's calls of a day, as `withTestCalls` says. */
export interface LocalHealth extends Counted {
  loggedToday: number;
  delivered: number;
  failed: number;
  waiting: number;
  medianSecondsToSuccess: number | null;
  /** Calls logged with the built-in sandbox that day: in the figures above only `withTestCalls`. */
  testCalls: number;
}

/** The calls a report counts, as an SQL condition on `entries`. */
const countedCalls = ({ withTestCalls }: Counted) => (withTestCalls ? 'TRUE' : ACCOUNT_CALL);

export interface DeliveryStats extends DayFailures, Counted {
  hours: { hour: number; success: number; failure: number; error: number; pending: number }[];
  /** Time from logging to Success, in buckets. */
  timeToSuccess: TimeBucket[];
}

/** The failed calls (Failure or Error) of a day, as the team's Dashboard gives the floor's. */
export interface DayFailures {
  failuresByReason: { reason: string; count: number }[];
  /** Null unless the day's calls carry more than one agent's name: one agent's failures are the day's. */
  failuresByAgent: { agent: string; failed: number; total: number }[] | null;
}

/**
 * The app's own times, in UTC (their column names say so), written as StartTime is written
 * (`YYYY-MM-DD HH:MM:SS`): spreadsheets read that as a date-time, but ISO 8601's `T…Z` as text.
 */
const utc = (ms: number | null) => (ms == null ? '' : new Date(ms).toISOString().slice(0, 19).replace('T', ' '));

export function exportCsv(db: Db, q: Omit<ListQueryParsed, 'offset' | 'limit'>): { csv: string; rows: number } {
  const { where, params } = whereOf(q);
  const rows = db
    .prepare(
      `SELECT e.payload, e.request_id, e.state, e.status_reason, e.created_at, e.accepted_at, e.final_at,
        (SELECT MIN(at) FROM transitions t WHERE t.entry_id = e.id AND t.to_state = 'sending') AS first_sent_at,
        e.target IS 'sandbox' AS test
       FROM entries e ${where}
       ORDER BY e.created_at, e.id`,
    )
    .all(params) as (Omit<ExportedCall, 'test'> & { test: 0 | 1 })[];
  return { csv: Papa.unparse({ fields: [...EXPORT_FIELDS], data: rows.map((r) => exportRow({ ...r, test: r.test === 1 })) }), rows: rows.length };
}

/**
 * The export's columns: the API's fields, then what became of the call, and whether it was a test
 * call (logged with the built-in sandbox: never sent to LeadSquared, so reconciling with the
 * account leaves it out). The team's export adds the desktop.
 */
export const EXPORT_FIELDS = [...PAYLOAD_FIELDS, 'RequestID', 'State', 'StatusReason', 'SavedAtUTC', 'FirstSentAtUTC', 'AcceptedAtUTC', 'FinalAtUTC', 'Test'] as const;

export interface ExportedCall {
  payload: string | CallLogPayload;
  request_id: string | null;
  state: string;
  status_reason: string | null;
  created_at: number;
  first_sent_at: number | null;
  accepted_at: number | null;
  final_at: number | null;
  test: boolean;
}

/** One call as an export row, every cell spreadsheet-safe. */
export function exportRow(r: ExportedCall): string[] {
  const p = typeof r.payload === 'string' ? (JSON.parse(r.payload) as CallLogPayload) : r.payload;
  return neutraliseRow([
    ...PAYLOAD_FIELDS.map((f) => p[f] ?? ''),
    r.request_id ?? '',
    // The words History shows ("Waiting to retry", not retry_wait): import never reads this column
    // back. A state this version does not know (a newer desktop's, in the team database) stays as is.
    STATE_LABELS[r.state as EntryState] ?? r.state,
    r.status_reason ?? '',
    utc(r.created_at),
    utc(r.first_sent_at),
    utc(r.accepted_at),
    utc(r.final_at),
    r.test ? 'yes' : 'no',
  ]);
}

export function localHealth(db: Db, day: DayWindow, counted: Counted): LocalHealth {
  const calls = countedCalls(counted);
  const c = db
    .prepare(
      `SELECT SUM(${calls}) AS logged,
         SUM(${calls} AND state = 'success') AS delivered,
         SUM(${calls} AND state IN ('failure','error')) AS failed,
         SUM(target IS 'sandbox') AS test
       FROM entries WHERE created_at BETWEEN @from AND @to`,
    )
    .get(day) as { logged: number | null; delivered: number | null; failed: number | null; test: number | null };
  const waiting = (db.prepare(`SELECT COUNT(*) AS n FROM entries WHERE state NOT IN ${FINAL} AND ${calls}`).get() as { n: number }).n;
  const durations = (
    db
      .prepare(`SELECT final_at - created_at AS d FROM entries WHERE state = 'success' AND ${calls} AND created_at BETWEEN @from AND @to ORDER BY d`)
      .all(day) as { d: number }[]
  ).map((r) => r.d);
  const median = lowerMedian(durations);
  return {
    loggedToday: c.logged ?? 0,
    delivered: c.delivered ?? 0,
    failed: c.failed ?? 0,
    waiting,
    medianSecondsToSuccess: median === null ? null : median / 1000,
    testCalls: c.test ?? 0,
    withTestCalls: counted.withTestCalls,
  };
}

export function deliveryStats(db: Db, day: DayWindow, counted: Counted): DeliveryStats {
  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, success: 0, failure: 0, error: 0, pending: 0 }));
  const rows = db
    .prepare(`SELECT created_at, state, final_at FROM entries WHERE created_at BETWEEN @from AND @to AND ${countedCalls(counted)}`)
    .all(day) as { created_at: number; state: string; final_at: number | null }[];
  const counts: number[] = [];
  for (const r of rows) {
    // Hours of the agent's day: the window starts at local midnight (DST days have 23 or 25).
    const h = hours[Math.min(23, Math.floor((r.created_at - day.from) / 3_600_000))]!;
    if (r.state === 'success' || r.state === 'failure' || r.state === 'error') h[r.state] += 1;
    else h.pending += 1;
    if (r.state === 'success' && r.final_at !== null) {
      const b = bucketOf((r.final_at - r.created_at) / 1000);
      counts[b] = (counts[b] ?? 0) + 1;
    }
  }
  return { hours, timeToSuccess: labelledBuckets((i) => counts[i]), ...dayFailures(db, day, counted), withTestCalls: counted.withTestCalls };
}

/** Rows of each failures table, as the team database's team_day keeps them. */
const FAILURE_ROWS = 50;

/**
 * Grouped as History filters them, so a row opens exactly its calls: the reason matched whole on
 * status_reason, the agent's name case-insensitively (COLLATE NOCASE), shown in its most used spelling.
 */
export function dayFailures(db: Db, day: DayWindow, counted: Counted): DayFailures {
  const calls = countedCalls(counted);
  const failuresByReason = db
    .prepare(
      `SELECT coalesce(nullif(status_reason, ''), @none) AS reason, COUNT(*) AS count FROM entries
       WHERE state IN ('failure','error') AND created_at BETWEEN @from AND @to AND ${calls}
       GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${FAILURE_ROWS}`,
    )
    .all({ ...day, none: NO_REASON }) as DayFailures['failuresByReason'];
  // Each spelling's calls, then one row per name as NOCASE compares them: with MAX(n), SQLite takes
  // the bare agent_name from the spelling used most.
  const agents = db
    .prepare(
      `SELECT agent_name AS agent, MAX(n) AS most, SUM(failed) AS failed, SUM(n) AS total FROM (
         SELECT agent_name, COUNT(*) AS n, SUM(state IN ('failure','error')) AS failed FROM entries
         WHERE created_at BETWEEN @from AND @to AND ${calls} GROUP BY agent_name)
       GROUP BY agent_name COLLATE NOCASE`,
    )
    .all(day) as { agent: string; most: number; failed: number; total: number }[];
  if (agents.filter((a) => a.agent.trim() !== '').length < 2) return { failuresByReason, failuresByAgent: null };
  const failuresByAgent = agents
    .filter((a) => a.failed > 0)
    .sort((a, b) => b.failed - a.failed || (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0))
    .slice(0, FAILURE_ROWS)
    .map(({ agent, failed, total }) => ({ agent, failed, total }));
  return { failuresByReason, failuresByAgent };
}

export interface BatchProgress {
  total: number;
  unsent: number;
  paused: number;
  accepted: number;
  final: number;
  failed: number;
  /**
   * Seconds to submit what is left, counting calls queued ahead of it, at the pace this import
   * has recently achieved (capped at the rate limit); null while there is too little to go on.
   */
  etaSeconds: number | null;
}

export function batchProgress(db: Db, batchId: string, limitPerSecond: number, now = Date.now()): BatchProgress {
  const r = db
    .prepare(
      `SELECT COUNT(*) AS total,
         SUM(state IN ('queued','sending','retry_wait','needs_key','needs_setup')) AS unsent,
         SUM(state = 'paused') AS paused,
         SUM(state IN ('accepted','in_queue')) AS accepted,
         SUM(state IN ${FINAL}) AS final,
         SUM(state IN ('failure','error')) AS failed,
         MAX(CASE WHEN state IN ('queued','retry_wait','sending') THEN id END) AS last_unsent
       FROM entries WHERE batch_id = ?`,
    )
    .get(batchId) as Record<string, number | null>;
  const ahead = r.last_unsent
    ? (db.prepare(`SELECT COUNT(*) AS n FROM entries WHERE state IN ${UNSENT} AND state != 'paused' AND id <= ?`).get(r.last_unsent) as { n: number }).n
    : 0;
  return {
    total: r.total ?? 0,
    unsent: r.unsent ?? 0,
    paused: r.paused ?? 0,
    accepted: r.accepted ?? 0,
    final: r.final ?? 0,
    failed: r.failed ?? 0,
    etaSeconds: etaSeconds(ahead, recentPace(db, batchId, now), now, limitPerSecond),
  };
}
