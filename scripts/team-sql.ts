// npm run team:sql: prints the team database's schema for a DBA (docs/team.md);
// `npm run team:sql -- --from N` only what an upgrade from schema version N adds.
import { dbaSchemaSql } from '../electron/core/team/dba-sql';
import { TEAM_MIGRATIONS } from '../electron/core/team/migrations';

const latest = TEAM_MIGRATIONS[TEAM_MIGRATIONS.length - 1]!.version;
const at = process.argv.indexOf('--from');
const from = at >= 0 ? Number(process.argv[at + 1]) : 0;
if (!Number.isInteger(from) || from < 0) {
  console.error('team:sql: --from takes the schema version the database is at (SELECT max(version) FROM calllog.schema_migrations)');
  process.exit(2);
}
if (from > latest) {
  // A database ahead of this checkout: its SQL cannot say what a newer version added.
  console.error(`team:sql: the database is at schema version ${from}, but the latest schema version this checkout knows is ${latest}: run team:sql from the version of the app the desktops use (or newer)`);
  process.exit(2);
}
if (from === latest) {
  // Said on stderr for the DBA, and as a comment in the file `> upgrade.sql` writes, which runs as nothing.
  console.error(`team:sql: the schema is already up to date (version ${latest}): nothing to run`);
  process.stdout.write(`-- The schema is already up to date (version ${latest}): nothing to run.\n`);
  process.exit(0);
}
process.stdout.write(dbaSchemaSql(from));
