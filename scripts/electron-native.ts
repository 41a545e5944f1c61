// npm run electron:native: better-sqlite3 rebuilt for the installed Electron, as
// a copy kept apart from node_modules' own Node build, which vitest and the
// browser host load in the same `npm test` (electron/sqlite-binding.ts says
// where the copy goes and when it is loaded). The rebuild needs the network (a
// prebuilt addon from better-sqlite3's releases, or Electron's headers and a C++
// toolchain), so it runs in the release workflow and on developers' machines;
// where downloads are blocked it fails and says so.
import { rebuild } from '@electron/rebuild';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { addonAbi, electronSqliteAddon, electronSqliteDir, installedSqlite } from '../electron/sqlite-binding';

const say = (msg: string) => console.log(`[electron:native] ${msg}`);

/** The installed Electron's version and ABI, read from its package: requiring 'electron' would download its binary. */
function installedElectron(): { version: string; abi: number | undefined } {
  const pkgFile = createRequire(import.meta.url).resolve('electron/package.json');
  const abiFile = join(dirname(pkgFile), 'abi_version');
  return {
    version: (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string }).version,
    // Electron states its own ABI; node-abi's table may not know a newer Electron yet.
    abi: existsSync(abiFile) ? Number(readFileSync(abiFile, 'utf8').trim()) : undefined,
  };
}

/** A throwaway app whose one dependency is a copy of better-sqlite3 without its Node build. */
function stageCopy(staging: string, source: string, sqliteVersion: string): void {
  rmSync(staging, { recursive: true, force: true });
  cpSync(source, join(staging, 'node_modules', 'better-sqlite3'), {
    recursive: true,
    filter: (path) => relative(source, path).split(sep)[0] !== 'build',
  });
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'calllog-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));
}

/** A build against other headers succeeds and then fails to load in Electron: refuse it here instead. */
function checkAbi(addon: string, wanted: number | undefined): void {
  if (!existsSync(addon)) throw new Error(`the rebuild left no ${addon}`);
  const built = addonAbi(addon);
  if (wanted === undefined) {
    say(`not checked: node_modules/electron has no abi_version to compare the addon's ABI (${built ?? 'unknown'}) with`);
    return;
  }
  if (built === wanted) return;
  // npm's nodedir setting points node-gyp at those headers instead of Electron's.
  const nodedir = process.env.npm_config_nodedir ? ` (npm config nodedir=${process.env.npm_config_nodedir} points node-gyp at other headers)` : '';
  throw new Error(`the addon was built for ABI ${built ?? 'unknown'}, Electron needs ${wanted}${nodedir}`);
}

async function main(): Promise<number> {
  const electron = installedElectron();
  const { nodeModules, sqliteVersion } = installedSqlite();
  const target = electronSqliteDir(nodeModules, electron.version, sqliteVersion);
  if (existsSync(electronSqliteAddon(target)) && !process.argv.includes('--force')) {
    say(`already built: ${electronSqliteAddon(target)} (--force rebuilds it)`);
    return 0;
  }
  // Built beside its place and moved there whole, so a failed build never leaves an addon that would be loaded.
  const staging = `${target}.partial-${process.pid}`;
  say(`rebuilding better-sqlite3 ${sqliteVersion} for Electron ${electron.version} (ABI ${electron.abi ?? 'from node-abi'})`);
  try {
    stageCopy(staging, join(nodeModules, 'better-sqlite3'), sqliteVersion);
    await rebuild({
      buildPath: staging,
      // Stops the search for modules at the copy: node_modules' own better-sqlite3 must stay built for Node.
      projectRootPath: staging,
      electronVersion: electron.version,
      onlyModules: ['better-sqlite3'],
      force: true,
      ...(electron.abi ? { forceABI: electron.abi } : {}),
    });
    checkAbi(electronSqliteAddon(staging), electron.abi);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    console.error(`[electron:native] Could not build better-sqlite3 ${sqliteVersion} for Electron ${electron.version}: ${err instanceof Error ? err.message : String(err)}`);
    console.error(
      '[electron:native] It needs to download a prebuilt addon (GitHub releases of better-sqlite3) or Electron\'s headers (electronjs.org, then a C++ toolchain builds it). ' +
        'Without it an unpackaged Electron run cannot open the outbox; `npm test`\'s unit tests and browser-host project do not use it, and `npm run dist` rebuilds for Electron on its own.',
    );
    return 1;
  }
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  renameSync(staging, target);
  say(`built: ${electronSqliteAddon(target)}`);
  return 0;
}

process.exitCode = await main();
