// The team database's schema, in order. Each runs once, in a transaction,
// under an advisory lock so desktops starting together do not race; never edit
// a released migration, add one. docs/team.md prints the same SQL for a DBA
// (scripts/team-sql.ts), with the roles for least privilege.
import { MIGRATION_8 } from './migration-8';
import { MIGRATION_9 } from './migration-9';
import { MIGRATION_10 } from './migration-10';
import { MIGRATION_11 } from './migration-11';
import { MIGRATION_12 } from './migration-12';
import { MIGRATION_13 } from './migration-13';
import { MIGRATION_14 } from './migration-14';
import { MIGRATION_15 } from './migration-15';
import { MIGRATION_16 } from './migration-16';
import { MIGRATION_17 } from './migration-17';

export interface TeamMigration {
  version: number;
  name: string;
  sql: string;
}

export const SCHEMA = 'calllog';

export const TEAM_MIGRATIONS: readonly TeamMigration[] = [
  {
    version: 1,
    name: 'shared rate budget',
    // One window of LeadSquared slots per key for the whole floor, timed by the
    // database's clock (desktops' clocks drift). A key is known by a fingerprint,
    // never the key. Desktops reach the tables only through these functions.
    sql: `
CREATE TABLE calllog.budget_keys (
  key_fp       text PRIMARY KEY,
  -- The floor's limit right now: the documented one, lowered for a while after
  -- 429s caused by someone outside the team spending the same key.
  cap          integer NOT NULL,
  paused_until timestamptz NOT NULL DEFAULT '-infinity',
  last_cut_at  timestamptz NOT NULL DEFAULT '-infinity',
  -- Grants are spread, never fired 25 at once: slots then free one by one, and a call
  -- an agent just logged waits for the next one, not for a whole window's to free together.
  last_grant_at timestamptz NOT NULL DEFAULT '-infinity'
);

-- A slot counts from when it is taken until a window after its request was answered.
CREATE TABLE calllog.budget_slots (
  id          bigserial PRIMARY KEY,
  key_fp      text NOT NULL,
  desktop_id  text NOT NULL,
  class       smallint NOT NULL,
  taken_at    timestamptz NOT NULL,
  done_at     timestamptz,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX budget_slots_by_key ON calllog.budget_slots (key_fp, expires_at);

-- What each desktop has waiting, per class: [agents' calls, status checks, bulk].
CREATE TABLE calllog.budget_demand (
  key_fp     text NOT NULL,
  desktop_id text NOT NULL,
  waiting    integer[] NOT NULL,
  seen_at    timestamptz NOT NULL,
  PRIMARY KEY (key_fp, desktop_id)
);

CREATE FUNCTION calllog.take_slot(p_key text, p_desktop text, p_class integer, p_waiting integer[],
                                  p_limit integer, p_window_ms integer, p_wire_ms integer, p_spacing_ms integer)
RETURNS TABLE (slot_id bigint, wait_ms integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
DECLARE
  now_ts    timestamptz := clock_timestamp();
  k         budget_keys;
  held      integer;
  next_free timestamptz;
  got       bigint;
BEGIN
  IF p_class NOT BETWEEN 0 AND 2 OR p_limit NOT BETWEEN 1 AND 10000 OR p_window_ms NOT BETWEEN 1 AND 3600000
     OR p_wire_ms NOT BETWEEN 0 AND 3600000 OR p_spacing_ms NOT BETWEEN 0 AND 60000 OR cardinality(p_waiting) <> 3 THEN
    RAISE EXCEPTION 'take_slot: bad arguments';
  END IF;
  -- One desktop at a time per key: the window is counted and a slot taken in one step.
  PERFORM pg_advisory_xact_lock(hashtextextended('calllog.budget:' || p_key, 0));
  INSERT INTO budget_keys AS b (key_fp, cap) VALUES (p_key, p_limit) ON CONFLICT (key_fp) DO NOTHING;
  SELECT * INTO k FROM budget_keys WHERE key_fp = p_key;
  IF k.cap < p_limit AND k.last_cut_at < now_ts - interval '30 seconds' THEN
    UPDATE budget_keys SET cap = cap + 1, last_cut_at = now_ts WHERE key_fp = p_key RETURNING * INTO k;
  END IF;
  INSERT INTO budget_demand (key_fp, desktop_id, waiting, seen_at) VALUES (p_key, p_desktop, p_waiting, now_ts)
    ON CONFLICT (key_fp, desktop_id) DO UPDATE SET waiting = excluded.waiting, seen_at = excluded.seen_at;
  IF k.paused_until > now_ts THEN
    RETURN QUERY SELECT NULL::bigint, ceil(extract(epoch FROM k.paused_until - now_ts) * 1000)::integer;
    RETURN;
  END IF;
  IF k.last_grant_at > now_ts - make_interval(secs => p_spacing_ms / 1000.0) THEN
    RETURN QUERY SELECT NULL::bigint,
      greatest(1, ceil(extract(epoch FROM k.last_grant_at + make_interval(secs => p_spacing_ms / 1000.0) - now_ts) * 1000))::integer;
    RETURN;
  END IF;
  DELETE FROM budget_slots WHERE key_fp = p_key AND expires_at <= now_ts;
  SELECT count(*), min(expires_at) FILTER (WHERE done_at IS NOT NULL) INTO held, next_free
    FROM budget_slots WHERE key_fp = p_key;
  IF held < least(k.cap, p_limit) THEN
    -- Better work waiting on another live desktop goes first: an agent's call before
    -- status checks, both before import and catch-up.
    IF NOT EXISTS (SELECT 1 FROM budget_demand d
                   WHERE d.key_fp = p_key AND d.desktop_id <> p_desktop AND d.seen_at > now_ts - interval '3 seconds'
                     AND ((p_class >= 1 AND d.waiting[1] > 0) OR (p_class >= 2 AND d.waiting[2] > 0))) THEN
      INSERT INTO budget_slots (key_fp, desktop_id, class, taken_at, expires_at)
        VALUES (p_key, p_desktop, p_class, now_ts, now_ts + make_interval(secs => (p_wire_ms + p_window_ms) / 1000.0))
        RETURNING id INTO got;
      UPDATE budget_keys SET last_grant_at = now_ts WHERE key_fp = p_key;
      UPDATE budget_demand SET waiting[p_class + 1] = greatest(0, waiting[p_class + 1] - 1)
        WHERE key_fp = p_key AND desktop_id = p_desktop;
      RETURN QUERY SELECT got, 0;
      RETURN;
    END IF;
    -- A slot is free but someone better is about to take it: look again shortly.
    RETURN QUERY SELECT NULL::bigint, 50;
    RETURN;
  END IF;
  RETURN QUERY SELECT NULL::bigint,
    coalesce(greatest(1, ceil(extract(epoch FROM next_free - now_ts) * 1000))::integer, 100);
END
$fn$;

-- The request was answered: the slot counts for one more window from now.
CREATE FUNCTION calllog.finish_slot(p_slot bigint, p_window_ms integer) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  UPDATE budget_slots SET done_at = clock_timestamp(),
    expires_at = clock_timestamp() + make_interval(secs => least(p_window_ms, 3600000) / 1000.0)
  WHERE id = p_slot;
$fn$;

-- Nothing was sent.
CREATE FUNCTION calllog.release_slot(p_slot bigint) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  DELETE FROM budget_slots WHERE id = p_slot;
$fn$;

-- LeadSquared answered 429 although the floor kept to its budget: someone outside
-- the team spends the key. The whole floor waits out Retry-After and, at most once
-- a window, gives up one slot of its limit (won back one per 30 s without a 429).
CREATE FUNCTION calllog.refuse_slot(p_slot bigint, p_retry_after_ms integer, p_window_ms integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
DECLARE
  now_ts timestamptz := clock_timestamp();
  fp     text;
BEGIN
  DELETE FROM budget_slots WHERE id = p_slot RETURNING key_fp INTO fp;
  IF fp IS NULL THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('calllog.budget:' || fp, 0));
  UPDATE budget_keys SET
    paused_until = greatest(paused_until, now_ts + make_interval(secs => least(greatest(p_retry_after_ms, 0), 600000) / 1000.0)),
    cap = CASE WHEN last_cut_at < now_ts - make_interval(secs => p_window_ms / 1000.0) THEN greatest(1, cap - 1) ELSE cap END,
    last_cut_at = now_ts
  WHERE key_fp = fp;
END
$fn$;

-- Slots a desktop took on its own while the database was away: counted for the time they still have.
CREATE FUNCTION calllog.hold_slots(p_key text, p_desktop text, p_expires_in_ms integer[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  INSERT INTO budget_slots (key_fp, desktop_id, class, taken_at, done_at, expires_at)
  SELECT p_key, p_desktop, 2, clock_timestamp(), clock_timestamp(),
         clock_timestamp() + make_interval(secs => least(greatest(ms, 0), 3600000) / 1000.0)
  FROM unnest(p_expires_in_ms) AS ms;
$fn$;

-- Only roles granted it may run these (docs/team.md: calllog_desktop).
REVOKE ALL ON FUNCTION calllog.take_slot(text, text, integer, integer[], integer, integer, integer, integer),
  calllog.finish_slot(bigint, integer), calllog.release_slot(bigint),
  calllog.refuse_slot(bigint, integer, integer), calllog.hold_slots(text, text, integer[]) FROM PUBLIC;
`,
  },
  {
    version: 2,
    name: 'shared queue metrics',
    // LeadSquared's queue metrics, asked by one desktop and read by the others:
    // a floor of 50 asking once a minute each would spend a sixth of the key on it.
    sql: `
CREATE TABLE calllog.queue_metrics (
  key_fp         text PRIMARY KEY,
  metrics        jsonb,
  fetched_at     timestamptz NOT NULL DEFAULT '-infinity',
  -- One desktop asks LeadSquared at a time; the others wait for its answer.
  fetching_until timestamptz NOT NULL DEFAULT '-infinity'
);

-- A fresh snapshot (pending = false), or "another desktop is asking" (pending = true),
-- or neither: then the caller is the one to ask, and the others wait up to 10 s for it.
CREATE FUNCTION calllog.latest_metrics(p_key text, p_max_age_ms integer)
RETURNS TABLE (metrics jsonb, age_ms integer, pending boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
DECLARE
  now_ts timestamptz := clock_timestamp();
  q      queue_metrics;
BEGIN
  INSERT INTO queue_metrics (key_fp) VALUES (p_key) ON CONFLICT (key_fp) DO NOTHING;
  SELECT * INTO q FROM queue_metrics WHERE key_fp = p_key FOR UPDATE;
  IF q.metrics IS NOT NULL AND q.fetched_at > now_ts - make_interval(secs => p_max_age_ms / 1000.0) THEN
    RETURN QUERY SELECT q.metrics, (extract(epoch FROM now_ts - q.fetched_at) * 1000)::integer, false;
  ELSIF q.fetching_until > now_ts THEN
    RETURN QUERY SELECT NULL::jsonb, NULL::integer, true;
  ELSE
    UPDATE queue_metrics SET fetching_until = now_ts + interval '10 seconds' WHERE key_fp = p_key;
    RETURN QUERY SELECT NULL::jsonb, NULL::integer, false;
  END IF;
END
$fn$;

CREATE FUNCTION calllog.save_metrics(p_key text, p_metrics jsonb) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  INSERT INTO queue_metrics (key_fp, metrics, fetched_at) VALUES (p_key, p_metrics, clock_timestamp())
  ON CONFLICT (key_fp) DO UPDATE SET metrics = excluded.metrics, fetched_at = excluded.fetched_at, fetching_until = '-infinity';
$fn$;

REVOKE ALL ON FUNCTION calllog.latest_metrics(text, integer), calllog.save_metrics(text, jsonb) FROM PUBLIC;
`,
  },
  {
    version: 3,
    name: 'team history',
    // Every desktop's calls and their state changes, copied after the local
    // SQLite write. A row belongs to the login that wrote it: row-level security
    // lets a desktop write and read only its own, and members of
    // calllog_supervisor read the team's. The schema's owner (a single-login
    // setup) sees everything. Calls still In-Queue when their desktop went away
    // are followed by one other desktop (watch_*), which records the outcome for
    // the team and for the owner to adopt.
    sql: `
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA calllog;

CREATE TABLE calllog.desktops (
  desktop_id  text PRIMARY KEY,
  owner_role  text NOT NULL DEFAULT current_user,
  name        text NOT NULL,
  agent_name  text NOT NULL DEFAULT '',
  key_fp      text,
  started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  seen_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE calllog.calls (
  desktop_id        text NOT NULL,
  id                bigint NOT NULL,
  owner_role        text NOT NULL DEFAULT current_user,
  key_fp            text,
  call_session_id   text NOT NULL,
  state             text NOT NULL,
  lead_number       text NOT NULL,
  lead_digits       text NOT NULL,
  direction         text NOT NULL,
  start_time        text NOT NULL,
  start_at          timestamptz NOT NULL,
  agent_name        text NOT NULL,
  notes             text NOT NULL,
  request_id        text,
  status_reason     text,
  last_error        text,
  source            text NOT NULL,
  attempts          integer NOT NULL,
  status_checks     integer NOT NULL,
  payload           jsonb NOT NULL,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  accepted_at       timestamptz,
  final_at          timestamptz,
  -- The desktop's own revision of the row: a copy never replaces a newer one.
  rev               bigint NOT NULL,
  replicated_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  watch_by          text,
  watch_lease_until timestamptz,
  watch_next_at     timestamptz,
  watch_checks      integer NOT NULL DEFAULT 0,
  watched_state     text,
  watched_reason    text,
  watched_at        timestamptz,
  -- What the team sees: the watcher's outcome until the owner adopts it.
  team_state        text GENERATED ALWAYS AS (coalesce(watched_state, state)) STORED,
  team_reason       text GENERATED ALWAYS AS (coalesce(watched_reason, status_reason)) STORED,
  search            text GENERATED ALWAYS AS (lower(lead_number || ' ' || lead_digits || ' ' || notes || ' '
                      || coalesce(request_id, '') || ' ' || call_session_id)) STORED,
  PRIMARY KEY (desktop_id, id)
);
CREATE INDEX calls_by_created ON calllog.calls (created_at DESC, desktop_id, id);
CREATE INDEX calls_by_state ON calllog.calls (team_state, created_at DESC);
CREATE INDEX calls_by_agent ON calllog.calls (lower(agent_name), created_at DESC);
-- A day's dashboard reads only this index (totals, hours, failures by agent).
CREATE INDEX calls_by_day ON calllog.calls (created_at) INCLUDE (team_state, agent_name);
CREATE INDEX calls_by_start ON calllog.calls (start_at);
CREATE INDEX calls_search ON calllog.calls USING gin (search calllog.gin_trgm_ops);
CREATE INDEX calls_followed ON calllog.calls (key_fp, watch_next_at) WHERE state IN ('accepted', 'in_queue') AND watched_state IS NULL;

CREATE TABLE calllog.call_transitions (
  desktop_id text NOT NULL,
  seq        bigint NOT NULL,
  call_id    bigint NOT NULL,
  owner_role text NOT NULL DEFAULT current_user,
  at         timestamptz NOT NULL,
  from_state text,
  to_state   text NOT NULL,
  note       text,
  PRIMARY KEY (desktop_id, seq)
);
CREATE INDEX call_transitions_by_call ON calllog.call_transitions (desktop_id, call_id, seq);

-- The team's agents and how many calls each logged, kept as calls arrive (a million rows need no scan).
CREATE TABLE calllog.agents (agent_name text PRIMARY KEY, calls bigint NOT NULL);

CREATE FUNCTION calllog.count_agents() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO agents SELECT agent_name, count(*) FROM new_rows GROUP BY agent_name
      ON CONFLICT (agent_name) DO UPDATE SET calls = agents.calls + excluded.calls;
  ELSE
    UPDATE agents a SET calls = a.calls - o.n FROM (
      SELECT o.agent_name, count(*) AS n FROM old_rows o JOIN new_rows n USING (desktop_id, id)
      WHERE o.agent_name <> n.agent_name GROUP BY o.agent_name) o WHERE a.agent_name = o.agent_name;
    INSERT INTO agents SELECT n.agent_name, count(*) FROM old_rows o JOIN new_rows n USING (desktop_id, id)
      WHERE o.agent_name <> n.agent_name GROUP BY n.agent_name
      ON CONFLICT (agent_name) DO UPDATE SET calls = agents.calls + excluded.calls;
  END IF;
  PERFORM pg_notify('calllog_team', '');
  RETURN NULL;
END
$fn$;
CREATE TRIGGER calls_counted_in AFTER INSERT ON calllog.calls REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calllog.count_agents();
CREATE TRIGGER calls_counted_up AFTER UPDATE ON calllog.calls REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calllog.count_agents();

-- Members of calllog_supervisor (when that role exists) read the team's rows.
CREATE FUNCTION calllog.is_supervisor() RETURNS boolean
LANGUAGE sql STABLE SET search_path = calllog, pg_temp AS $fn$
  SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = 'calllog_supervisor' AND pg_has_role(current_user, r.oid, 'MEMBER'));
$fn$;

ALTER TABLE calllog.calls ENABLE ROW LEVEL SECURITY;
ALTER TABLE calllog.call_transitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE calllog.desktops ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_calls ON calllog.calls USING (owner_role = current_user) WITH CHECK (owner_role = current_user);
CREATE POLICY team_reads_calls ON calllog.calls FOR SELECT USING (calllog.is_supervisor());
CREATE POLICY own_transitions ON calllog.call_transitions USING (owner_role = current_user) WITH CHECK (owner_role = current_user);
CREATE POLICY team_reads_transitions ON calllog.call_transitions FOR SELECT USING (calllog.is_supervisor());
CREATE POLICY own_desktop ON calllog.desktops USING (owner_role = current_user) WITH CHECK (owner_role = current_user);
CREATE POLICY team_reads_desktops ON calllog.desktops FOR SELECT USING (calllog.is_supervisor());

-- The orphan watcher: calls on this key still followed (accepted, In-Queue) whose desktop has
-- not been seen for p_stale_ms, leased to p_me for p_lease_ms so no one else checks them meanwhile.
CREATE FUNCTION calllog.claim_orphans(p_key text, p_me text, p_stale_ms integer, p_lease_ms integer, p_limit integer)
RETURNS TABLE (desktop_id text, id bigint, request_id text, watch_checks integer)
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  UPDATE calls c SET watch_by = p_me, watch_lease_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0)
  FROM (
    SELECT c2.desktop_id, c2.id FROM calls c2 JOIN desktops d ON d.desktop_id = c2.desktop_id
    WHERE c2.key_fp = p_key AND c2.state IN ('accepted', 'in_queue') AND c2.watched_state IS NULL
      AND c2.request_id IS NOT NULL AND c2.desktop_id <> p_me
      AND d.seen_at < clock_timestamp() - make_interval(secs => p_stale_ms / 1000.0)
      AND coalesce(c2.watch_next_at, '-infinity') <= clock_timestamp()
      AND coalesce(c2.watch_lease_until, '-infinity') < clock_timestamp()
    ORDER BY c2.watch_next_at NULLS FIRST, c2.accepted_at
    LIMIT least(p_limit, 100)
    FOR UPDATE OF c2 SKIP LOCKED
  ) o
  WHERE c.desktop_id = o.desktop_id AND c.id = o.id
  RETURNING c.desktop_id, c.id, c.request_id, c.watch_checks;
$fn$;

-- What the watcher learnt: a final outcome for the team and the owner, or when to look again.
CREATE FUNCTION calllog.record_watch(p_me text, p_desktop text, p_id bigint, p_final_state text, p_reason text, p_next_ms integer)
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  UPDATE calls SET watch_lease_until = NULL, watch_checks = watch_checks + 1, watched_at = clock_timestamp(),
    watched_state = CASE WHEN p_final_state IN ('success', 'failure', 'error') THEN p_final_state END,
    watched_reason = CASE WHEN p_final_state IN ('success', 'failure', 'error') THEN left(p_reason, 1000) END,
    watch_next_at = clock_timestamp() + make_interval(secs => greatest(p_next_ms, 0) / 1000.0)
  WHERE desktop_id = p_desktop AND id = p_id AND watch_by = p_me;
$fn$;

-- The watcher's name, for "followed by" (desktop names are otherwise visible to supervisors only).
CREATE FUNCTION calllog.desktop_name(p_desktop text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT name FROM desktops WHERE desktop_id = p_desktop;
$fn$;

-- The team's reads. Row-level security would decide visibility row by row and keep the
-- search index out of a supervisor's queries (LIKE is not leakproof), so reads go through
-- these functions instead: they run as the owner and decide once who may see what (a
-- supervisor or the owner the team's calls, any other login its own).
CREATE FUNCTION calllog.reads_team(p_login name) RETURNS boolean
LANGUAGE sql STABLE SET search_path = calllog, pg_temp AS $fn$
  SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = 'calllog_supervisor' AND pg_has_role(p_login, r.oid, 'MEMBER'))
      OR pg_has_role(p_login, (SELECT nspowner FROM pg_namespace WHERE nspname = 'calllog'), 'MEMBER');
$fn$;

-- The WHERE clause for the filters given (NULL: not filtered); parameters $1..$8 of the callers.
CREATE FUNCTION calllog.team_filter(p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
                                    p_from timestamptz, p_to timestamptz)
RETURNS text
LANGUAGE plpgsql STABLE SET search_path = calllog, pg_temp AS $fn$
DECLARE
  w text[] := ARRAY[]::text[];
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
  RETURN CASE WHEN cardinality(w) = 0 THEN '' ELSE 'WHERE ' || array_to_string(w, ' AND ') END;
END
$fn$;

CREATE FUNCTION calllog.team_list(p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
                                  p_from timestamptz, p_to timestamptz, p_limit integer, p_offset integer)
RETURNS TABLE (desktop_id text, id bigint, desktop_name text, call_session_id text, state text, request_id text,
               lead_number text, direction text, start_time text, agent_name text, status_reason text, last_error text,
               created_at timestamptz, updated_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
BEGIN
  RETURN QUERY EXECUTE format(
    'SELECT c.desktop_id, c.id, coalesce(d.name, c.desktop_id), c.call_session_id, c.team_state, c.request_id,
       c.lead_number, c.direction, c.start_time, c.agent_name, c.team_reason, c.last_error, c.created_at,
       greatest(c.updated_at, coalesce(c.watched_at, c.updated_at))
     FROM calls c LEFT JOIN desktops d ON d.desktop_id = c.desktop_id %s
     ORDER BY c.created_at DESC, c.desktop_id, c.id LIMIT $9 OFFSET $10',
    team_filter(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to))
  USING p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, session_user::text,
        least(greatest(p_limit, 0), 500), greatest(p_offset, 0);
END
$fn$;

-- How many calls match: exactly, or (exact = false) at least p_cap, for a broad search in a
-- million calls need not be counted to the end.
CREATE FUNCTION calllog.team_count(p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
                                   p_from timestamptz, p_to timestamptz, p_cap integer)
RETURNS TABLE (n bigint, exact boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp SET work_mem = '32MB' AS $fn$
DECLARE
  counted bigint;
BEGIN
  IF p_like IS NULL AND p_states IS NULL AND p_agent IS NULL AND p_direction IS NULL AND p_from IS NULL AND p_to IS NULL
     AND calllog.reads_team(session_user) THEN
    -- Everyone's calls, unfiltered: the trigger keeps the count.
    RETURN QUERY SELECT coalesce(sum(a.calls), 0)::bigint, true FROM agents a;
    RETURN;
  END IF;
  EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM calls c %s LIMIT $9) x',
    team_filter(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to))
  INTO counted USING p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, session_user::text, p_cap;
  RETURN QUERY SELECT counted, counted < p_cap;
END
$fn$;

CREATE FUNCTION calllog.team_call(p_desktop text, p_id bigint)
RETURNS TABLE (desktop_id text, id bigint, desktop_name text, call_session_id text, state text, request_id text,
               lead_number text, direction text, start_time text, agent_name text, status_reason text, last_error text,
               created_at timestamptz, updated_at timestamptz, payload jsonb, source text, attempts integer,
               status_checks integer, seen_at timestamptz, online boolean, watcher text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT c.desktop_id, c.id, coalesce(d.name, c.desktop_id), c.call_session_id, c.team_state, c.request_id,
    c.lead_number, c.direction, c.start_time, c.agent_name, c.team_reason, c.last_error, c.created_at,
    greatest(c.updated_at, coalesce(c.watched_at, c.updated_at)), c.payload, c.source, c.attempts, c.status_checks,
    d.seen_at, coalesce(d.seen_at > clock_timestamp() - interval '60 seconds', false),
    (SELECT w.name FROM desktops w WHERE w.desktop_id = c.watch_by)
  FROM calls c LEFT JOIN desktops d ON d.desktop_id = c.desktop_id
  WHERE c.desktop_id = p_desktop AND c.id = p_id AND (calllog.reads_team(session_user) OR c.owner_role = session_user);
$fn$;

CREATE FUNCTION calllog.team_transitions(p_desktop text, p_id bigint)
RETURNS TABLE (at timestamptz, from_state text, to_state text, note text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT t.at, t.from_state, t.to_state, t.note FROM call_transitions t
  WHERE t.desktop_id = p_desktop AND t.call_id = p_id AND (calllog.reads_team(session_user) OR t.owner_role = session_user)
  ORDER BY t.seq;
$fn$;

CREATE FUNCTION calllog.team_agents()
RETURNS TABLE (agent_name text, calls bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT a.agent_name, a.calls FROM agents a WHERE a.calls > 0 AND calllog.reads_team(session_user)
  UNION ALL
  SELECT c.agent_name, count(*) FROM calls c WHERE NOT calllog.reads_team(session_user) AND c.owner_role = session_user
  GROUP BY c.agent_name
  ORDER BY 1;
$fn$;

-- One day of the team's (or, for an agent's login, its own) calls, for the Dashboard.
CREATE FUNCTION calllog.team_day(p_from timestamptz, p_to timestamptz)
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
                SELECT agent_name, count(*) FILTER (WHERE team_state IN ('failure', 'error')) AS failed, count(*) AS total
                FROM day GROUP BY agent_name HAVING count(*) FILTER (WHERE team_state IN ('failure', 'error')) > 0
                ORDER BY 2 DESC, 1 LIMIT 50) x),
    'byReason', (SELECT coalesce(jsonb_agg(jsonb_build_object('reason', reason, 'count', n) ORDER BY n DESC, reason), '[]'::jsonb) FROM (
                SELECT coalesce(nullif(team_reason, ''), 'No reason given') AS reason, count(*) AS n
                FROM day WHERE team_state IN ('failure', 'error') GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50) x));
$fn$;

CREATE FUNCTION calllog.team_export(p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
                                    p_from timestamptz, p_to timestamptz)
RETURNS TABLE (payload jsonb, request_id text, state text, status_reason text, created_at timestamptz,
               first_sent_at timestamptz, accepted_at timestamptz, final_at timestamptz, desktop_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
BEGIN
  RETURN QUERY EXECUTE format(
    'SELECT c.payload, c.request_id, c.team_state, c.team_reason, c.created_at,
       (SELECT min(t.at) FROM call_transitions t WHERE t.desktop_id = c.desktop_id AND t.call_id = c.id AND t.to_state = ''sending''),
       c.accepted_at, c.final_at, coalesce(d.name, c.desktop_id)
     FROM calls c LEFT JOIN desktops d ON d.desktop_id = c.desktop_id %s
     ORDER BY c.created_at, c.desktop_id, c.id',
    team_filter(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to))
  USING p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, session_user::text;
END
$fn$;

REVOKE ALL ON FUNCTION calllog.claim_orphans(text, text, integer, integer, integer),
  calllog.record_watch(text, text, bigint, text, text, integer), calllog.desktop_name(text),
  calllog.count_agents() FROM PUBLIC;
`,
  },
  {
    version: 4,
    name: 'the calls of one agent counted exactly',
    sql: `
-- A supervisor who picks an agent sees how many calls that agent logged, as the list of agents
-- says, not "10,000+": the trigger's count answers it without a scan.
CREATE OR REPLACE FUNCTION calllog.team_count(p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
                                   p_from timestamptz, p_to timestamptz, p_cap integer)
RETURNS TABLE (n bigint, exact boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp SET work_mem = '32MB' AS $fn$
DECLARE
  counted bigint;
BEGIN
  IF p_like IS NULL AND p_states IS NULL AND p_direction IS NULL AND p_from IS NULL AND p_to IS NULL
     AND calllog.reads_team(session_user) THEN
    -- Everyone's calls, or one agent's, unfiltered otherwise: the trigger keeps the count.
    RETURN QUERY SELECT coalesce(sum(a.calls), 0)::bigint, true FROM agents a
      WHERE p_agent IS NULL OR lower(a.agent_name) = lower(p_agent);
    RETURN;
  END IF;
  EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM calls c %s LIMIT $9) x',
    team_filter(p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to))
  INTO counted USING p_like, p_like_digits, p_states, p_agent, p_direction, p_from, p_to, session_user::text, p_cap;
  RETURN QUERY SELECT counted, counted < p_cap;
END
$fn$;
`,
  },
  {
    version: 5,
    name: 'a desktop acts only as itself',
    // A login may write calls and state changes only under a desktop it registered itself,
    // and only the desktop holding the watcher's lock, as itself, may claim, renew and
    // record orphaned calls. Every status check the watcher makes is preceded by a renewal
    // that fails once the owner is back, so no RequestID is checked by two desktops at once
    // however long the watcher waited for its slot.
    sql: `
ALTER POLICY own_calls ON calllog.calls WITH CHECK (owner_role = current_user
  AND EXISTS (SELECT 1 FROM calllog.desktops d WHERE d.desktop_id = calls.desktop_id AND d.owner_role = current_user));
ALTER POLICY own_transitions ON calllog.call_transitions WITH CHECK (owner_role = current_user
  AND EXISTS (SELECT 1 FROM calllog.desktops d WHERE d.desktop_id = call_transitions.desktop_id AND d.owner_role = current_user));

-- p_me is a desktop of this login, and this very connection holds the watcher's lock for the key
-- (".v2": a desktop of an older version, which claimed through its pool, holds the old one and
-- watches nothing, instead of keeping newer desktops from watching).
CREATE FUNCTION calllog.watching(p_key text, p_me text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT EXISTS (SELECT 1 FROM desktops WHERE desktop_id = p_me AND owner_role = session_user)
     AND EXISTS (SELECT 1 FROM pg_locks l
                 WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid() AND l.granted AND l.objsubid = 1
                   AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('calllog.watcher.v2:' || p_key, 0));
$fn$;

CREATE OR REPLACE FUNCTION calllog.claim_orphans(p_key text, p_me text, p_stale_ms integer, p_lease_ms integer, p_limit integer)
RETURNS TABLE (desktop_id text, id bigint, request_id text, watch_checks integer)
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  UPDATE calls c SET watch_by = p_me, watch_lease_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0)
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

-- Right before each check: the call is still ours, its owner still away (the owner's heartbeat
-- waits on the share lock, and a renewal after it sees the owner back), and it stays ours a
-- lease longer, which outlasts one status request.
CREATE FUNCTION calllog.renew_watch(p_key text, p_me text, p_desktop text, p_id bigint, p_stale_ms integer, p_lease_ms integer)
RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  WITH away AS (
    SELECT d.desktop_id FROM desktops d
    WHERE d.desktop_id = p_desktop AND d.seen_at < clock_timestamp() - make_interval(secs => p_stale_ms / 1000.0)
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

DROP FUNCTION calllog.record_watch(text, text, bigint, text, text, integer);
CREATE FUNCTION calllog.record_watch(p_key text, p_me text, p_desktop text, p_id bigint, p_final_state text, p_reason text, p_next_ms integer)
RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  WITH recorded AS (
    UPDATE calls SET watch_lease_until = NULL, watch_checks = watch_checks + 1, watched_at = clock_timestamp(),
      watched_state = CASE WHEN p_final_state IN ('success', 'failure', 'error') THEN p_final_state END,
      watched_reason = CASE WHEN p_final_state IN ('success', 'failure', 'error') THEN left(p_reason, 1000) END,
      watch_next_at = clock_timestamp() + make_interval(secs => greatest(p_next_ms, 0) / 1000.0)
    WHERE desktop_id = p_desktop AND id = p_id AND watch_by = p_me AND watch_lease_until IS NOT NULL
      AND state IN ('accepted', 'in_queue') AND calllog.watching(p_key, p_me)
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM recorded);
$fn$;

REVOKE ALL ON FUNCTION calllog.watching(text, text), calllog.renew_watch(text, text, text, bigint, integer, integer),
  calllog.record_watch(text, text, text, bigint, text, text, integer) FROM PUBLIC;
`,
  },
  {
    version: 6,
    name: 'one agent however the name was typed',
    // The agent filter ignores case, so the list it is picked from does too: one entry per
    // agent, under the spelling most of their calls carry, with all their calls counted.
    sql: `
CREATE OR REPLACE FUNCTION calllog.team_agents()
RETURNS TABLE (agent_name text, calls bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT (array_agg(a.agent_name ORDER BY a.calls DESC, a.agent_name))[1], sum(a.calls)::bigint
  FROM agents a WHERE a.calls > 0 AND calllog.reads_team(session_user)
  GROUP BY lower(a.agent_name)
  UNION ALL
  SELECT mode() WITHIN GROUP (ORDER BY c.agent_name), count(*) FROM calls c
  WHERE NOT calllog.reads_team(session_user) AND c.owner_role = session_user
  GROUP BY lower(c.agent_name)
  ORDER BY 1;
$fn$;
`,
  },
  {
    version: 7,
    name: 'a slot belongs to the login that took it',
    // A login may finish, release or refuse only the slots it took (a refusal pauses the whole
    // floor); slots held after time on a desktop's own budget are counted under the key's lock
    // like any other; and a slot's time starts once the key's lock is held.
    sql: `
ALTER TABLE calllog.budget_slots ADD COLUMN owner_role name NOT NULL DEFAULT session_user;

CREATE OR REPLACE FUNCTION calllog.take_slot(p_key text, p_desktop text, p_class integer, p_waiting integer[],
                                  p_limit integer, p_window_ms integer, p_wire_ms integer, p_spacing_ms integer)
RETURNS TABLE (slot_id bigint, wait_ms integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
DECLARE
  now_ts    timestamptz;
  k         budget_keys;
  held      integer;
  next_free timestamptz;
  got       bigint;
BEGIN
  IF p_class NOT BETWEEN 0 AND 2 OR p_limit NOT BETWEEN 1 AND 10000 OR p_window_ms NOT BETWEEN 1 AND 3600000
     OR p_wire_ms NOT BETWEEN 0 AND 120000 OR p_spacing_ms NOT BETWEEN 0 AND 60000 OR cardinality(p_waiting) <> 3 THEN
    RAISE EXCEPTION 'take_slot: bad arguments';
  END IF;
  -- One desktop at a time per key: the window is counted and a slot taken in one step.
  PERFORM pg_advisory_xact_lock(hashtextextended('calllog.budget:' || p_key, 0));
  -- Read after the lock: time spent waiting for it must not shorten the window a slot counts in.
  now_ts := clock_timestamp();
  INSERT INTO budget_keys AS b (key_fp, cap) VALUES (p_key, p_limit) ON CONFLICT (key_fp) DO NOTHING;
  SELECT * INTO k FROM budget_keys WHERE key_fp = p_key;
  IF k.cap < p_limit AND k.last_cut_at < now_ts - interval '30 seconds' THEN
    UPDATE budget_keys SET cap = cap + 1, last_cut_at = now_ts WHERE key_fp = p_key RETURNING * INTO k;
  END IF;
  INSERT INTO budget_demand (key_fp, desktop_id, waiting, seen_at) VALUES (p_key, p_desktop, p_waiting, now_ts)
    ON CONFLICT (key_fp, desktop_id) DO UPDATE SET waiting = excluded.waiting, seen_at = excluded.seen_at;
  IF k.paused_until > now_ts THEN
    RETURN QUERY SELECT NULL::bigint, ceil(extract(epoch FROM k.paused_until - now_ts) * 1000)::integer;
    RETURN;
  END IF;
  IF k.last_grant_at > now_ts - make_interval(secs => p_spacing_ms / 1000.0) THEN
    RETURN QUERY SELECT NULL::bigint,
      greatest(1, ceil(extract(epoch FROM k.last_grant_at + make_interval(secs => p_spacing_ms / 1000.0) - now_ts) * 1000))::integer;
    RETURN;
  END IF;
  DELETE FROM budget_slots WHERE key_fp = p_key AND expires_at <= now_ts;
  SELECT count(*), min(expires_at) FILTER (WHERE done_at IS NOT NULL) INTO held, next_free
    FROM budget_slots WHERE key_fp = p_key;
  IF held < least(k.cap, p_limit) THEN
    -- Better work waiting on another live desktop goes first: an agent's call before
    -- status checks, both before import and catch-up.
    IF NOT EXISTS (SELECT 1 FROM budget_demand d
                   WHERE d.key_fp = p_key AND d.desktop_id <> p_desktop AND d.seen_at > now_ts - interval '3 seconds'
                     AND ((p_class >= 1 AND d.waiting[1] > 0) OR (p_class >= 2 AND d.waiting[2] > 0))) THEN
      INSERT INTO budget_slots (key_fp, desktop_id, class, taken_at, expires_at)
        VALUES (p_key, p_desktop, p_class, now_ts, now_ts + make_interval(secs => (p_wire_ms + p_window_ms) / 1000.0))
        RETURNING id INTO got;
      UPDATE budget_keys SET last_grant_at = now_ts WHERE key_fp = p_key;
      UPDATE budget_demand SET waiting[p_class + 1] = greatest(0, waiting[p_class + 1] - 1)
        WHERE key_fp = p_key AND desktop_id = p_desktop;
      RETURN QUERY SELECT got, 0;
      RETURN;
    END IF;
    -- A slot is free but someone better is about to take it: look again shortly.
    RETURN QUERY SELECT NULL::bigint, 50;
    RETURN;
  END IF;
  RETURN QUERY SELECT NULL::bigint,
    coalesce(greatest(1, ceil(extract(epoch FROM next_free - now_ts) * 1000))::integer, 100);
END
$fn$;

CREATE OR REPLACE FUNCTION calllog.finish_slot(p_slot bigint, p_window_ms integer) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  UPDATE budget_slots SET done_at = clock_timestamp(),
    expires_at = clock_timestamp() + make_interval(secs => least(p_window_ms, 3600000) / 1000.0)
  WHERE id = p_slot AND owner_role = session_user;
$fn$;

CREATE OR REPLACE FUNCTION calllog.release_slot(p_slot bigint) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  DELETE FROM budget_slots WHERE id = p_slot AND owner_role = session_user;
$fn$;

CREATE OR REPLACE FUNCTION calllog.refuse_slot(p_slot bigint, p_retry_after_ms integer, p_window_ms integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
DECLARE
  now_ts timestamptz;
  fp     text;
BEGIN
  -- The key's lock before the slot's row, in the order take_slot takes them.
  SELECT key_fp INTO fp FROM budget_slots WHERE id = p_slot AND owner_role = session_user;
  IF fp IS NULL THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('calllog.budget:' || fp, 0));
  DELETE FROM budget_slots WHERE id = p_slot AND owner_role = session_user;
  now_ts := clock_timestamp();
  UPDATE budget_keys SET
    paused_until = greatest(paused_until, now_ts + make_interval(secs => least(greatest(p_retry_after_ms, 0), 600000) / 1000.0)),
    cap = CASE WHEN last_cut_at < now_ts - make_interval(secs => p_window_ms / 1000.0) THEN greatest(1, cap - 1) ELSE cap END,
    last_cut_at = now_ts
  WHERE key_fp = fp;
END
$fn$;

CREATE OR REPLACE FUNCTION calllog.hold_slots(p_key text, p_desktop text, p_expires_in_ms integer[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  SELECT pg_advisory_xact_lock(hashtextextended('calllog.budget:' || p_key, 0));
  -- Bounded: no login can hold more than a window's worth of slots for longer than a request may take.
  INSERT INTO budget_slots (key_fp, desktop_id, class, taken_at, done_at, expires_at)
  SELECT p_key, p_desktop, 2, clock_timestamp(), clock_timestamp(),
         clock_timestamp() + make_interval(secs => least(greatest(ms, 0), 120000) / 1000.0)
  FROM (SELECT ms FROM unnest(p_expires_in_ms) AS ms LIMIT 100) h;
$fn$;
`,
  },
  MIGRATION_8,
  MIGRATION_9,
  MIGRATION_10,
  MIGRATION_11,
  MIGRATION_12,
  MIGRATION_13,
  MIGRATION_14,
  MIGRATION_15,
  MIGRATION_16,
  MIGRATION_17,
];
