// Which compiled better-sqlite3 the outbox loads. The addon is built for one
// ABI: `npm ci` builds it for Node, and vitest, the browser host and the scripts
// load that build, so it must stay. An unpackaged Electron run (npm start,
// `npx electron .`, the electron e2e project) therefore loads a copy that
// `npm run electron:native` rebuilt for the installed Electron and keeps apart.
// Packaged apps need no copy: electron-builder rebuilds node_modules for
// Electron when it packages (npmRebuild in electron-builder.yml).
// No electron import: scripts/electron-native.ts and plain-Node tests use it too.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the rebuilt copy lives, inside node_modules so `npm ci` discards it with
 * the build it was made from; one directory per Electron and better-sqlite3
 * version, so upgrading either can never load a stale addon.
 */
export function electronSqliteDir(nodeModules: string, electronVersion: string, sqliteVersion: string): string {
  return join(nodeModules, '.cache', 'calllog-native', `electron-${electronVersion}-better-sqlite3-${sqliteVersion}`);
}

/** The addon inside that copy (laid out as an app with better-sqlite3 as its one dependency). */
export function electronSqliteAddon(copyDir: string): string {
  return join(copyDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

/**
 * The ABI (NODE_MODULE_VERSION) a compiled addon was built for, read from the
 * `node_register_module_v<abi>` symbol it exports on every OS; null if none.
 */
export function addonAbi(file: string): number | null {
  const m = /node_register_module_v(\d+)/.exec(readFileSync(file).toString('latin1'));
  return m ? Number(m[1]) : null;
}

export interface SqliteBindingQuestion {
  /** process.versions.electron; absent in plain Node. */
  electronVersion: string | undefined;
  isPackaged: boolean;
  /** The node_modules holding better-sqlite3, and its version; asked only for an unpackaged Electron run. */
  installed: () => { nodeModules: string; sqliteVersion: string };
}

export interface SqliteBindingAnswer {
  /** better-sqlite3's `nativeBinding` option; undefined = its own build in node_modules. */
  nativeBinding: string | undefined;
  /** For the log when the right addon is missing (the outbox will then fail to open). */
  note: string | null;
}

export function chooseSqliteBinding(q: SqliteBindingQuestion): SqliteBindingAnswer {
  if (!q.electronVersion || q.isPackaged) return { nativeBinding: undefined, note: null };
  const { nodeModules, sqliteVersion } = q.installed();
  const addon = electronSqliteAddon(electronSqliteDir(nodeModules, q.electronVersion, sqliteVersion));
  if (existsSync(addon)) return { nativeBinding: addon, note: null };
  return {
    nativeBinding: undefined,
    note: `No better-sqlite3 ${sqliteVersion} built for Electron ${q.electronVersion} at ${addon}: run \`npm run electron:native\` (node_modules' own build is for Node, and the outbox cannot open with it).`,
  };
}

/** better-sqlite3 as this module resolves it: the copy an unpackaged run would otherwise load. */
export function installedSqlite(): { nodeModules: string; sqliteVersion: string } {
  const req = createRequire(import.meta.url);
  const pkgFile = req.resolve('better-sqlite3/package.json');
  return { nodeModules: dirname(dirname(pkgFile)), sqliteVersion: (req(pkgFile) as { version: string }).version };
}

/** The answer for this process; Electron's main process supplies app.isPackaged. */
export function sqliteBindingForThisProcess(isPackaged: boolean): SqliteBindingAnswer {
  return chooseSqliteBinding({ electronVersion: process.versions.electron, isPackaged, installed: installedSqlite });
}
