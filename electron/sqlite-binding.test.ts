// Which better-sqlite3 addon opens the outbox, decided in plain Node: the
// Electron runs themselves cannot happen on machines without Electron, but the
// choice they make, and that the outbox really opens with the chosen addon, can.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test/support/temp-dir';
import { openDb } from './core/outbox/db';
import { countUnsent } from './core/outbox/unsent';
import { addonAbi, chooseSqliteBinding, electronSqliteAddon, electronSqliteDir, installedSqlite, sqliteBindingForThisProcess } from './sqlite-binding';

const tempDir = useTempDirs();

/** A node_modules in which `npm run electron:native` has left an addon for these versions. */
function rebuiltFor(electronVersion: string, sqliteVersion: string): { nodeModules: string; addon: string } {
  const nodeModules = join(tempDir(), 'node_modules');
  const addon = electronSqliteAddon(electronSqliteDir(nodeModules, electronVersion, sqliteVersion));
  mkdirSync(dirname(addon), { recursive: true });
  writeFileSync(addon, 'stands in for the rebuilt addon');
  return { nodeModules, addon };
}

const nodeBuild = () => join(installedSqlite().nodeModules, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

describe('the better-sqlite3 addon the outbox loads', () => {
  it('in plain Node (vitest, the browser host, scripts) is node_modules’ own', () => {
    expect(sqliteBindingForThisProcess(false)).toEqual({ nativeBinding: undefined, note: null });
    const { nodeModules } = rebuiltFor('45.4.1', '12.11.1');
    expect(chooseSqliteBinding({ electronVersion: undefined, isPackaged: false, installed: () => ({ nodeModules, sqliteVersion: '12.11.1' }) }).nativeBinding).toBeUndefined();
  });

  it('in a packaged app is the one electron-builder rebuilt in place, even beside a rebuilt copy', () => {
    const { nodeModules } = rebuiltFor('45.4.1', '12.11.1');
    expect(chooseSqliteBinding({ electronVersion: '45.4.1', isPackaged: true, installed: () => ({ nodeModules, sqliteVersion: '12.11.1' }) })).toEqual({ nativeBinding: undefined, note: null });
  });

  it('in an unpackaged Electron run is the copy rebuilt for that Electron and that better-sqlite3', () => {
    const { nodeModules, addon } = rebuiltFor('45.4.1', '12.11.1');
    const run = (electronVersion: string, sqliteVersion: string) => chooseSqliteBinding({ electronVersion, isPackaged: false, installed: () => ({ nodeModules, sqliteVersion }) });
    expect(run('45.4.1', '12.11.1')).toEqual({ nativeBinding: addon, note: null });
    // An upgrade of either leaves the old copy unused, and the log says what to run.
    for (const [electron, sqlite] of [['46.0.0', '12.11.1'], ['45.4.1', '12.12.0']] as const) {
      const answer = run(electron, sqlite);
      expect(answer.nativeBinding).toBeUndefined();
      expect(answer.note).toContain(`better-sqlite3 ${sqlite} built for Electron ${electron}`);
      expect(answer.note).toContain('npm run electron:native');
    }
  });

  it('is looked up beside the better-sqlite3 this code resolves, whose own build is for Node', () => {
    const { nodeModules, sqliteVersion } = installedSqlite();
    expect(addonAbi(nodeBuild())).toBe(Number(process.versions.modules));
    expect(sqliteVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(electronSqliteDir(nodeModules, '45.4.1', sqliteVersion).startsWith(join(nodeModules, '.cache'))).toBe(true);
  });

  it('is the one the outbox and the uninstaller’s count really open', () => {
    const dir = tempDir();
    const missing = join(dir, 'no-such-addon.node');
    const db = openDb(join(dir, 'calls.sqlite'), { nativeBinding: nodeBuild() });
    expect(db.prepare('SELECT COUNT(*) AS n FROM entries').get()).toEqual({ n: 0 });
    db.close();
    expect(countUnsent(dir, { nativeBinding: nodeBuild() })).toBe(0);
    expect(() => countUnsent(dir, { nativeBinding: missing })).toThrow(/no-such-addon/);
    expect(() => openDb(join(dir, 'other.sqlite'), { nativeBinding: missing })).toThrow(/no-such-addon/);
  });
});
