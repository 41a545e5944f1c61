// Where the throwaway cluster's initdb and pg_ctl come from on each kind of
// machine: Debian here, PGBIN on GitHub's Windows runners (and macOS after
// Homebrew), PATH elsewhere. Fake binaries in temp dirs stand in for each place.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPgBin } from './postgres';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

/** A directory holding the named programs (empty files: only their presence is asked). */
function binWith(...programs: string[]): string {
  const dir = join(tempDir(), 'bin');
  mkdirSync(dir);
  for (const p of programs) writeFileSync(join(dir, p), '');
  return dir;
}

/** Debian's layout: one bin directory per major version. */
function debianWith(versions: Record<string, string[]>): string {
  const base = tempDir();
  for (const [v, programs] of Object.entries(versions)) {
    mkdirSync(join(base, v, 'bin'), { recursive: true });
    for (const p of programs) writeFileSync(join(base, v, 'bin', p), '');
  }
  return base;
}

const nowhere = () => join(tempDir(), 'no-postgresql');
const server = ['initdb', 'pg_ctl'];

describe('PostgreSQL server binaries', () => {
  it('come from PGBIN first, before Debian’s directories and PATH', () => {
    const pgbin = binWith(...server);
    const debianBase = debianWith({ '16': server });
    expect(findPgBin({ env: { PGBIN: pgbin, PATH: binWith(...server) }, platform: 'linux', debianBase })).toBe(pgbin);
  });

  it('a PGBIN without them is an error that names it', () => {
    const pgbin = binWith('psql');
    expect(() => findPgBin({ env: { PGBIN: pgbin }, platform: 'linux', debianBase: debianWith({ '16': server }) })).toThrow(`PGBIN is ${pgbin}, which holds no initdb and pg_ctl`);
  });

  it('on Windows are the .exe files, found through PGBIN or a ;-separated Path', () => {
    const windows = binWith('initdb.exe', 'pg_ctl.exe');
    expect(findPgBin({ env: { PGBIN: windows }, platform: 'win32', debianBase: nowhere() })).toBe(windows);
    expect(findPgBin({ env: { Path: `${binWith('psql.exe')};${windows}` }, platform: 'win32', debianBase: nowhere() })).toBe(windows);
    expect(() => findPgBin({ env: { PGBIN: binWith(...server) }, platform: 'win32', debianBase: nowhere() })).toThrow(/no initdb\.exe and pg_ctl\.exe/);
  });

  it('on Debian are the newest major version’s that has both', () => {
    const debianBase = debianWith({ '9': server, '15': server, '17': ['initdb'] });
    expect(findPgBin({ env: { PATH: binWith(...server) }, platform: 'linux', debianBase })).toBe(join(debianBase, '15', 'bin'));
  });

  it('are looked for on PATH last', () => {
    const onPath = binWith(...server);
    expect(findPgBin({ env: { PATH: `${binWith('initdb')}:${onPath}` }, platform: 'darwin', debianBase: nowhere() })).toBe(onPath);
  });

  it('when nowhere, the error says how to install them on Debian and how to point at them elsewhere', () => {
    const message = () => findPgBin({ env: { PATH: binWith('psql') }, platform: 'linux', debianBase: nowhere() });
    expect(message).toThrow('PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin. Install Debian\'s package: apt-get install -y postgresql (.ci/run does this).');
    expect(message).toThrow('set PGBIN to the directory holding initdb and pg_ctl, or put that directory on PATH');
  });
});
