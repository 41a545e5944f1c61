// npm run team:sql as a DBA runs it: the upgrade steps from a version, or a plain
// word when there are none, never a header alone that looks like an upgrade.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEAM_MIGRATIONS } from './migrations';

const SCRIPT = fileURLToPath(new URL('../../../scripts/team-sql.ts', import.meta.url));
const LATEST = TEAM_MIGRATIONS.at(-1)!.version;
const teamSql = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { encoding: 'utf8' });

describe('npm run team:sql', () => {
  it('--from the version before the latest prints that one step', () => {
    const r = teamSql('--from', String(LATEST - 1));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`-- ${LATEST}: `);
    expect(r.stdout).not.toContain(`-- ${LATEST - 1}: `);
  });

  it('--from the latest says the schema is already up to date, and the file it writes runs as nothing', () => {
    const r = teamSql('--from', String(LATEST));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`already up to date \\(version ${LATEST}\\)`));
    expect(r.stdout.split('\n').every((line) => line === '' || line.startsWith('--'))).toBe(true);
    expect(r.stdout).toMatch(/already up to date/);
  });

  it('--from a version above the latest is refused, saying which is the latest', () => {
    const r = teamSql('--from', String(LATEST + 1));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`latest schema version this checkout knows is ${LATEST}`));
  });
});
