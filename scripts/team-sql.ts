// npm run team:sql: prints the team database's schema for a DBA (docs/team.md);
// `npm run team:sql -- --from N` only what an upgrade from schema version N adds.
import { dbaSchemaSql } from '../electron/core/team/dba-sql';

const at = process.argv.indexOf('--from');
const from = at >= 0 ? Number(process.argv[at + 1]) : 0;
if (!Number.isInteger(from) || from < 0) {
  console.error('team:sql: --from takes the schema version the database is at (SELECT max(version) FROM calllog.schema_migrations)');
  process.exit(2);
}
process.stdout.write(dbaSchemaSql(from));
