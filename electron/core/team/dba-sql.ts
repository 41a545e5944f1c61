// The team database's schema as one script a DBA can read and run instead of
// letting the app create it (docs/team.md prints it; a test keeps the two equal).
// It does exactly what the app's migrations do, recorded the same way, so a
// desktop connecting afterwards finds nothing left to do.
import { SCHEMA, TEAM_MIGRATIONS } from './migrations';

export function dbaSchemaSql(): string {
  const parts = [
    `-- Run as the role that will own the schema (calllog_owner below), in the team database.`,
    `CREATE SCHEMA IF NOT EXISTS ${SCHEMA};`,
    `CREATE TABLE IF NOT EXISTS ${SCHEMA}.schema_migrations (\n  version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());`,
  ];
  for (const m of TEAM_MIGRATIONS) {
    parts.push(
      `-- ${m.version}: ${m.name}\nBEGIN;${m.sql.replace(/\s+$/, '')}\nINSERT INTO ${SCHEMA}.schema_migrations (version, name) VALUES (${m.version}, '${m.name.replace(/'/g, "''")}');\nCOMMIT;`,
    );
  }
  return `${parts.join('\n\n')}\n`;
}

export interface RoleNames {
  database: string;
  owner: string;
  desktop: string;
  ownerPassword: string;
  desktopPassword: string;
}

export const DOC_ROLES: RoleNames = {
  database: 'calllog',
  owner: 'calllog_owner',
  desktop: 'calllog_desktop',
  ownerPassword: 'change-me-owner',
  desktopPassword: 'change-me-desktop',
};

/** As a superuser (or a role with CREATEROLE and CREATEDB), once: the roles and the database. */
export function rolesSql(r: RoleNames = DOC_ROLES): string {
  return `CREATE ROLE ${r.owner} LOGIN PASSWORD '${r.ownerPassword}';
CREATE ROLE ${r.desktop} LOGIN PASSWORD '${r.desktopPassword}';
CREATE DATABASE ${r.database} OWNER ${r.owner};
REVOKE ALL ON DATABASE ${r.database} FROM PUBLIC;
GRANT CONNECT ON DATABASE ${r.database} TO ${r.owner}, ${r.desktop};
`;
}

/**
 * As the owner, in the team database, after the schema: what a desktop may do.
 * Desktops reach the tables only through the schema's functions (they run as
 * the owner), so they are granted those and nothing else; functions a later
 * version adds are granted by default.
 */
export function desktopGrantsSql(r: RoleNames = DOC_ROLES): string {
  return `GRANT USAGE ON SCHEMA ${SCHEMA} TO ${r.desktop};
GRANT SELECT ON ${SCHEMA}.schema_migrations TO ${r.desktop};
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${SCHEMA} TO ${r.desktop};
ALTER DEFAULT PRIVILEGES FOR ROLE ${r.owner} IN SCHEMA ${SCHEMA} GRANT EXECUTE ON FUNCTIONS TO ${r.desktop};
`;
}
