// The team database's schema as one script a DBA can read and run instead of
// letting the app create it (docs/team.md prints it; a test keeps the two equal).
// It does exactly what the app's migrations do, recorded the same way, so a
// desktop connecting afterwards finds nothing left to do.
import { DESKTOP_INSERTS_CALLS_9, DESKTOP_UPDATES_CALLS_9 } from './migration-9';
import { SCHEMA, TEAM_MIGRATIONS } from './migrations';

/** The whole schema, or (`from`: the version the database is at) only the steps an upgrade adds. */
export function dbaSchemaSql(from = 0): string {
  const parts =
    from === 0
      ? [
          `-- Run as the role that will own the schema (calllog_owner below), in the team database.`,
          `CREATE SCHEMA IF NOT EXISTS ${SCHEMA};`,
          `CREATE TABLE IF NOT EXISTS ${SCHEMA}.schema_migrations (\n  version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());`,
        ]
      : [`-- Upgrade from schema version ${from}: run as the schema's owner (calllog_owner), in the team database.`];
  for (const m of TEAM_MIGRATIONS) {
    if (m.version <= from) continue;
    parts.push(
      `-- ${m.version}: ${m.name}\nBEGIN;${m.sql.replace(/\s+$/, '')}\nINSERT INTO ${SCHEMA}.schema_migrations (version, name) VALUES (${m.version}, '${m.name.replace(/'/g, "''")}');\nCOMMIT;`,
    );
  }
  return `${parts.join('\n\n')}\n`;
}

export interface RoleNames {
  database: string;
  owner: string;
  ownerPassword: string;
  /** Every desktop's login is a member: it logs calls, shares the budget, sees only its own calls. */
  desktops: string;
  /** Supervisors' logins are members: they read the team's calls. Fixed name (row-level security asks for it). */
  supervisors: 'calllog_supervisor';
  /** One login per desktop (or per agent), and one for a supervisor's desktop, as examples. */
  desktop: string;
  desktopPassword: string;
  supervisor: string;
  supervisorPassword: string;
}

export const DOC_ROLES: RoleNames = {
  database: 'calllog',
  owner: 'calllog_owner',
  ownerPassword: 'change-me-owner',
  desktops: 'calllog_desktop',
  supervisors: 'calllog_supervisor',
  desktop: 'desk_asha',
  desktopPassword: 'change-me-asha',
  supervisor: 'sup_meera',
  supervisorPassword: 'change-me-meera',
};

/** As a superuser (or a role with CREATEROLE and CREATEDB), once: the roles and the database. */
export function rolesSql(r: RoleNames = DOC_ROLES): string {
  return `CREATE ROLE ${r.owner} LOGIN PASSWORD '${r.ownerPassword}';
CREATE ROLE ${r.desktops} NOLOGIN;
CREATE ROLE ${r.supervisors} NOLOGIN;
CREATE DATABASE ${r.database} OWNER ${r.owner};
REVOKE ALL ON DATABASE ${r.database} FROM PUBLIC;
GRANT CONNECT ON DATABASE ${r.database} TO ${r.owner}, ${r.desktops}, ${r.supervisors};
CREATE ROLE ${r.desktop} LOGIN PASSWORD '${r.desktopPassword}' IN ROLE ${r.desktops};
CREATE ROLE ${r.supervisor} LOGIN PASSWORD '${r.supervisorPassword}' IN ROLE ${r.desktops}, ${r.supervisors};
`;
}

/**
 * As the owner, in the team database, after the schema: what desktops and
 * supervisors may do. Desktops reach the budget only through the schema's
 * functions (they run as the owner) and write their calls under row-level
 * security (each login its own rows). The app reads the team's history through
 * functions that let a supervisor see the team's calls and any other login its
 * own; supervisors may also read the tables directly (reports). Functions a
 * later version adds are granted by default. A desktop writes only the columns
 * of calls that replication copies: the watch columns are the watcher's
 * functions' alone.
 */
export function grantsSql(r: RoleNames = DOC_ROLES): string {
  return `GRANT USAGE ON SCHEMA ${SCHEMA} TO ${r.desktops}, ${r.supervisors};
GRANT SELECT ON ${SCHEMA}.schema_migrations TO ${r.desktops}, ${r.supervisors};
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${SCHEMA} TO ${r.desktops}, ${r.supervisors};
ALTER DEFAULT PRIVILEGES FOR ROLE ${r.owner} IN SCHEMA ${SCHEMA} GRANT EXECUTE ON FUNCTIONS TO ${r.desktops}, ${r.supervisors};
GRANT SELECT, INSERT, UPDATE ON ${SCHEMA}.call_transitions, ${SCHEMA}.desktops TO ${r.desktops};
GRANT SELECT, INSERT (${DESKTOP_INSERTS_CALLS_9.join(', ')}),
  UPDATE (${DESKTOP_UPDATES_CALLS_9.join(', ')})
  ON ${SCHEMA}.calls TO ${r.desktops};
GRANT SELECT ON ${SCHEMA}.calls, ${SCHEMA}.call_transitions, ${SCHEMA}.desktops, ${SCHEMA}.agents TO ${r.supervisors};
`;
}
