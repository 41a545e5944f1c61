// Playwright globalSetup: one throwaway PostgreSQL cluster for the run (the team
// database's specs); each spec creates its own database in it. Workers read the
// port from the environment set here.
import { startPostgres } from '../test/support/postgres';

export default async function globalSetup() {
  const cluster = await startPostgres();
  process.env.CALLLOG_E2E_PG_PORT = String(cluster.port);
  return () => cluster.destroy();
}
