// Team schema step 16: the team's history search reads why a call failed.
// Released steps are never edited; a change to anything here is a step 17.
import type { TeamMigration } from './migrations';
import { NOT_MOVED } from './migration-9';

/**
 * Why a call failed, as search reads it: LeadSquared's StatusReason (the owner's, and a watcher's
 * while the owner was away) and the app's own last error, lower-cased as calls.search is. `c` is
 * the table's alias in a query ('' in the index): the planner uses the index only for this very
 * expression.
 */
const reasons = (c: string) =>
  `lower(coalesce(${c}status_reason, '') || ' ' || coalesce(${c}watched_reason, '') || ' ' || coalesce(${c}last_error, ''))`;
/** SQL inside a string literal: team_filter's clauses. */
const inLiteral = (sql: string) => sql.replace(/'/g, "''");

export const MIGRATION_16: TeamMigration = {
  version: 16,
  name: 'the team’s history search reads failure reasons',
  // "MXUser" should find the calls LeadSquared failed with MXUserNotFound. calls.search is a
  // generated column, which PostgreSQL 15 cannot give a new expression without rewriting every
  // row; a trigram index of its own over the reasons costs one index build (most calls have no
  // reason: little to index) and leaves the table as it is. Every version's reads go through the
  // first team_filter (the later ones add to it), so replacing it gives desktops of every version
  // the same search; its other clauses are step 9's.
  sql: `
CREATE INDEX calls_reason_search ON calllog.calls USING gin ((${reasons('')}) calllog.gin_trgm_ops);

CREATE OR REPLACE FUNCTION calllog.team_filter(p_like text, p_like_digits text, p_states text[], p_agent text, p_direction text,
                                    p_from timestamptz, p_to timestamptz)
RETURNS text
LANGUAGE plpgsql STABLE SET search_path = calllog, pg_temp AS $fn$
DECLARE
  w text[] := ARRAY['${inLiteral(NOT_MOVED)}']::text[];
BEGIN
  IF p_like IS NOT NULL THEN
    w := array_append(w, '(c.search LIKE $1 OR ${inLiteral(reasons('c.'))} LIKE $1'
      || CASE WHEN p_like_digits IS NOT NULL THEN ' OR c.search LIKE $2' ELSE '' END || ')');
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
`,
};
