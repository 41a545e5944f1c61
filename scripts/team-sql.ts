// npm run team:sql: prints the team database's schema for a DBA (docs/team.md).
import { dbaSchemaSql } from '../electron/core/team/dba-sql';

process.stdout.write(dbaSchemaSql());
