// Team schema step 17: the two leftovers of the security review that step 15
// did not bound. The watcher's next look at an orphaned call comes within the
// app's own longest gap between checks, and the functions that make rows for
// a key take only a key's fingerprint. Released steps are never edited; a
// change to anything here is a step 18.
import type { TeamMigration } from './migrations';
import { METRICS_MAX } from './migration-15';
import { DEFAULT_SCHEDULE, FIRST_MAX_MS } from '../status/schedule';

/**
 * The latest record_watch may put a call's next check: the longest the app itself ever waits
 * between two checks (the default schedule's last gap, which FIRST_MAX_MS also is). Any login
 * holding the watcher's lock could otherwise push an orphaned call's next check 25 days away (an
 * integer's worth of milliseconds), and no desktop would follow it meanwhile. Part of step 17:
 * docs/team.md prints the number in the schema, so a change to the schedule shows there as a
 * change to a released step, to be made a new one.
 */
export const WATCH_NEXT_MAX_MS = Math.max(FIRST_MAX_MS, ...DEFAULT_SCHEDULE.laterMs);

/**
 * A key's fingerprint as the app computes it (ApiKey.id: the first 16 hex characters of the key's
 * SHA-256, lower case). Part of step 17.
 */
export const KEY_FP_PATTERN = '^[0-9a-f]{16}$';

/** The first statement of a function that makes rows keyed by p_key (a short regex: cheap enough for take_slot). */
const keyChecked = (fn: string) => `IF p_key IS NULL OR p_key !~ '${KEY_FP_PATTERN}' THEN
    RAISE EXCEPTION '${fn}: p_key must be a key fingerprint, 16 lowercase hex characters (the first of the API key''s SHA-256)'
      USING ERRCODE = '22023';
  END IF;`;

/** Step 15's bounds of one of the floor's queue metrics, unchanged. */
const inRange = (field: keyof typeof METRICS_MAX) =>
  `CASE WHEN jsonb_typeof(p_metrics->'${field}') = 'number' THEN (p_metrics->>'${field}')::numeric BETWEEN 0 AND ${METRICS_MAX[field]} ELSE false END`;
const FIGURES = Object.keys(METRICS_MAX) as (keyof typeof METRICS_MAX)[];

const NEXT = `make_interval(secs => ${WATCH_NEXT_MAX_MS} / 1000.0)`;

export const MIGRATION_17: TeamMigration = {
  version: 17,
  name: 'the watcher’s next check within the schedule’s longest gap; only key fingerprints make rows',
  // Every desktop login may take the watcher's lock and call the budget's and the metrics'
  // functions. record_watch kept no upper bound on when to look again; take_slot, hold_slots,
  // latest_metrics and save_metrics made rows for any text as a key, of any length. Each keeps
  // its signature and its latest body (step 7's, step 2's, step 15's, step 8's) with the bound
  // added. The watcher's other functions (claim_orphans, renew_watch) only update calls whose
  // key their owners' desktops wrote: an odd key finds none, so they are left as they are.
  sql: `
CREATE OR REPLACE FUNCTION calllog.record_watch(p_key text, p_me text, p_desktop text, p_id bigint, p_request_id text,
                                     p_final_state text, p_reason text, p_next_ms integer)
RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  WITH recorded AS (
    UPDATE calls SET watch_lease_until = NULL, watch_checks = watch_checks + 1, watched_at = clock_timestamp(),
      watched_state = CASE WHEN p_final_state IN ('success', 'failure', 'error') THEN p_final_state END,
      watched_reason = CASE WHEN p_final_state IN ('success', 'failure', 'error') THEN left(p_reason, 1000) END,
      watch_next_at = clock_timestamp() + make_interval(secs => least(greatest(p_next_ms, 0), ${WATCH_NEXT_MAX_MS}) / 1000.0)
    WHERE desktop_id = p_desktop AND id = p_id AND watch_by = p_me AND watch_lease_until IS NOT NULL
      AND request_id = p_request_id AND watch_request_id = p_request_id
      AND state IN ('accepted', 'in_queue') AND calllog.watching(p_key, p_me)
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM recorded);
$fn$;

-- Next checks put further away before this step come within the bound too.
UPDATE calllog.calls SET watch_next_at = clock_timestamp() + ${NEXT}
  WHERE watch_next_at > clock_timestamp() + ${NEXT};

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
  ${keyChecked('take_slot')}
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

-- Step 7's, in PL/pgSQL now: an SQL function cannot refuse its arguments.
CREATE OR REPLACE FUNCTION calllog.hold_slots(p_key text, p_desktop text, p_expires_in_ms integer[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
BEGIN
  ${keyChecked('hold_slots')}
  PERFORM pg_advisory_xact_lock(hashtextextended('calllog.budget:' || p_key, 0));
  -- Bounded: no login can hold more than a window's worth of slots for longer than a request may take.
  INSERT INTO budget_slots (key_fp, desktop_id, class, taken_at, done_at, expires_at)
  SELECT p_key, p_desktop, 2, clock_timestamp(), clock_timestamp(),
         clock_timestamp() + make_interval(secs => least(greatest(ms, 0), 120000) / 1000.0)
  FROM (SELECT ms FROM unnest(p_expires_in_ms) AS ms LIMIT 100) h;
END
$fn$;

CREATE OR REPLACE FUNCTION calllog.latest_metrics(p_key text, p_max_age_ms integer)
RETURNS TABLE (metrics jsonb, age_ms integer, pending boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
DECLARE
  now_ts timestamptz := clock_timestamp();
  q      queue_metrics;
BEGIN
  ${keyChecked('latest_metrics')}
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

CREATE OR REPLACE FUNCTION calllog.save_metrics(p_key text, p_metrics jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
BEGIN
  ${keyChecked('save_metrics')}
  IF NOT (${FIGURES.map(inRange).join('\n          AND ')}) THEN
    RAISE EXCEPTION 'save_metrics: pendingMessages (0 to ${METRICS_MAX.pendingMessages}), maxDelaySeconds (0 to ${METRICS_MAX.maxDelaySeconds}) and processingRatePerMinute (0 to ${METRICS_MAX.processingRatePerMinute}) must each be a number within its bounds'
      USING ERRCODE = '22023';
  END IF;
  INSERT INTO queue_metrics (key_fp, metrics, fetched_at, saved_by)
  VALUES (p_key, jsonb_build_object('pendingMessages', p_metrics->'pendingMessages', 'maxDelaySeconds', p_metrics->'maxDelaySeconds',
                                    'processingRatePerMinute', p_metrics->'processingRatePerMinute'),
          clock_timestamp(), session_user)
  ON CONFLICT (key_fp) DO UPDATE SET metrics = excluded.metrics, fetched_at = excluded.fetched_at, fetching_until = '-infinity',
    saved_by = excluded.saved_by;
END
$fn$;

-- Rows a login made for something other than a key before this step: no desktop reads them.
DELETE FROM calllog.queue_metrics WHERE key_fp !~ '${KEY_FP_PATTERN}';
DELETE FROM calllog.budget_slots WHERE key_fp !~ '${KEY_FP_PATTERN}';
DELETE FROM calllog.budget_demand WHERE key_fp !~ '${KEY_FP_PATTERN}';
DELETE FROM calllog.budget_keys WHERE key_fp !~ '${KEY_FP_PATTERN}';
`,
};
