// Packaging config and bundles, checked without packaging: electron-builder.yml
// against electron-builder's own JSON schema, the macOS file names through
// electron-builder's name expansion and electron-updater's own file choice,
// and what each bundle pulls in.
import Ajv from 'ajv';
import { expandMacro } from 'app-builder-lib/out/util/macroExpander';
import { MacUpdater } from 'electron-updater/out/MacUpdater';
import { findFile, resolveFiles } from 'electron-updater/out/providers/Provider';
import { build, type Metafile } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { posixModesApply } from '../test/support/file-modes';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXIT_UNSENT } from './core/outbox/unsent';
import { builtInFeed, PLACEHOLDER_FEED } from './desktop/updater';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = parse(readFileSync(`${root}electron-builder.yml`, 'utf8'));

describe('electron-builder.yml', () => {
  it("validates against electron-builder's schema", () => {
    const schema = JSON.parse(readFileSync(`${root}node_modules/app-builder-lib/scheme.json`, 'utf8'));
    const validate = new Ajv({ strict: false, allowUnionTypes: true, allErrors: true }).compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('packs only the built app, with better-sqlite3 unpacked from the asar', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/renderer/**', 'dist-electron/**', 'package.json']));
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/*.node']));
    expect(config.npmRebuild).toBe(true);
    expect(config.directories.output).toBe('release');
  });

  it('flips the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('targets AppImage and deb, NSIS, and DMG plus zip on macOS, with the icon in build/', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Office' });
    expect(config.linux.maintainer).toBeTruthy();
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac).toMatchObject({ category: 'public.app-category.business' });
    expect(config.mac.target.map((t: { target: string }) => t.target)).toEqual(['dmg', 'zip']);
    const png = readFileSync(`${root}build/icon.png`);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });
});

/** The macOS files `npm run dist` writes for `version`, named as electron-builder names them. */
function macArtifacts(version: string): string[] {
  const appInfo = { productName: config.productName, sanitizedProductName: config.productName, version } as unknown as Parameters<typeof expandMacro>[2];
  return (config.mac.target as { target: string; arch: string[] }[]).flatMap(({ target, arch }) => arch.map((a) => expandMacro(config.mac.artifactName, a, appInfo, { ext: target })));
}

describe('macOS: a build for each architecture, and the zip electron-updater installs from', () => {
  it('builds a DMG and a zip for Apple silicon and for Intel', () => {
    expect(macArtifacts('0.2.0').sort()).toEqual([
      'Call Log for LeadSquared-0.2.0-arm64.dmg',
      'Call Log for LeadSquared-0.2.0-arm64.zip',
      'Call Log for LeadSquared-0.2.0-x64.dmg',
      'Call Log for LeadSquared-0.2.0-x64.zip',
    ]);
  });

  it("each Mac's updater finds the zip for its own architecture in latest-mac.yml (without one: ERR_UPDATER_ZIP_FILE_NOT_FOUND)", () => {
    const info = { version: '0.2.0', path: '', sha512: '', releaseDate: '', files: macArtifacts('0.2.0').map((url) => ({ url, sha512: 'x', size: 1 })) };
    const files = resolveFiles(info, new URL('https://updates.example.com/calllog/'));
    const chosen = (arm64: boolean) => findFile(MacUpdater['filterFilesForArch'](files, arm64), 'zip', ['pkg', 'dmg'])?.info.url;
    expect(chosen(true)).toBe('Call Log for LeadSquared-0.2.0-arm64.zip');
    expect(chosen(false)).toBe('Call Log for LeadSquared-0.2.0-x64.zip');
  });

  it('docs/install.md names the files as they are built', () => {
    const docs = readFileSync(`${root}docs/install.md`, 'utf8');
    for (const name of macArtifacts('<version>')) expect(docs).toContain(`\`${name}\``);
  });
});

describe('updates and uninstall', () => {
  it('publishes a generic update feed, the placeholder the app treats as "none" until a build sets one', () => {
    expect(config.publish).toEqual({ provider: 'generic', url: PLACEHOLDER_FEED });
    expect(builtInFeed(`provider: generic\nurl: ${config.publish.url}\n`)).toBeNull();
  });

  it('keeps the data folder on uninstall and asks the app about unsent calls first (never on update)', () => {
    expect(config.nsis).toMatchObject({ deleteAppDataOnUninstall: false, include: 'build/installer.nsh' });
    const nsh = readFileSync(`${root}${config.nsis.include}`, 'utf8');
    expect(nsh).toMatch(/!macro customUnInit[\s\S]*\$\{ifNot\} \$\{isUpdated\}[\s\S]*--outbox-status[\s\S]*\$0 == 3[\s\S]*!macroend/);
    expect(EXIT_UNSENT).toBe(3); // the code the script tests for
    // A per-machine uninstall runs as whoever elevated it: it says it cannot see the other users' calls.
    expect(nsh).toMatch(/\$\{if\} \$installMode == "all"\s+MessageBox [^\n]*other users' calls cannot be checked[^\n]*\/SD IDYES IDYES \+2\s+Abort/);
  });

  it('the .deb warns before removal through a prerm (its postrm stays electron-builder\'s own)', () => {
    expect(config.deb.fpm).toEqual(['--before-remove=build/deb-before-remove.sh']);
    expect(config.deb.afterRemove).toBeUndefined();
    const script = `${root}build/deb-before-remove.sh`;
    if (posixModesApply('the prerm script\'s execute bit')) expect(statSync(script).mode & 0o111).not.toBe(0);
    expect(readFileSync(script, 'utf8')).toMatch(/^#!\/bin\/sh\n/);
  });
});

describe('bundles (as scripts/build-electron.mjs makes them)', () => {
  async function bundle(entry: string, format: 'esm' | 'cjs', external: string[]) {
    const r = await build({ absWorkingDir: root, entryPoints: [entry], bundle: true, platform: 'node', target: 'node22', format, external, write: false, metafile: true, logLevel: 'silent' });
    const meta = r.metafile as Metafile;
    const output = Object.values(meta.outputs)[0]!;
    return { inputs: Object.keys(meta.inputs), imports: output.imports.filter((i) => i.external).map((i) => i.path) };
  }

  it('the preload is small and zod-free, and requires nothing but electron', async () => {
    const b = await bundle('electron/preload.ts', 'cjs', ['electron']);
    expect(b.inputs.filter((i) => i.includes('node_modules'))).toEqual([]);
    expect(b.inputs.sort()).toEqual(['electron/preload.ts', 'shared/ipc-names.ts']);
    expect([...new Set(b.imports)]).toEqual(['electron']);
  });

  it('main bundles everything but Electron, the native module and the stores', async () => {
    // pg-native is pg's optional native client: required only if pg.native is read, which the app never does.
    const allowed = new Set(['electron', 'better-sqlite3', 'electron-store', 'conf', 'pg-native', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const b = await bundle('electron/main.ts', 'esm', ['electron', 'better-sqlite3', 'electron-store', 'conf', 'pg-native']);
    expect(b.imports.filter((i) => !allowed.has(i))).toEqual([]);
  });

  it('the core never imports electron (it runs in plain Node for the browser host and tests)', async () => {
    const b = await bundle('electron/core/service.ts', 'esm', ['electron', 'better-sqlite3', 'conf']);
    expect(b.imports).not.toContain('electron');
  });
});
