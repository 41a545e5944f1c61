// The team's history, read from the team database in the same shapes as this
// computer's history, so History and Dashboard have one query shape for both
// scopes. What a login sees is the database's business (row-level security):
// a supervisor the team's calls, an agent's desktop its own.
import Papa from 'papaparse';
import type { CallLogPayload } from '../../../shared/call-log';
import { STATE_LABELS, type EntryState, type EntrySummary, type ListQueryParsed } from '../../../shared/entry';
import { AppError } from '../../../shared/errors';
import { neutraliseCell } from '../csv-cells';
import { phoneQueryDigits } from '../outbox/phone-query';
import { EXPORT_FIELDS, exportRow, type DayWindow } from '../reports';
import { labelledBuckets, TIME_TO_SUCCESS_BOUNDS, type TimeBucket } from '../time-to-success';
import type { TeamDatabase } from './team-db';

type Filters = Omit<ListQueryParsed, 'offset' | 'limit'>;

/** A call as this computer's history shows it, plus the desktop that logged it (`id` is that desktop's). */
export interface TeamEntrySummary extends EntrySummary {
  desktopId: string;
  desktopName: string;
}

export interface TeamEntryDetail extends TeamEntrySummary {
  payload: CallLogPayload;
  source: 'form' | 'import';
  attempts: number;
  statusChecks: number;
  transitions: { at: number; from: EntryState | null; to: EntryState; note: string | null }[];
  ownerOnline: boolean;
  ownerSeenAt: number | null;
  /** Closed normally then, and not back since. */
  ownerSignedOffAt: number | null;
  watchedBy: string | null;
  /** This copy is paused because its agent took the call to a new PC: that desktop's name. */
  movedTo: string | null;
  /** The desktops (names) where a paused copy of this call stayed when its agent moved here. */
  movedFrom: string | null;
}

export interface TeamDashboard {
  /** The account's calls: test calls (the built-in sandbox) are only counted in `testCalls`. */
  totals: { logged: number; delivered: number; failed: number; waiting: number };
  testCalls: number;
  hours: { hour: number; success: number; failure: number; error: number; pending: number }[];
  failuresByAgent: { agent: string; failed: number; total: number }[];
  failuresByReason: { reason: string; count: number }[];
  /** The day's delivered calls by time from logging to Success, in this computer's Dashboard's buckets. */
  timeToSuccess: TimeBucket[];
  medianSecondsToSuccess: number | null;
}

/** A broad search in a million calls is counted this far, and said to be "10,000+". */
export const COUNT_CAP = 10_000;

/**
 * A state change's note is written by the desktop that owns the call, in its own words
 * ("Saved on this computer"); read by anyone else, "this computer" and "here" are that desktop.
 */
export function ownersNote(note: string | null, desktopName: string): string | null {
  return note === null ? null : note.replace(/\bthis computer\b/g, desktopName).replace(/\bfrom here\b/g, `from ${desktopName}`);
}

const ms = (t: Date | string | null) => (t === null ? null : new Date(t).getTime());

interface SummaryRow {
  desktop_id: string;
  id: string;
  desktop_name: string;
  call_session_id: string;
  state: EntryState;
  request_id: string | null;
  lead_number: string;
  direction: 'Inbound' | 'Outbound';
  start_time: string;
  agent_name: string;
  status_reason: string | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  test: boolean;
}

function summaryOf(r: SummaryRow): TeamEntrySummary {
  return {
    id: Number(r.id),
    desktopId: r.desktop_id,
    desktopName: r.desktop_name,
    callSessionId: r.call_session_id,
    state: r.state,
    requestId: r.request_id,
    leadNumber: r.lead_number,
    direction: r.direction,
    startTime: r.start_time,
    agentName: r.agent_name,
    statusReason: r.status_reason,
    lastError: r.last_error,
    createdAt: ms(r.created_at)!,
    updatedAt: ms(r.updated_at)!,
    test: r.test,
  };
}

interface DetailRow extends SummaryRow {
  payload: CallLogPayload;
  source: 'form' | 'import';
  attempts: number;
  status_checks: number;
  seen_at: Date | null;
  online: boolean;
  watcher: string | null;
  moved_to: string | null;
  moved_from: string | null;
  signed_off_at: Date | null;
}

const dateOf = (ms: number | undefined) => (ms === undefined ? null : new Date(ms));
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The same filters as this computer's history (outbox/entries.ts whereOf), as
 * the parameters the team's read functions take (migration 14: team_filter with the reason, the
 * logged-on range and whether test calls are left out).
 */
