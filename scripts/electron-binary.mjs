// Where the Electron binary is, without require('electron'): that module
// downloads the binary when it is missing, and machines that cannot download
// it must get a plain answer instead. Used by `npm start` and playwright.config.ts.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** @returns {{ path: string, missing: null } | { path: null, missing: string }} */
export function electronBinary() {
  let dir;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { path: null, missing: 'the electron package is not installed (npm ci)' };
  }
  // Electron's package has no install script, so `npm ci` never fetches the binary.
  const howToGet = 'npm ci does not download it: run `npx install-electron`';
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { path: null, missing: `no Electron binary in node_modules/electron (${howToGet})` };
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? { path: bin, missing: null } : { path: null, missing: `the Electron binary ${bin} is missing (${howToGet})` };
}
