// Vitest globalSetup: one throwaway PostgreSQL cluster for the whole run; each
// test creates its own database in it (test/support/team.ts). Tests that stop
// the server start a cluster of their own.
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    pgPort: number;
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startPostgres();
  project.provide('pgPort', cluster.port);
  return () => cluster.destroy();
}
