// Bundles the Electron main process (ESM) and the preload (CommonJS: sandboxed
// preloads cannot load ES modules) into dist-electron/, next to the icon.
// Native and Electron-aware packages stay external and ship in node_modules.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// An output dir may be given (the bundle smoke test builds into a temp dir).
const out = resolve(process.argv[2] ?? `${root}dist-electron`);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  // Maps help read stack traces in development; electron-builder.yml leaves them out of the package.
  sourcemap: 'linked',
  logLevel: process.argv[2] ? 'warning' : 'info',
  legalComments: 'none',
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main.ts'],
    outfile: `${out}/main.mjs`,
    format: 'esm',
    // pg-native: pg's optional native client, required only if pg.native is read; the app uses pg's JS client.
    external: ['electron', 'better-sqlite3', 'electron-store', 'conf', 'pg-native'],
    // Bundled CommonJS dependencies call require() (papaparse: require('stream')): give the ESM bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: `${out}/preload.cjs`,
    format: 'cjs',
    external: ['electron'],
  }),
]);

copyFileSync(`${root}build/icon.png`, `${out}/icon.png`);
