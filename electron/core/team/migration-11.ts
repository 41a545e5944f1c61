// Team schema step 11: the team's history filtered by a failure's reason, so a
// supervisor's click on a reason in the Dashboard lists exactly those calls.
// And step 10's logged_elsewhere asked without a key no longer answers an
// agent's login of other accounts' calls.
// Released steps are never edited; a change to anything here is a step 12.
import type { TeamMigration } from './migrations';
import { TEST_SQL } from './migration-9';

/** SQL inside a string literal: the query EXECUTE format(…) runs. */
const inLiteral = (sql: string) => sql.replace(/'/g, "''");

export const MIGRATION_11: TeamMigration = {
  version: 11,
  name: 'the team’s history filtered by a failure’s reason',
  // New overloads beside step 9's: a desktop still on the previous version keeps calling those
  // while the floor updates. The reason is compared whole with what the Dashboard groups by
  // (team_reason). Without an index of its own, a million calls' failed ones (~37,000) were all
  // read to find one reason's: ~100 ms for the page and again for its count; with this one (only
  // the calls that have a reason, a few MB), ~5 ms each.
  sql: `
CREATE INDEX calls_by_reason ON calllog.calls (team_reason, created_at DESC) WHERE team_reason IS NOT NULL;

CREATE FUNCTION calllog.team_filter(p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
                                    p_from timestamptz, p_to timestamptz, p_reason text)
RETURNS text
LANGUAGE sql STABLE SET search_path = calllog, pg_temp AS $fn$
  SELECT team_filter(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to)
    || CASE WHEN p_reason IS NOT NULL THEN ' AND c.team_reason = $9' ELSE '' END;
$fn$;

CREATE FUNCTION calllog.team_list(p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
                                  p_from timestamptz, p_to timestamptz, p_reason text, p_limit integer, p_offset integer)
RETURNS TABLE (desktop_id text, id bigint, desktop_name text, call_session_id text, state text, request_id text,
               lead_number text, direction text, start_time text, agent_name text, status_reason text, last_error text,
               created_at timestamptz, updated_at timestamptz, test boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
BEGIN
  RETURN QUERY EXECUTE format(
    'SELECT c.desktop_id, c.id, coalesce(d.name, c.desktop_id), c.call_session_id, c.team_state, c.request_id,
       c.lead_number, c.direction, c.start_time, c.agent_name, c.team_reason, c.last_error, c.created_at,
       greatest(c.updated_at, coalesce(c.watched_at, c.updated_at)), ${inLiteral(TEST_SQL)}
     FROM calls c LEFT JOIN desktops d ON d.desktop_id = c.desktop_id %s
     ORDER BY c.created_at DESC, c.desktop_id, c.id LIMIT $10 OFFSET $11',
    team_filter(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, p_reason))
  USING p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, session_user::text, p_reason,
        least(greatest(p_limit, 0), 500), greatest(p_offset, 0);
END
$fn$;

-- Without a reason, step 9's count (its shortcut for the unfiltered list included).
CREATE FUNCTION calllog.team_count(p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
                                   p_from timestamptz, p_to timestamptz, p_reason text, p_cap integer)
RETURNS TABLE (n bigint, exact boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp SET work_mem = '32MB' AS $fn$
DECLARE
  counted bigint;
BEGIN
  IF p_reason IS NULL THEN
    RETURN QUERY SELECT * FROM team_count(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, p_cap);
    RETURN;
  END IF;
  EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM calls c %s LIMIT $10) x',
    team_filter(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, p_reason))
  INTO counted USING p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, session_user::text, p_reason, p_cap;
  RETURN QUERY SELECT counted, counted < p_cap;
END
$fn$;

CREATE FUNCTION calllog.team_export(p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
                                    p_from timestamptz, p_to timestamptz, p_reason text)
RETURNS TABLE (payload jsonb, request_id text, state text, status_reason text, created_at timestamptz,
               first_sent_at timestamptz, accepted_at timestamptz, final_at timestamptz, desktop_name text, test boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
BEGIN
  RETURN QUERY EXECUTE format(
    'SELECT c.payload, c.request_id, c.team_state, c.team_reason, c.created_at,
       (SELECT min(t.at) FROM call_transitions t WHERE t.desktop_id = c.desktop_id AND t.call_id = c.id AND t.to_state = ''sending''),
       c.accepted_at, c.final_at, coalesce(d.name, c.desktop_id), ${inLiteral(TEST_SQL)}
     FROM calls c LEFT JOIN desktops d ON d.desktop_id = c.desktop_id %s
     ORDER BY c.created_at, c.desktop_id, c.id',
    team_filter(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, p_reason))
  USING p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, session_user::text, p_reason;
END
$fn$;

-- Step 10's, the account's calls only for a login that reads only its own: without a key (p_key
-- NULL) it matched every account's, so an agent's login, asking in SQL with its own credentials,
-- learnt where and how calls of accounts it has no key of were logged. Such a desktop (no key yet)
-- is told of the calls that have no key either; a supervisor's login reads the team's calls anyway.
CREATE OR REPLACE FUNCTION calllog.logged_elsewhere(p_key text, p_me text, p_sessions text[])
RETURNS TABLE (call_session_id text, desktop_name text, state text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT DISTINCT ON (c.call_session_id) c.call_session_id, coalesce(d.name, c.desktop_id), c.team_state
  FROM calls c LEFT JOIN desktops d ON d.desktop_id = c.desktop_id
  WHERE c.call_session_id = ANY(p_sessions[1:50000]) AND c.desktop_id <> p_me
    AND coalesce(c.target, 'leadsquared') = 'leadsquared'
    AND (c.key_fp IS NULL OR c.key_fp = p_key OR (p_key IS NULL AND (SELECT calllog.reads_team(session_user))))
  -- A live copy before a paused one (a call moved to a new PC is where it went).
  ORDER BY c.call_session_id, c.state = 'paused', c.created_at DESC;
$fn$;
`,
};
