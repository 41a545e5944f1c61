// Team schema step 14: the team's history without test calls, so a supervisor's
// click on a Dashboard figure (Failed, a row of its failures, Waiting now) lists
// exactly the calls it counted: team_day leaves test calls out of every figure.
// Released steps are never edited; a change to anything here is a step 15.
import type { TeamMigration } from './migrations';
import { TEST_SQL } from './migration-9';

/** TEST_SQL inside a string literal: team_filter's clause, and the query EXECUTE format(…) runs. */
const TEST_IN_LITERAL = TEST_SQL.replace(/'/g, "''");

/** The filters each of this step's functions takes: step 12's, in its order, then whether test calls are left out. */
const FILTERS = `p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
  p_from timestamptz, p_to timestamptz, p_reason text, p_logged_from timestamptz, p_logged_to timestamptz, p_exclude_test boolean`;
/** This step's WHERE, with $1 to $11 for the filters' values (VALUES). */
const WHERE = `team_filter(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, p_reason,
                p_logged_from, p_logged_to, p_exclude_test)`;
/** $1 to $11 of the WHERE, in step 12's order; a query's own values ($12 on) follow. */
const VALUES = `p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, session_user::text, p_reason,
        p_logged_from, p_logged_to`;

export const MIGRATION_14: TeamMigration = {
  version: 14,
  name: 'the team’s history without test calls',
  // New overloads beside step 12's, which a desktop still on the previous version keeps calling
  // while the floor updates. Leaving test calls out needs no value of its own in the query (the
  // clause is TEST_SQL, as team_day has it), so the queries take step 12's values, in its order.
  // No index: test calls are few beside the account's, and each link's other filters (a state and
  // the day logged) are served by step 12's indexes as before.
  sql: `
CREATE FUNCTION calllog.team_filter(${FILTERS})
RETURNS text
LANGUAGE sql STABLE SET search_path = calllog, pg_temp AS $fn$
  SELECT team_filter(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, p_reason, p_logged_from, p_logged_to)
    || CASE WHEN p_exclude_test THEN ' AND NOT ${TEST_IN_LITERAL}' ELSE '' END;
$fn$;

CREATE FUNCTION calllog.team_list(${FILTERS},
  p_limit integer, p_offset integer)
RETURNS TABLE (desktop_id text, id bigint, desktop_name text, call_session_id text, state text, request_id text,
               lead_number text, direction text, start_time text, agent_name text, status_reason text, last_error text,
               created_at timestamptz, updated_at timestamptz, test boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
BEGIN
  RETURN QUERY EXECUTE format(
    'SELECT c.desktop_id, c.id, coalesce(d.name, c.desktop_id), c.call_session_id, c.team_state, c.request_id,
       c.lead_number, c.direction, c.start_time, c.agent_name, c.team_reason, c.last_error, c.created_at,
       greatest(c.updated_at, coalesce(c.watched_at, c.updated_at)), ${TEST_IN_LITERAL}
     FROM calls c LEFT JOIN desktops d ON d.desktop_id = c.desktop_id %s
     ORDER BY c.created_at DESC, c.desktop_id, c.id LIMIT $12 OFFSET $13',
    ${WHERE})
  USING ${VALUES}, least(greatest(p_limit, 0), 500), greatest(p_offset, 0);
END
$fn$;

-- With test calls, step 12's count (and through it the shortcuts of the steps before it).
CREATE FUNCTION calllog.team_count(${FILTERS},
  p_cap integer)
RETURNS TABLE (n bigint, exact boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp SET work_mem = '32MB' AS $fn$
DECLARE
  counted bigint;
BEGIN
  IF NOT coalesce(p_exclude_test, false) THEN
    RETURN QUERY SELECT * FROM team_count(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, p_reason,
                                          p_logged_from, p_logged_to, p_cap);
    RETURN;
  END IF;
  EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM calls c %s LIMIT $12) x',
    ${WHERE})
  INTO counted USING ${VALUES}, p_cap;
  RETURN QUERY SELECT counted, counted < p_cap;
END
$fn$;

CREATE FUNCTION calllog.team_export(${FILTERS})
RETURNS TABLE (payload jsonb, request_id text, state text, status_reason text, created_at timestamptz,
               first_sent_at timestamptz, accepted_at timestamptz, final_at timestamptz, desktop_name text, test boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
BEGIN
  RETURN QUERY EXECUTE format(
    'SELECT c.payload, c.request_id, c.team_state, c.team_reason, c.created_at,
       (SELECT min(t.at) FROM call_transitions t WHERE t.desktop_id = c.desktop_id AND t.call_id = c.id AND t.to_state = ''sending''),
       c.accepted_at, c.final_at, coalesce(d.name, c.desktop_id), ${TEST_IN_LITERAL}
     FROM calls c LEFT JOIN desktops d ON d.desktop_id = c.desktop_id %s
     ORDER BY c.created_at, c.desktop_id, c.id',
    ${WHERE})
  USING ${VALUES};
END
$fn$;
`,
};
