// Team schema step 15: what a desktop's login may tell the floor is bounded by
// the database, not by the login. The orphan watcher's thresholds come from a
// table only the schema's owner may change, the owner's own final state wins
// over a watcher's outcome, and the shared queue metrics are checked and signed.
// Released steps are never edited; a change to anything here is a step 16.
import type { TeamMigration } from './migrations';

/**
 * Bounds of the floor's shared queue metrics, checked by save_metrics and again as a desktop
 * reads them (team-metrics.ts). LeadSquared reports seconds to minutes of delay; a day's backlog
 * is already a broken queue. Part of step 15: changing them is a new step.
 */
export const METRICS_MAX = {
  pendingMessages: 10_000_000,
  maxDelaySeconds: 86_400,
  processingRatePerMinute: 1_000_000,
} as const;

// The app's own thresholds when this step was written (WATCHER_STALE_MS, WATCHER_LEASE_MS in
// replicator.ts): the table's defaults, and what the functions use if its row is ever deleted.
const MIN_AWAY_MS = 180_000;
const MAX_LEASE_MS = 60_000;

const STALE = `greatest(p_stale_ms, coalesce((SELECT l.min_away_ms FROM watch_limits l), ${MIN_AWAY_MS}))`;
const LEASE = `make_interval(secs => least(greatest(p_lease_ms, 0), coalesce((SELECT l.max_lease_ms FROM watch_limits l), ${MAX_LEASE_MS})) / 1000.0)`;
/** Step 10's "away", with the owner's floor under the caller's threshold. */
const AWAY = `(d.seen_at < clock_timestamp() - make_interval(secs => ${STALE} / 1000.0) OR d.signed_off_at >= d.seen_at)`;

const FIELDS = Object.keys(METRICS_MAX) as (keyof typeof METRICS_MAX)[];
const inRange = (field: keyof typeof METRICS_MAX) =>
  `CASE WHEN jsonb_typeof(p_metrics->'${field}') = 'number' THEN (p_metrics->>'${field}')::numeric BETWEEN 0 AND ${METRICS_MAX[field]} ELSE false END`;

export const MIGRATION_15: TeamMigration = {
  version: 15,
  name: 'the watcher’s thresholds set by the schema’s owner; the owner’s final state wins; queue metrics checked',
  // Every desktop login may take the watcher's advisory lock, so whatever claim_orphans and
  // renew_watch were told decided which calls were "away" and for how long a claim held: a
  // negative threshold claimed the calls of desktops online, and a lease of 25 days stopped their
  // owners checking them. The functions keep their signatures (desktops of earlier versions call
  // them) and take the caller's values only within the owner's limits. team_state stays the
  // generated column it is (a new expression would rewrite every call): a trigger clears the
  // watcher's outcome instead, once the owner writes a final state of its own.
  sql: `
-- The schema's owner sets these (UPDATE calllog.watch_limits SET …); no desktop login may read or
-- change them. A call is followed only once its desktop has been silent min_away_ms (or signed
-- off), and a claim or renewal holds it for at most max_lease_ms.
CREATE TABLE calllog.watch_limits (
  one          boolean PRIMARY KEY DEFAULT true CHECK (one),
  min_away_ms  integer NOT NULL DEFAULT ${MIN_AWAY_MS} CHECK (min_away_ms >= 1000),
  max_lease_ms integer NOT NULL DEFAULT ${MAX_LEASE_MS} CHECK (max_lease_ms BETWEEN 1000 AND 600000)
);
INSERT INTO calllog.watch_limits DEFAULT VALUES;

CREATE OR REPLACE FUNCTION calllog.claim_orphans(p_key text, p_me text, p_stale_ms integer, p_lease_ms integer, p_limit integer)
RETURNS TABLE (desktop_id text, id bigint, request_id text, watch_checks integer)
LANGUAGE sql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  UPDATE calls c SET watch_by = p_me, watch_lease_until = clock_timestamp() + ${LEASE},
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
    UPDATE calls c SET watch_lease_until = clock_timestamp() + ${LEASE}
    FROM away
    WHERE c.desktop_id = away.desktop_id AND c.id = p_id AND c.watch_by = p_me
      AND c.watch_lease_until > clock_timestamp() AND c.watched_state IS NULL
      AND c.state IN ('accepted', 'in_queue') AND calllog.watching(p_key, p_me)
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM renewed);
$fn$;

-- Leases granted before this step end within the limit too (a claim of 25 days froze its call's owner).
UPDATE calllog.calls SET watch_lease_until = clock_timestamp() + make_interval(secs => ${MAX_LEASE_MS} / 1000.0)
  WHERE watch_lease_until > clock_timestamp() + make_interval(secs => ${MAX_LEASE_MS} / 1000.0);

-- The owner's own final state is the call's, for the team as for the owner: once it writes one
-- (the watcher's outcome adopted, or what it learnt checking the call itself), what a watcher
-- recorded stops counting. Who followed the call (watch_by, watched_at) stays for its details.
CREATE FUNCTION calllog.owner_final_wins() RETURNS trigger
LANGUAGE plpgsql SET search_path = calllog, pg_temp AS $fn$
BEGIN
  NEW.watched_state := NULL; NEW.watched_reason := NULL;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER calls_owner_final_wins BEFORE UPDATE ON calllog.calls FOR EACH ROW
  WHEN (NEW.state IN ('success', 'failure', 'error') AND (NEW.watched_state IS NOT NULL OR NEW.watched_reason IS NOT NULL))
  EXECUTE FUNCTION calllog.owner_final_wins();
-- Calls already final on their desktop: only the few a watcher followed are written.
UPDATE calllog.calls SET watched_state = NULL, watched_reason = NULL
  WHERE state IN ('success', 'failure', 'error') AND (watched_state IS NOT NULL OR watched_reason IS NOT NULL);

-- The floor's queue metrics: the three numbers LeadSquared reports, each within its bounds (a delay
-- of 1e9 s put every desktop's first status check 33 years away), and which login saved them.
ALTER TABLE calllog.queue_metrics ADD COLUMN saved_by text;
CREATE OR REPLACE FUNCTION calllog.save_metrics(p_key text, p_metrics jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
BEGIN
  IF NOT (${FIELDS.map(inRange).join('\n          AND ')}) THEN
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

REVOKE ALL ON FUNCTION calllog.owner_final_wins() FROM PUBLIC;
`,
};
