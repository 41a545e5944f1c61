// The team's history, read from the team database in the same shapes as this
// computer's history, so History and Dashboard have one query shape for both
// scopes. What a login sees is the database's business (row-level security):
// a supervisor the team's calls, an agent's desktop its own.
import Papa from 'papaparse';
import type { CallLogPayload } from '../../../shared/call-log';
import type { EntryState, EntrySummary, ListQueryParsed } from '../../../shared/entry';
import { neutraliseCell } from '../csv-cells';
import { digitsOf } from '../outbox/entries';
import { EXPORT_FIELDS, exportRow, type DayWindow } from '../reports';
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
  watchedBy: string | null;
}

export interface TeamDashboard {
  totals: { logged: number; delivered: number; failed: number; waiting: number };
  hours: { hour: number; success: number; failure: number; error: number; pending: number }[];
  failuresByAgent: { agent: string; failed: number; total: number }[];
  failuresByReason: { reason: string; count: number }[];
}

/** A desktop seen within this long follows its own calls. */
export const ONLINE_MS = 60_000;

const ms = (col: string) => `(extract(epoch FROM ${col}) * 1000)::bigint`;
const SUMMARY = `c.desktop_id, c.id, coalesce(d.name, c.desktop_id) AS desktop_name, c.call_session_id, c.team_state AS state,
  c.request_id, c.lead_number, c.direction, c.start_time, c.agent_name, c.team_reason AS status_reason, c.last_error,
  ${ms('c.created_at')} AS created_at, ${ms('greatest(c.updated_at, coalesce(c.watched_at, c.updated_at))')} AS updated_at`;

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
  created_at: string;
  updated_at: string;
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
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The same filters as this computer's history (outbox/entries.ts whereOf), for PostgreSQL. */
export function teamWhere(q: Filters, params: unknown[] = []): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const search = q.search?.trim().toLowerCase();
  if (search) {
    const digits = digitsOf(search);
    const numeric = digits.length >= 3 && /^[\d\s()+\-.]+$/.test(search);
    const like = (t: string) => `c.search LIKE ${p(`%${escapeLike(t)}%`)}`;
    clauses.push(numeric && digits !== search ? `(${like(search)} OR ${like(digits)})` : like(search));
  }
  if (q.states && q.states.length > 0) clauses.push(`c.team_state = ANY(${p(q.states)})`);
  if (q.agent?.trim()) clauses.push(`lower(c.agent_name) = lower(${p(q.agent.trim())})`);
  if (q.direction) clauses.push(`c.direction = ${p(q.direction)}`);
  if (q.from !== undefined) clauses.push(`c.start_at >= to_timestamp(${p(q.from / 1000)})`);
  if (q.to !== undefined) clauses.push(`c.start_at <= to_timestamp(${p(q.to / 1000)})`);
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export class TeamHistory {
  constructor(private readonly db: TeamDatabase) {}

  async list(q: ListQueryParsed): Promise<{ total: number; offset: number; items: TeamEntrySummary[] }> {
    const { where, params } = teamWhere(q);
    const [count, rows] = await Promise.all([
      this.db.query<{ n: string }>(`SELECT count(*) AS n FROM calllog.calls c ${where}`, params),
      this.db.query<SummaryRow>(
        `SELECT ${SUMMARY} FROM calllog.calls c LEFT JOIN calllog.desktops d ON d.desktop_id = c.desktop_id ${where}
         ORDER BY c.created_at DESC, c.desktop_id, c.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, q.limit, q.offset],
      ),
    ]);
    return { total: Number(count.rows[0]?.n ?? 0), offset: q.offset, items: rows.rows.map(summaryOf) };
  }

  async detail(desktopId: string, id: number): Promise<TeamEntryDetail | null> {
    const r = await this.db.query<SummaryRow & { payload: CallLogPayload; source: 'form' | 'import'; attempts: number; status_checks: number; seen_ms: string | null; online: boolean; watcher: string | null }>(
      `SELECT ${SUMMARY}, c.payload, c.source, c.attempts, c.status_checks, ${ms('d.seen_at')} AS seen_ms,
         coalesce(d.seen_at > clock_timestamp() - make_interval(secs => ${ONLINE_MS / 1000}), false) AS online,
         CASE WHEN c.watch_by IS NOT NULL THEN calllog.desktop_name(c.watch_by) END AS watcher
       FROM calllog.calls c LEFT JOIN calllog.desktops d ON d.desktop_id = c.desktop_id
       WHERE c.desktop_id = $1 AND c.id = $2`,
      [desktopId, id],
    );
    const row = r.rows[0];
    if (!row) return null;
    const t = await this.db.query<{ at: string; from_state: EntryState | null; to_state: EntryState; note: string | null }>(
      `SELECT ${ms('at')} AS at, from_state, to_state, note FROM calllog.call_transitions WHERE desktop_id = $1 AND call_id = $2 ORDER BY seq`,
      [desktopId, id],
    );
    return {
      ...summaryOf(row),
      payload: row.payload,
      source: row.source,
      attempts: row.attempts,
      statusChecks: row.status_checks,
      transitions: t.rows.map((x) => ({ at: Number(x.at), from: x.from_state, to: x.to_state, note: x.note })),
      ownerOnline: row.online,
      ownerSeenAt: row.seen_ms === null ? null : Number(row.seen_ms),
      watchedBy: row.watcher,
    };
  }

  /** The agents whose calls this login may see, with how many calls each logged. */
  async agents(): Promise<{ name: string; calls: number }[]> {
    try {
      const r = await this.db.query<{ agent_name: string; calls: string }>(`SELECT agent_name, calls FROM calllog.agents WHERE calls > 0 ORDER BY lower(agent_name)`);
      return r.rows.map((x) => ({ name: x.agent_name, calls: Number(x.calls) }));
    } catch (err) {
      if ((err as { code?: string }).code !== '42501') throw err;
      // An agent's login may not see the team's list: its own calls' agents.
      const r = await this.db.query<{ agent_name: string; calls: string }>(
        `SELECT agent_name, count(*) AS calls FROM calllog.calls GROUP BY agent_name ORDER BY lower(agent_name)`,
      );
      return r.rows.map((x) => ({ name: x.agent_name, calls: Number(x.calls) }));
    }
  }

  async dashboard(day: DayWindow): Promise<TeamDashboard> {
    const span = [day.from / 1000, day.to / 1000];
    const inDay = `c.created_at BETWEEN to_timestamp($1) AND to_timestamp($2)`;
    const [totals, waiting, hours, byAgent, byReason] = await Promise.all([
      this.db.query<{ logged: string; delivered: string; failed: string }>(
        `SELECT count(*) AS logged, count(*) FILTER (WHERE team_state = 'success') AS delivered,
           count(*) FILTER (WHERE team_state IN ('failure', 'error')) AS failed FROM calllog.calls c WHERE ${inDay}`,
        span,
      ),
      this.db.query<{ n: string }>(`SELECT count(*) AS n FROM calllog.calls c WHERE team_state NOT IN ('success', 'failure', 'error')`),
      this.db.query<{ hour: number; state: string; n: string }>(
        `SELECT least(23, floor(extract(epoch FROM c.created_at - to_timestamp($1)) / 3600))::int AS hour, team_state AS state, count(*) AS n
         FROM calllog.calls c WHERE ${inDay} GROUP BY 1, 2`,
        span,
      ),
      this.db.query<{ agent: string; failed: string; total: string }>(
        `SELECT agent_name AS agent, count(*) FILTER (WHERE team_state IN ('failure', 'error')) AS failed, count(*) AS total
         FROM calllog.calls c WHERE ${inDay} GROUP BY agent_name
         HAVING count(*) FILTER (WHERE team_state IN ('failure', 'error')) > 0 ORDER BY 2 DESC, 1 LIMIT 50`,
        span,
      ),
      this.db.query<{ reason: string; n: string }>(
        `SELECT coalesce(nullif(team_reason, ''), 'No reason given') AS reason, count(*) AS n
         FROM calllog.calls c WHERE ${inDay} AND team_state IN ('failure', 'error') GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50`,
        span,
      ),
    ]);
    const h = Array.from({ length: 24 }, (_, hour) => ({ hour, success: 0, failure: 0, error: 0, pending: 0 }));
    for (const r of hours.rows) {
      const bucket = h[r.hour]!;
      if (r.state === 'success' || r.state === 'failure' || r.state === 'error') bucket[r.state] += Number(r.n);
      else bucket.pending += Number(r.n);
    }
    const t = totals.rows[0]!;
    return {
      totals: { logged: Number(t.logged), delivered: Number(t.delivered), failed: Number(t.failed), waiting: Number(waiting.rows[0]!.n) },
      hours: h,
      failuresByAgent: byAgent.rows.map((r) => ({ agent: r.agent, failed: Number(r.failed), total: Number(r.total) })),
      failuresByReason: byReason.rows.map((r) => ({ reason: r.reason, count: Number(r.n) })),
    };
  }

  /** The team's calls matching the filters as CSV (the export's columns, then which desktop logged each). */
  async exportCsv(q: Filters): Promise<{ csv: string; rows: number }> {
    const { where, params } = teamWhere(q);
    const r = await this.db.query<{ payload: CallLogPayload; request_id: string | null; state: string; status_reason: string | null; created_at: string; first_sent_at: string | null; accepted_at: string | null; final_at: string | null; desktop_name: string }>(
      `SELECT c.payload, c.request_id, c.team_state AS state, c.team_reason AS status_reason, ${ms('c.created_at')} AS created_at,
         (SELECT ${ms('min(t.at)')} FROM calllog.call_transitions t WHERE t.desktop_id = c.desktop_id AND t.call_id = c.id AND t.to_state = 'sending') AS first_sent_at,
         ${ms('c.accepted_at')} AS accepted_at, ${ms('c.final_at')} AS final_at, coalesce(d.name, c.desktop_id) AS desktop_name
       FROM calllog.calls c LEFT JOIN calllog.desktops d ON d.desktop_id = c.desktop_id ${where}
       ORDER BY c.created_at, c.desktop_id, c.id`,
      params,
    );
    const num = (v: string | null) => (v === null ? null : Number(v));
    const data = r.rows.map((x) => [
      ...exportRow({ ...x, created_at: Number(x.created_at), first_sent_at: num(x.first_sent_at), accepted_at: num(x.accepted_at), final_at: num(x.final_at) }),
      neutraliseCell(x.desktop_name),
    ]);
    return { csv: Papa.unparse({ fields: [...EXPORT_FIELDS, 'Desktop'], data }), rows: r.rows.length };
  }
}
