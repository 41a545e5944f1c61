// The built renderer: Log call loads first and alone, under the 130 KB (gzip)
// goal; the other pages are separate chunks fetched on demand; no chunk reaches
// Vite's 500 kB warning. Reads dist/renderer, which `npm test` builds first.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIRST_LOAD_GOAL_BYTES, firstLoad } from '../scripts/first-load-size';

const dist = fileURLToPath(new URL('../dist/renderer/', import.meta.url));
const built = existsSync(join(dist, 'index.html'));
if (!built) console.info('first-load test skipped: dist/renderer is not built (run `npm run build:renderer`; `npm test` does)');

describe.skipIf(!built)('renderer first load', () => {
  it('is under 130 KB gzip and carries none of the other pages', () => {
    const load = firstLoad(dist);
    console.info(`first load: ${load.files.map((f) => f.file).join(', ')}: ${(load.gzip / 1024).toFixed(1)} KB gzip`);
    expect(load.gzip).toBeLessThan(FIRST_LOAD_GOAL_BYTES);
    const code = load.files.map((f) => readFileSync(join(dist, f.file), 'utf8')).join('\n');
    expect(code).toContain('Log a call');
    // Words only History, Settings and the Dashboard say.
    for (const other of ['Call history', 'Agent defaults', 'Calls per hour, by state']) expect(code, other).not.toContain(other);
  });

  it('splits the other pages into their own chunks, none near the 500 kB warning', () => {
    const assets = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
    for (const page of ['HistoryPage', 'SettingsPage', 'DashboardPage']) expect(assets.some((f) => f.startsWith(page)), page).toBe(true);
    for (const f of assets) expect(statSync(join(dist, 'assets', f)).size, f).toBeLessThan(500 * 1000);
  });
});
