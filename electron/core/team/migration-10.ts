// Team schema step 10: a desktop shut down at the end of a shift is followed at
// once, a call's status checks count the watcher's, and an import finds the
// calls another desktop already logged. Released steps are never edited; a
// change to anything here is a step 11.
import type { TeamMigration } from './migrations';
import { TEST_SQL } from './migration-9';

/** The owner is away: silent for p_stale_ms, or signed off (closed normally) and not heard from since. */
const AWAY = `(d.seen_at < clock_timestamp() - make_interval(secs => p_stale_ms / 1000.0) OR d.signed_off_at >= d.seen_at)`;

export const MIGRATION_10: TeamMigration = {
  version: 10,
  name: 'a desktop closed normally is followed at once; the watcher’s status checks counted; calls logged elsewhere found by session',
  // Silence is the only sign of a desktop that crashed or lost power, so a watcher waits
  // minutes before following its calls. A desktop that closes normally says so instead (its
  // last write, after its own checks stopped), and its calls still In-Queue are followed
  // from the watcher's next look. Its next heartbeat (seen_at after signed_off_at) makes it
  // present again, and a renewal then fails as after any return.
  sql: `
ALTER TABLE calllog.desktops ADD COLUMN signed_off_at timestamptz;

CREATE OR REPLACE FUNCTION calllog.claim_orphans(p_key text, p_me text, p_stale_ms integer, p_lease_ms integer, p_limit integer)
RETURNS TABLE (desktop_id text, id bigint, request_id text, watch_checks integer)
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  UPDATE calls c SET watch_by = p_me, watch_lease_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0),
    watch_request_id = c.request_id
  FROM (
    SELECT c2.desktop_id, c2.id FROM calls c2 JOIN desktops d ON d.desktop_id = c2.desktop_id
    WHERE c2.key_fp = p_key AND c2.state IN ('accepted', 'in_queue') AND c2.watched_state IS NULL
      AND c2.request_id IS NOT NULL AND c2.desktop_id <> p_me
      AND ${AWAY}
      AND coalesce(c2.watch_next_at, '-infinity') <= clock_timestamp()
      AND coalesce(c2.watch_lease_until, '-infinity') < clock_timestamp()
      AND calllog.watching(p_key, p_me)
    ORDER BY c2.watch_next_at NULLS FIRST, c2.accepted_at
    LIMIT least(p_limit, 100)
    FOR UPDATE OF c2 SKIP LOCKED
  ) o
  WHERE c.desktop_id = o.desktop_id AND c.id = o.id
  RETURNING c.desktop_id, c.id, c.request_id, c.watch_checks;
$fn$;

CREATE OR REPLACE FUNCTION calllog.renew_watch(p_key text, p_me text, p_desktop text, p_id bigint, p_stale_ms integer, p_lease_ms integer)
RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  WITH away AS (
    SELECT d.desktop_id FROM desktops d
    WHERE d.desktop_id = p_desktop AND ${AWAY}
    FOR SHARE
  ), renewed AS (
    UPDATE calls c SET watch_lease_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0)
    FROM away
    WHERE c.desktop_id = away.desktop_id AND c.id = p_id AND c.watch_by = p_me
      AND c.watch_lease_until > clock_timestamp() AND c.watched_state IS NULL
      AND c.state IN ('accepted', 'in_queue') AND calllog.watching(p_key, p_me)
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM renewed);
$fn$;

-- A call's details: checks by its owner and by a watcher together (the watcher's reset with a
-- resend, as the owner's own count does not), and the owner signed off rather than online.
DROP FUNCTION calllog.team_call(text, bigint);
CREATE FUNCTION calllog.team_call(p_desktop text, p_id bigint)
RETURNS TABLE (desktop_id text, id bigint, desktop_name text, call_session_id text, state text, request_id text,
               lead_number text, direction text, start_time text, agent_name text, status_reason text, last_error text,
               created_at timestamptz, updated_at timestamptz, payload jsonb, source text, attempts integer,
               status_checks integer, seen_at timestamptz, online boolean, watcher text, test boolean,
               moved_to text, moved_from text, signed_off_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT c.desktop_id, c.id, coalesce(d.name, c.desktop_id), c.call_session_id, c.team_state, c.request_id,
    c.lead_number, c.direction, c.start_time, c.agent_name, c.team_reason, c.last_error, c.created_at,
    greatest(c.updated_at, coalesce(c.watched_at, c.updated_at)), c.payload, c.source, c.attempts,
    c.status_checks + c.watch_checks,
    d.seen_at, coalesce(d.seen_at > clock_timestamp() - interval '60 seconds' AND NOT coalesce(d.signed_off_at >= d.seen_at, false), false),
    (SELECT w.name FROM desktops w WHERE w.desktop_id = c.watch_by), ${TEST_SQL},
    CASE WHEN c.team_state = 'paused' THEN
      (SELECT coalesce(o.name, l.desktop_id) FROM calls l LEFT JOIN desktops o ON o.desktop_id = l.desktop_id
       WHERE l.call_session_id = c.call_session_id AND l.desktop_id <> c.desktop_id AND l.state <> 'paused'
       ORDER BY l.created_at DESC LIMIT 1) END,
    CASE WHEN c.team_state <> 'paused' THEN
      (SELECT string_agg(coalesce(o.name, p.desktop_id), ', ' ORDER BY p.created_at) FROM calls p LEFT JOIN desktops o ON o.desktop_id = p.desktop_id
       WHERE p.call_session_id = c.call_session_id AND p.desktop_id <> c.desktop_id AND p.state = 'paused') END,
    CASE WHEN d.signed_off_at >= d.seen_at THEN d.signed_off_at END
  FROM calls c LEFT JOIN desktops d ON d.desktop_id = c.desktop_id
  WHERE c.desktop_id = p_desktop AND c.id = p_id AND (calllog.reads_team(session_user) OR c.owner_role = session_user);
$fn$;

-- Which of these CallSessionIds another desktop of the floor has already logged for the account
-- (p_key; NULL: not known here yet), and where: a CSV import skips them rather than send a call
-- LeadSquared has from there. Test calls (the built-in sandbox) are no account's. An agent's login
-- learns only where IDs it already holds were logged.
CREATE FUNCTION calllog.logged_elsewhere(p_key text, p_me text, p_sessions text[])
RETURNS TABLE (call_session_id text, desktop_name text, state text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT DISTINCT ON (c.call_session_id) c.call_session_id, coalesce(d.name, c.desktop_id), c.team_state
  FROM calls c LEFT JOIN desktops d ON d.desktop_id = c.desktop_id
  WHERE c.call_session_id = ANY(p_sessions[1:50000]) AND c.desktop_id <> p_me
    AND coalesce(c.target, 'leadsquared') = 'leadsquared' AND (p_key IS NULL OR c.key_fp IS NULL OR c.key_fp = p_key)
  -- A live copy before a paused one (a call moved to a new PC is where it went).
  ORDER BY c.call_session_id, c.state = 'paused', c.created_at DESC;
$fn$;

REVOKE ALL ON FUNCTION calllog.logged_elsewhere(text, text, text[]) FROM PUBLIC;
`,
};
