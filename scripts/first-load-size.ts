// `npx tsx scripts/first-load-size.ts` after `npm run build:renderer`: what the
// browser must fetch before the first page (Log call) can run: index.html, its
// stylesheet(s) and the entry script with everything it imports statically
// (pages loaded with import() and the tab's icon are not counted). Sizes are gzip level 9.
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const FIRST_LOAD_GOAL_BYTES = 130 * 1024;

export interface FirstLoad {
  files: { file: string; bytes: number; gzip: number }[];
  bytes: number;
  gzip: number;
}

const STATIC_IMPORT = /(?:^|[;}\n])\s*import\s*(?:[\w$*{}\s,]+from\s*)?["'](\.\.?\/[^"']+\.js)["']/g;

export function firstLoad(dir: string): FirstLoad {
  const seen = new Set<string>();
  const files: FirstLoad['files'] = [];
  const add = (rel: string) => {
    const path = normalize(join(dir, rel));
    if (seen.has(path)) return;
    seen.add(path);
    const body = readFileSync(path);
    files.push({ file: path.slice(dir.length).replace(/^[\\/]/, ''), bytes: body.length, gzip: gzipSync(body, { level: 9 }).length });
    if (path.endsWith('.js')) for (const m of body.toString('utf8').matchAll(STATIC_IMPORT)) add(join(dirname(path).slice(dir.length), m[1]!));
  };
  add('index.html');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  // The tab's icon is fetched beside the page, never before it can run.
  for (const m of html.matchAll(/<(?:script[^>]*\ssrc|link(?![^>]*\srel="icon")[^>]*\shref)="\.?\/?([^"]+)"/g)) add(m[1]!);
  return { files, bytes: files.reduce((n, f) => n + f.bytes, 0), gzip: files.reduce((n, f) => n + f.gzip, 0) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const load = firstLoad(fileURLToPath(new URL('../dist/renderer/', import.meta.url)));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of load.files) console.log(`${f.file.padEnd(40)} ${kb(f.bytes).padStart(10)} ${kb(f.gzip).padStart(10)} gzip`);
  console.log(`first load: ${kb(load.bytes)}, ${kb(load.gzip)} gzip = ${(load.gzip / FIRST_LOAD_GOAL_BYTES).toFixed(2)} of the 130 KB goal`);
}