export function teamFilterArgs(q: Filters): unknown[] {
  const search = q.search?.trim().toLowerCase() || null;
  let like: string | null = null;
  let likeDigits: string | null = null;
  if (search) {
    const digits = phoneQueryDigits(search);
    like = `%${escapeLike(search)}%`;
    if (digits !== null && digits !== search) likeDigits = `%${digits}%`;
  }
  return [
    like,
    likeDigits,
    q.states && q.states.length > 0 ? q.states : null,
    q.agent?.trim() || null,
    q.direction ?? null,
    dateOf(q.from),
    dateOf(q.to),
    q.reason?.trim() || null,
    dateOf(q.loggedFrom),
    dateOf(q.loggedTo),
    q.excludeTestCalls ?? false,
  ];
}

export class TeamHistory {
  constructor(private readonly db: TeamDatabase) {}

  /** One page of the team's calls. Counting them is `count`: a broad search's rows need not wait for it. */
  async list(q: ListQueryParsed): Promise<{ offset: number; items: TeamEntrySummary[] }> {
    const rows = await this.db.query<SummaryRow>('SELECT * FROM calllog.team_list($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)', [...teamFilterArgs(q), q.limit, q.offset]);
    return { offset: q.offset, items: rows.rows.map(summaryOf) };
  }

  /** How many calls match, counted up to COUNT_CAP (`exact: false` past it: "10,000+ calls"). */
  async count(q: Filters): Promise<{ total: number; exact: boolean }> {
    const count = await this.db.query<{ n: string; exact: boolean }>('SELECT n, exact FROM calllog.team_count($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)', [...teamFilterArgs(q), COUNT_CAP + 1]);
    const c = count.rows[0] ?? { n: '0', exact: true };
    return c.exact ? { total: Number(c.n), exact: true } : { total: COUNT_CAP, exact: false };
  }

  async detail(desktopId: string, id: number): Promise<TeamEntryDetail | null> {
    const [r, t] = await Promise.all([
      this.db.query<DetailRow>(
        'SELECT * FROM calllog.team_call($1, $2)',
        [desktopId, id],
      ),
      this.db.query<{ at: Date; from_state: EntryState | null; to_state: EntryState; note: string | null }>('SELECT * FROM calllog.team_transitions($1, $2)', [desktopId, id]),
    ]);
    const row = r.rows[0];
    if (!row) return null;
    const summary = summaryOf(row);
    const transitions: TeamEntryDetail['transitions'] = t.rows.map((x) => ({ at: ms(x.at)!, from: x.from_state, to: x.to_state, note: ownersNote(x.note, row.desktop_name) }));
    // A watcher's outcome is the call's state here before its owner is back to write it down:
    // the list of changes ends with it too, not at "In LeadSquared's queue" under a final badge.
    const last = transitions.at(-1);
    if (row.watcher !== null && last && last.to !== summary.state) {
      const reason = summary.statusReason ? ` — ${summary.statusReason}` : '';
      transitions.push({
        at: summary.updatedAt,
        from: last.to,
        to: summary.state,
        note: `Followed by ${row.watcher} while ${row.desktop_name} was away: LeadSquared: ${STATE_LABELS[summary.state]}${reason}`,
      });
    }
    return {
      ...summary,
      payload: row.payload,
      source: row.source,
      attempts: row.attempts,
      statusChecks: row.status_checks,
      transitions,
      ownerOnline: row.online,
      ownerSeenAt: ms(row.seen_at),
      ownerSignedOffAt: ms(row.signed_off_at),
      watchedBy: row.watcher,
      movedTo: row.moved_to,
      movedFrom: row.moved_from,
    };
  }

  /** The agents whose calls this login may see, with how many calls each logged. */
  async agents(): Promise<{ name: string; calls: number }[]> {
    const r = await this.db.query<{ agent_name: string; calls: string }>('SELECT * FROM calllog.team_agents()');
    return r.rows.map((x) => ({ name: x.agent_name, calls: Number(x.calls) }));
  }

