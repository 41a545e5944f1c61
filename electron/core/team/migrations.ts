// The team database's schema, in order. Each runs once, in a transaction,
// under an advisory lock so desktops starting together do not race; never edit
// a released migration, add one. docs/team.md prints the same SQL for a DBA
// (scripts/team-sql.ts), with the roles for least privilege.
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
];
