// Team schema step 9: test calls and calls moved to a new PC, as the team sees
// them. Released steps are never edited; a change to anything here is a step 10.
import { DESKTOP_INSERTS_CALLS, DESKTOP_UPDATES_CALLS } from './migration-8';
import type { TeamMigration } from './migrations';

/** The columns of calllog.calls a desktop's login may write from step 9 on (the DBA's grants, dba-sql.ts). */
export const DESKTOP_UPDATES_CALLS_9 = [...DESKTOP_UPDATES_CALLS, 'target'] as const;
export const DESKTOP_INSERTS_CALLS_9 = [...DESKTOP_INSERTS_CALLS, 'target'] as const;

// Exporting a call to a new PC (transfer.ts) pauses it on the old desktop, and both desktops copy
// it: the same CallSessionId, paused on one desktop and live on another. Worked out as the team
// reads, not stored, so it holds whichever desktop copies first and needs no write to a row that
// belongs to another login.
const MOVED_AWAY = `EXISTS (SELECT 1 FROM calls l WHERE l.call_session_id = c.call_session_id AND l.desktop_id <> c.desktop_id AND l.state <> 'paused')`;
const MOVED = `(c.team_state = 'paused' AND ${MOVED_AWAY})`;
export const NOT_MOVED = `(c.team_state <> 'paused' OR NOT ${MOVED_AWAY})`;
/** A test call (logged with the built-in sandbox), as every read of the team's calls says. */
export const TEST_SQL = `coalesce(c.target = 'sandbox', false)`;
const TEST = TEST_SQL;
/** SQL inside a string literal: the query EXECUTE format(…) runs, team_filter's clauses. */
const inLiteral = (sql: string) => sql.replace(/'/g, "''");

export const MIGRATION_9: TeamMigration = {
  version: 9,
  name: 'test calls marked; a call moved to a new PC counted once',
  // A call logged with the built-in sandbox never goes to LeadSquared: the team's history marks it
  // Test and the Dashboard leaves it out of the account's figures. The key fingerprint cannot say
  // so (an account call waiting for its key has none either), so each call carries its target.
  // And a call its agent took to a new PC is shown and counted once, where it is live.
  sql: `
-- NULL: copied by a version before this step; each desktop copies its calls again once updated.
ALTER TABLE calllog.calls ADD COLUMN target text CHECK (target IN ('sandbox', 'leadsquared'));
CREATE INDEX calls_by_session ON calllog.calls (call_session_id);

-- Whoever may write a call's state may write its target (the grants made as of step 8, per column).
DO $do$
DECLARE
  g record;
BEGIN
  FOR g IN SELECT DISTINCT a.grantee, a.privilege_type FROM pg_attribute t, aclexplode(t.attacl) a
           WHERE t.attrelid = 'calllog.calls'::regclass AND t.attname = 'state' AND a.privilege_type IN ('INSERT', 'UPDATE')
  LOOP
    EXECUTE format('GRANT %s (target) ON calllog.calls TO %s', g.privilege_type,
      CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE g.grantee::regrole::text END);
  END LOOP;
END
$do$;

-- Every read of the team's calls leaves out a paused copy of a call live on another desktop.
CREATE OR REPLACE FUNCTION calllog.team_filter(p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
                                    p_from timestamptz, p_to timestamptz)
RETURNS text
LANGUAGE plpgsql STABLE SET search_path = calllog, pg_temp AS $fn$
DECLARE
  w text[] := ARRAY['${inLiteral(NOT_MOVED)}']::text[];
BEGIN
  IF p_like IS NOT NULL THEN
    w := array_append(w, CASE WHEN p_like_digits IS NOT NULL THEN '(c.search LIKE $1 OR c.search LIKE $2)' ELSE 'c.search LIKE $1' END);
  END IF;
  IF p_states IS NOT NULL THEN w := array_append(w, 'c.team_state = ANY($3)'); END IF;
  IF p_agent IS NOT NULL THEN w := array_append(w, 'lower(c.agent_name) = lower($4)'); END IF;
  IF p_direction IS NOT NULL THEN w := array_append(w, 'c.direction = $5'); END IF;
  IF p_from IS NOT NULL THEN w := array_append(w, 'c.start_at >= $6'); END IF;
  IF p_to IS NOT NULL THEN w := array_append(w, 'c.start_at <= $7'); END IF;
  IF NOT calllog.reads_team(session_user) THEN w := array_append(w, 'c.owner_role = $8'); END IF;
  RETURN 'WHERE ' || array_to_string(w, ' AND ');
END
$fn$;

DROP FUNCTION calllog.team_list(text, text, text[], text, text, timestamptz, timestamptz, integer, integer);
CREATE FUNCTION calllog.team_list(p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
                                  p_from timestamptz, p_to timestamptz, p_limit integer, p_offset integer)
RETURNS TABLE (desktop_id text, id bigint, desktop_name text, call_session_id text, state text, request_id text,
               lead_number text, direction text, start_time text, agent_name text, status_reason text, last_error text,
               created_at timestamptz, updated_at timestamptz, test boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
BEGIN
  RETURN QUERY EXECUTE format(
    'SELECT c.desktop_id, c.id, coalesce(d.name, c.desktop_id), c.call_session_id, c.team_state, c.request_id,
       c.lead_number, c.direction, c.start_time, c.agent_name, c.team_reason, c.last_error, c.created_at,
       greatest(c.updated_at, coalesce(c.watched_at, c.updated_at)), ${inLiteral(TEST)}
     FROM calls c LEFT JOIN desktops d ON d.desktop_id = c.desktop_id %s
     ORDER BY c.created_at DESC, c.desktop_id, c.id LIMIT $9 OFFSET $10',
    team_filter(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to))
  USING p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, session_user::text,
        least(greatest(p_limit, 0), 500), greatest(p_offset, 0);
END
$fn$;

-- Unfiltered, the trigger's count less the moved copies (few: paused calls only).
CREATE OR REPLACE FUNCTION calllog.team_count(p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
                                   p_from timestamptz, p_to timestamptz, p_cap integer)
RETURNS TABLE (n bigint, exact boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp SET work_mem = '32MB' AS $fn$
DECLARE
  counted bigint;
BEGIN
  IF p_like IS NULL AND p_states IS NULL AND p_direction IS NULL AND p_from IS NULL AND p_to IS NULL
     AND calllog.reads_team(session_user) THEN
    RETURN QUERY SELECT (coalesce((SELECT sum(a.calls) FROM agents a WHERE p_agent IS NULL OR lower(a.agent_name) = lower(p_agent)), 0)
      - (SELECT count(*) FROM calls c WHERE ${MOVED} AND (p_agent IS NULL OR lower(c.agent_name) = lower(p_agent))))::bigint, true;
    RETURN;
  END IF;
  EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM calls c %s LIMIT $9) x',
    team_filter(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to))
  INTO counted USING p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, session_user::text, p_cap;
  RETURN QUERY SELECT counted, counted < p_cap;
END
$fn$;

-- A call's details also say where it moved to (a paused copy) or from (the live one).
DROP FUNCTION calllog.team_call(text, bigint);
CREATE FUNCTION calllog.team_call(p_desktop text, p_id bigint)
RETURNS TABLE (desktop_id text, id bigint, desktop_name text, call_session_id text, state text, request_id text,
               lead_number text, direction text, start_time text, agent_name text, status_reason text, last_error text,
               created_at timestamptz, updated_at timestamptz, payload jsonb, source text, attempts integer,
               status_checks integer, seen_at timestamptz, online boolean, watcher text, test boolean,
               moved_to text, moved_from text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT c.desktop_id, c.id, coalesce(d.name, c.desktop_id), c.call_session_id, c.team_state, c.request_id,
    c.lead_number, c.direction, c.start_time, c.agent_name, c.team_reason, c.last_error, c.created_at,
    greatest(c.updated_at, coalesce(c.watched_at, c.updated_at)), c.payload, c.source, c.attempts, c.status_checks,
    d.seen_at, coalesce(d.seen_at > clock_timestamp() - interval '60 seconds', false),
    (SELECT w.name FROM desktops w WHERE w.desktop_id = c.watch_by), ${TEST},
    CASE WHEN c.team_state = 'paused' THEN
      (SELECT coalesce(o.name, l.desktop_id) FROM calls l LEFT JOIN desktops o ON o.desktop_id = l.desktop_id
       WHERE l.call_session_id = c.call_session_id AND l.desktop_id <> c.desktop_id AND l.state <> 'paused'
       ORDER BY l.created_at DESC LIMIT 1) END,
    CASE WHEN c.team_state <> 'paused' THEN
      (SELECT string_agg(coalesce(o.name, p.desktop_id), ', ' ORDER BY p.created_at) FROM calls p LEFT JOIN desktops o ON o.desktop_id = p.desktop_id
       WHERE p.call_session_id = c.call_session_id AND p.desktop_id <> c.desktop_id AND p.state = 'paused') END
  FROM calls c LEFT JOIN desktops d ON d.desktop_id = c.desktop_id
  WHERE c.desktop_id = p_desktop AND c.id = p_id AND (calllog.reads_team(session_user) OR c.owner_role = session_user);
$fn$;

CREATE OR REPLACE FUNCTION calllog.team_agents()
RETURNS TABLE (agent_name text, calls bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  WITH moved AS (
    SELECT lower(c.agent_name) AS agent, count(*) AS n FROM calls c WHERE ${MOVED} GROUP BY 1
  ), team AS (
    SELECT lower(a.agent_name) AS agent, (array_agg(a.agent_name ORDER BY a.calls DESC, a.agent_name))[1] AS agent_name, sum(a.calls) AS calls
    FROM agents a WHERE a.calls > 0 AND btrim(a.agent_name) <> '' AND calllog.reads_team(session_user)
    GROUP BY 1
  )
  SELECT t.agent_name, (t.calls - coalesce(m.n, 0))::bigint FROM team t LEFT JOIN moved m USING (agent)
  WHERE t.calls - coalesce(m.n, 0) > 0
  UNION ALL
  SELECT mode() WITHIN GROUP (ORDER BY c.agent_name), count(*) FROM calls c
  WHERE NOT calllog.reads_team(session_user) AND c.owner_role = session_user AND btrim(c.agent_name) <> '' AND ${NOT_MOVED}
  GROUP BY lower(c.agent_name)
  ORDER BY 1;
$fn$;

-- The day's figures are the account's: test calls are counted apart (testCalls), moved copies not at all.
CREATE OR REPLACE FUNCTION calllog.team_day(p_from timestamptz, p_to timestamptz)
RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  WITH mine AS (SELECT calllog.reads_team(session_user) AS all_calls),
  logged AS (
    SELECT c.team_state, c.agent_name, c.team_reason, c.created_at, ${TEST} AS test FROM calls c, mine
    WHERE c.created_at BETWEEN p_from AND p_to AND (mine.all_calls OR c.owner_role = session_user) AND ${NOT_MOVED}
  ),
  day AS (SELECT * FROM logged WHERE NOT test)
  SELECT jsonb_build_object(
    'logged', (SELECT count(*) FROM day),
    'delivered', (SELECT count(*) FROM day WHERE team_state = 'success'),
    'failed', (SELECT count(*) FROM day WHERE team_state IN ('failure', 'error')),
    'waiting', (SELECT count(*) FROM calls c, mine WHERE c.team_state IN ('queued', 'sending', 'retry_wait', 'needs_key',
                  'needs_setup', 'paused', 'accepted', 'in_queue') AND (mine.all_calls OR c.owner_role = session_user)
                  AND NOT ${TEST} AND ${NOT_MOVED}),
    'testCalls', (SELECT count(*) FROM logged WHERE test),
    'hours', (SELECT coalesce(jsonb_agg(jsonb_build_object('hour', h, 'state', team_state, 'n', n)), '[]'::jsonb) FROM (
                SELECT least(23, floor(extract(epoch FROM created_at - p_from) / 3600))::int AS h, team_state, count(*) AS n
                FROM day GROUP BY 1, 2) x),
    'byAgent', (SELECT coalesce(jsonb_agg(jsonb_build_object('agent', agent_name, 'failed', failed, 'total', total)
                  ORDER BY failed DESC, agent_name), '[]'::jsonb) FROM (
                SELECT mode() WITHIN GROUP (ORDER BY agent_name) AS agent_name,
                  count(*) FILTER (WHERE team_state IN ('failure', 'error')) AS failed, count(*) AS total
                FROM day GROUP BY lower(agent_name) HAVING count(*) FILTER (WHERE team_state IN ('failure', 'error')) > 0
                ORDER BY 2 DESC, 1 LIMIT 50) x),
    'byReason', (SELECT coalesce(jsonb_agg(jsonb_build_object('reason', reason, 'count', n) ORDER BY n DESC, reason), '[]'::jsonb) FROM (
                SELECT coalesce(nullif(team_reason, ''), 'No reason given') AS reason, count(*) AS n
                FROM day WHERE team_state IN ('failure', 'error') GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50) x));
$fn$;

DROP FUNCTION calllog.team_export(text, text, text[], text, text, timestamptz, timestamptz);
CREATE FUNCTION calllog.team_export(p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
                                    p_from timestamptz, p_to timestamptz)
RETURNS TABLE (payload jsonb, request_id text, state text, status_reason text, created_at timestamptz,
               first_sent_at timestamptz, accepted_at timestamptz, final_at timestamptz, desktop_name text, test boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
BEGIN
  RETURN QUERY EXECUTE format(
    'SELECT c.payload, c.request_id, c.team_state, c.team_reason, c.created_at,
       (SELECT min(t.at) FROM call_transitions t WHERE t.desktop_id = c.desktop_id AND t.call_id = c.id AND t.to_state = ''sending''),
       c.accepted_at, c.final_at, coalesce(d.name, c.desktop_id), ${inLiteral(TEST)}
     FROM calls c LEFT JOIN desktops d ON d.desktop_id = c.desktop_id %s
     ORDER BY c.created_at, c.desktop_id, c.id',
    team_filter(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to))
  USING p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, session_user::text;
END
$fn$;
`,
};

