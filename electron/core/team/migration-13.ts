// Team schema step 13: the team's Time to Success, as this computer's Dashboard
// shows its own. Released steps are never edited; a change to anything here is
// a step 14.
import type { TeamMigration } from './migrations';
import { TEST_SQL } from './migration-9';

export const MIGRATION_13: TeamMigration = {
  version: 13,
  name: 'the team’s time to Success',
  // A function of its own beside team_day, not team_day replaced with more keys: a desktop still
  // on step 12 keeps calling team_day while the floor updates (extra keys would not break it, but
  // it would compute them for nothing on every refresh), released team_day stays as it was, and a
  // step 13 desktop asks for both in one statement. The buckets' bounds come with each call
  // (electron/core/time-to-success.ts, ascending, as width_bucket needs), so this step holds no
  // copy of them that could drift from this computer's chart.
  sql: `
-- The day's account calls (test calls left out, as team_day leaves them) whose team state is
-- success: how many took each bucket's time from logging to Success, and the lower median in
-- seconds (percentile_disc: of two middle calls, the faster, as this computer's Dashboard takes
-- it). A call's Success is when its owner recorded it, or, while the owner has not yet adopted what
-- the orphan watcher found, when the watcher did: team_state is the watcher's outcome then, so its
-- time is too. A moved copy (paused) is never a success, so nothing here needs team_day's check
-- for one. Whether the login reads the team's calls is asked once (a scalar subquery): asked in
-- the row filter, as a CTE read once is inlined into it, it ran for each of a day's 34,560 calls,
-- 250 ms instead of 45.
CREATE FUNCTION calllog.team_time_to_success(p_from timestamptz, p_to timestamptz, p_bounds double precision[])
RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = calllog, pg_temp AS $fn$
  WITH delivered AS (
    SELECT extract(epoch FROM CASE WHEN c.watched_state IS NOT NULL THEN c.watched_at ELSE c.final_at END - c.created_at)::double precision AS secs
    FROM calls c
    WHERE c.created_at BETWEEN p_from AND p_to AND c.team_state = 'success'
      AND ((SELECT calllog.reads_team(session_user)) OR c.owner_role = session_user) AND NOT ${TEST_SQL}
  )
  SELECT jsonb_build_object(
    'buckets', (SELECT coalesce(jsonb_agg(jsonb_build_object('bucket', b, 'n', n) ORDER BY b), '[]'::jsonb) FROM (
                  SELECT width_bucket(secs, p_bounds) AS b, count(*) AS n FROM delivered WHERE secs IS NOT NULL GROUP BY 1) x),
    'medianSeconds', (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY secs) FROM delivered));
$fn$;
`,
};