  async dashboard(day: DayWindow): Promise<TeamDashboard> {
    const r = await this.db.query<{ d: DayRow; t: TimeToSuccessRow }>('SELECT calllog.team_day($1, $2) AS d, calllog.team_time_to_success($1, $2, $3) AS t', [
      new Date(day.from),
      new Date(day.to),
      TIME_TO_SUCCESS_BOUNDS,
    ]);
    const { d, t } = r.rows[0]!;
    const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, success: 0, failure: 0, error: 0, pending: 0 }));
    for (const x of d.hours) {
      const bucket = hours[x.hour]!;
      if (x.state === 'success' || x.state === 'failure' || x.state === 'error') bucket[x.state] += x.n;
      else bucket.pending += x.n;
    }
    return {
      totals: { logged: d.logged, delivered: d.delivered, failed: d.failed, waiting: d.waiting },
      testCalls: d.testCalls,
      hours,
      failuresByAgent: d.byAgent,
      failuresByReason: d.byReason,
      timeToSuccess: labelledBuckets((i) => t.buckets.find((b) => b.bucket === i)?.n),
      medianSecondsToSuccess: t.medianSeconds,
    };
  }

  /**
   * The team's calls matching the filters as CSV (the export's columns, then which
   * desktop logged each). A whole floor's history can be a million rows: read through
   * a cursor on a connection of its own, with time enough, so neither the rows nor the
   * wait count against the pool the budget uses (or make the database look away).
   * Past TEAM_EXPORT_MAX rows the supervisor is asked to narrow the filters: the whole
   * file is built in memory and handed to the page, and a million rows would take
   * gigabytes of a desktop's memory for a file no spreadsheet opens whole.
   */
  async exportCsv(q: Filters): Promise<{ csv: string; rows: number }> {
    const c = await this.db.session(EXPORT_TIMEOUT_MS);
    try {
      // Counted first (up to the limit, or the trigger's count when unfiltered): a refusal then
      // comes in moments, not after the database has gathered a million rows.
      const counted = (await c.query<{ n: string; exact: boolean }>('SELECT n, exact FROM calllog.team_count($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)', [...teamFilterArgs(q), TEAM_EXPORT_MAX + 1])).rows[0];
      if (counted && (!counted.exact || Number(counted.n) > TEAM_EXPORT_MAX)) throw tooManyToExport(counted.exact ? Number(counted.n) : null);
      await c.query('BEGIN READ ONLY');
      await c.query('DECLARE team_export NO SCROLL CURSOR FOR SELECT * FROM calllog.team_export($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)', teamFilterArgs(q));
      const chunks: string[] = [];
      let rows = 0;
      for (;;) {
        const r = await c.query<ExportRow>(`FETCH ${EXPORT_CHUNK} FROM team_export`);
        if (r.rows.length === 0 && rows > 0) break;
        const data = r.rows.map((x) => [
          ...exportRow({ ...x, created_at: ms(x.created_at)!, first_sent_at: ms(x.first_sent_at), accepted_at: ms(x.accepted_at), final_at: ms(x.final_at) }),
          neutraliseCell(x.desktop_name),
        ]);
        chunks.push(Papa.unparse({ fields: [...EXPORT_FIELDS, 'Desktop'], data }, { header: rows === 0 }));
        rows += r.rows.length;
        if (rows > TEAM_EXPORT_MAX) throw tooManyToExport(null); // more arrived since the count
        if (r.rows.length < EXPORT_CHUNK) break;
      }
      await c.query('COMMIT');
      return { csv: chunks.filter((x) => x !== '').join('\r\n'), rows };
    } finally {
      await c.end().catch(() => undefined);
    }
  }
}

/** About 30 MB of CSV: Excel's sheet holds 1,048,576 rows, but a desktop's memory and the page's download hold less. */
export const TEAM_EXPORT_MAX = 100_000;
const EXPORT_TIMEOUT_MS = 5 * 60_000;

function tooManyToExport(n: number | null): AppError {
  const max = TEAM_EXPORT_MAX.toLocaleString('en-US');
  const what = n === null ? `More than ${max} of the team’s calls match` : `${n.toLocaleString('en-US')} of the team’s calls match, more than the ${max} one file holds`;
  return new AppError('invalid_input', `${what}: narrow the filters (dates, agent, state or a search) and export again.`);
}
const EXPORT_CHUNK = 5000;

interface ExportRow {
  payload: CallLogPayload;
  request_id: string | null;
  state: string;
  status_reason: string | null;
  created_at: Date;
  first_sent_at: Date | null;
  accepted_at: Date | null;
  final_at: Date | null;
  desktop_name: string;
  test: boolean;
}

interface DayRow {
  logged: number;
  delivered: number;
  failed: number;
  waiting: number;
  testCalls: number;
  hours: { hour: number; state: string; n: number }[];
  byAgent: { agent: string; failed: number; total: number }[];
  byReason: { reason: string; count: number }[];
}

/** calllog.team_time_to_success (step 13): width_bucket's index of each bucket that has calls. */
interface TimeToSuccessRow {
  buckets: { bucket: number; n: number }[];
  medianSeconds: number | null;
}
