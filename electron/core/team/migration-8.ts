// Team schema step 8 (in its own file: migrations.ts is long enough). Released
// steps are never edited; a change to anything here is a step 9.
import type { TeamMigration } from './migrations';

/**
 * The columns of calllog.calls a desktop's login may write: what replication
 * copies. The watch_* columns are written only by the watcher's functions
 * (they run as the owner), so no agent's login can turn the failure a watcher
 * found into a success in the supervisor's view. Part of step 8 and of the
 * DBA's grants (dba-sql.ts): changing this list is a new step.
 */
export const DESKTOP_UPDATES_CALLS = [
  'key_fp', 'call_session_id', 'state', 'lead_number', 'lead_digits', 'direction', 'start_time', 'start_at',
  'agent_name', 'notes', 'request_id', 'status_reason', 'last_error', 'attempts', 'status_checks', 'payload',
  'updated_at', 'accepted_at', 'final_at', 'rev', 'replicated_at',
] as const;
export const DESKTOP_INSERTS_CALLS = ['desktop_id', 'id', 'source', 'created_at', ...DESKTOP_UPDATES_CALLS] as const;

const FOLLOWED_OR_FINAL = `('accepted', 'in_queue', 'success', 'failure', 'error')`;

export const MIGRATION_8: TeamMigration = {
  version: 8,
  name: 'a watch belongs to its RequestID and to the watcher alone; an agent once on the Dashboard; an instance id',
  // Retry and Edit and resend send the same call again under a new RequestID. What a
  // watcher learnt about the old one must then stop counting: the team would see the old
  // failure, no watcher would follow the new send, and the owner, restarted while it is in
  // flight, would adopt the old failure (and the agent send the call a third time). And
  // only the watcher's functions write the watch columns; and the Dashboard counts an agent
  // once however the name was typed, as the agent filter does; and the database knows itself
  // apart from one made again under the same name (a desktop then copies all its calls again).
  sql: `
ALTER TABLE calllog.calls ADD COLUMN watch_request_id text;

-- Watches recorded before this step: a call resent after its owner adopted the watcher's
-- outcome (a change of state after the adoption's), or one whose outcome is older than the
-- call's current acceptance (a resend the adoption never saw), has nothing to do with it any
-- more; any other belongs to the call's RequestID.
UPDATE calllog.calls c SET watch_by = NULL, watch_lease_until = NULL, watch_next_at = NULL, watch_checks = 0,
    watched_state = NULL, watched_reason = NULL, watched_at = NULL
  WHERE (c.watch_by IS NOT NULL OR c.watched_state IS NOT NULL) AND (c.watched_at < c.accepted_at OR EXISTS (
    SELECT 1 FROM calllog.call_transitions a JOIN calllog.call_transitions l
      ON l.desktop_id = a.desktop_id AND l.call_id = a.call_id AND l.seq > a.seq
    WHERE a.desktop_id = c.desktop_id AND a.call_id = c.id AND a.note LIKE 'Followed by %'
      AND l.to_state NOT IN ('success', 'failure', 'error')));
UPDATE calllog.calls SET watch_request_id = request_id WHERE watch_by IS NOT NULL OR watched_state IS NOT NULL;

-- On every write, whoever makes it: the watch columns describe the call's current RequestID
-- while LeadSquared has it, or nothing. A resend (a new RequestID, or none yet) clears them,
-- so the team sees the new send and a watcher may follow it; the owner's own copies of the
-- same RequestID keep them until it has adopted the outcome.
CREATE FUNCTION calllog.watch_follows_request() RETURNS trigger
LANGUAGE plpgsql SET search_path = calllog, pg_temp AS $fn$
BEGIN
  NEW.watch_by := NULL; NEW.watch_lease_until := NULL; NEW.watch_next_at := NULL; NEW.watch_checks := 0;
  NEW.watched_state := NULL; NEW.watched_reason := NULL; NEW.watched_at := NULL; NEW.watch_request_id := NULL;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER calls_watch_follows_request BEFORE UPDATE ON calllog.calls FOR EACH ROW
  WHEN (NEW.watch_request_id IS NOT NULL
        AND (NEW.watch_request_id IS DISTINCT FROM NEW.request_id OR NEW.state NOT IN ${FOLLOWED_OR_FINAL}))
  EXECUTE FUNCTION calllog.watch_follows_request();

-- ".v3": desktops of an older version hold the old lock and claim nothing (they would record
-- without saying which RequestID they checked); newer desktops watch meanwhile.
CREATE OR REPLACE FUNCTION calllog.watching(p_key text, p_me text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT EXISTS (SELECT 1 FROM desktops WHERE desktop_id = p_me AND owner_role = session_user)
     AND EXISTS (SELECT 1 FROM pg_locks l
                 WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid() AND l.granted AND l.objsubid = 1
                   AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('calllog.watcher.v3:' || p_key, 0));
$fn$;

CREATE OR REPLACE FUNCTION calllog.claim_orphans(p_key text, p_me text, p_stale_ms integer, p_lease_ms integer, p_limit integer)
RETURNS TABLE (desktop_id text, id bigint, request_id text, watch_checks integer)
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  UPDATE calls c SET watch_by = p_me, watch_lease_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0),
    watch_request_id = c.request_id
  FROM (
    SELECT c2.desktop_id, c2.id FROM calls c2 JOIN desktops d ON d.desktop_id = c2.desktop_id
    WHERE c2.key_fp = p_key AND c2.state IN ('accepted', 'in_queue') AND c2.watched_state IS NULL
      AND c2.request_id IS NOT NULL AND c2.desktop_id <> p_me
      AND d.seen_at < clock_timestamp() - make_interval(secs => p_stale_ms / 1000.0)
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

-- What the watcher learnt about p_request_id: recorded only while that is still the call's.
CREATE FUNCTION calllog.record_watch(p_key text, p_me text, p_desktop text, p_id bigint, p_request_id text,
                                     p_final_state text, p_reason text, p_next_ms integer)
RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  WITH recorded AS (
    UPDATE calls SET watch_lease_until = NULL, watch_checks = watch_checks + 1, watched_at = clock_timestamp(),
      watched_state = CASE WHEN p_final_state IN ('success', 'failure', 'error') THEN p_final_state END,
      watched_reason = CASE WHEN p_final_state IN ('success', 'failure', 'error') THEN left(p_reason, 1000) END,
      watch_next_at = clock_timestamp() + make_interval(secs => greatest(p_next_ms, 0) / 1000.0)
    WHERE desktop_id = p_desktop AND id = p_id AND watch_by = p_me AND watch_lease_until IS NOT NULL
      AND request_id = p_request_id AND watch_request_id = p_request_id
      AND state IN ('accepted', 'in_queue') AND calllog.watching(p_key, p_me)
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM recorded);
$fn$;

-- Kept for desktops of an older version, which check that it exists; they claim nothing now.
CREATE OR REPLACE FUNCTION calllog.record_watch(p_key text, p_me text, p_desktop text, p_id bigint, p_final_state text, p_reason text, p_next_ms integer)
RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT false;
$fn$;

-- A desktop's login writes only what replication copies (see DESKTOP_UPDATES_CALLS). Grants
-- made before this step were for the whole table: they become the same for these columns.
DO $do$
DECLARE
  g record;
  who text;
BEGIN
  FOR g IN SELECT DISTINCT a.grantee, a.privilege_type FROM pg_class t, aclexplode(t.relacl) a
           WHERE t.oid = 'calllog.calls'::regclass AND a.privilege_type IN ('INSERT', 'UPDATE') AND a.grantee <> t.relowner
  LOOP
    who := CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE g.grantee::regrole::text END;
    EXECUTE format('REVOKE %s ON calllog.calls FROM %s', g.privilege_type, who);
    EXECUTE format('GRANT %s (%s) ON calllog.calls TO %s', g.privilege_type,
      CASE g.privilege_type WHEN 'INSERT' THEN '${DESKTOP_INSERTS_CALLS.join(', ')}'
        ELSE '${DESKTOP_UPDATES_CALLS.join(', ')}' END, who);
  END LOOP;
END
$do$;

-- The Dashboard's failures by agent, one row per agent however the name was typed (as the agent
-- filter and its list count them), under the spelling most of the day's calls carry.
CREATE OR REPLACE FUNCTION calllog.team_day(p_from timestamptz, p_to timestamptz)
RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  WITH mine AS (SELECT calllog.reads_team(session_user) AS all_calls),
  day AS (
    SELECT c.team_state, c.agent_name, c.team_reason, c.created_at FROM calls c, mine
    WHERE c.created_at BETWEEN p_from AND p_to AND (mine.all_calls OR c.owner_role = session_user)
  )
  SELECT jsonb_build_object(
    'logged', (SELECT count(*) FROM day),
    'delivered', (SELECT count(*) FROM day WHERE team_state = 'success'),
    'failed', (SELECT count(*) FROM day WHERE team_state IN ('failure', 'error')),
    'waiting', (SELECT count(*) FROM calls c, mine WHERE c.team_state IN ('queued', 'sending', 'retry_wait', 'needs_key',
                  'needs_setup', 'paused', 'accepted', 'in_queue') AND (mine.all_calls OR c.owner_role = session_user)),
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

-- The agent filter's list leaves out calls logged with no agent name: picking that entry
-- would read as "All agents".
CREATE OR REPLACE FUNCTION calllog.team_agents()
RETURNS TABLE (agent_name text, calls bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT (array_agg(a.agent_name ORDER BY a.calls DESC, a.agent_name))[1], sum(a.calls)::bigint
  FROM agents a WHERE a.calls > 0 AND btrim(a.agent_name) <> '' AND calllog.reads_team(session_user)
  GROUP BY lower(a.agent_name)
  UNION ALL
  SELECT mode() WITHIN GROUP (ORDER BY c.agent_name), count(*) FROM calls c
  WHERE NOT calllog.reads_team(session_user) AND c.owner_role = session_user AND btrim(c.agent_name) <> ''
  GROUP BY lower(c.agent_name)
  ORDER BY 1;
$fn$;

-- This database's identity, made once: a database dropped and made again under the same name,
-- or a schema dropped and made again, gets a new one, and each desktop then copies all its
-- calls again instead of trusting what it marked as copied.
CREATE TABLE calllog.instance (
  one        boolean PRIMARY KEY DEFAULT true CHECK (one),
  id         text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
INSERT INTO calllog.instance (id) VALUES (gen_random_uuid()::text);
CREATE FUNCTION calllog.instance_id() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT id FROM instance;
$fn$;

REVOKE ALL ON FUNCTION calllog.watch_follows_request(),
  calllog.record_watch(text, text, text, bigint, text, text, text, integer), calllog.instance_id() FROM PUBLIC;
`,
};
