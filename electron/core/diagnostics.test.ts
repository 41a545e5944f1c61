// An exported diagnostics archive, unzipped and searched for every secret the
// app was given: what IT needs is in it, what IT must not see is not.
import { unzipSync, strFromU8 } from 'fflate';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEngine, callInput, type EngineFixture } from '../../test/support/engine';
import { useTempDirs } from '../../test/support/temp-dir';
import { exportDiagnostics } from './diagnostics';
import { openLog } from './logging';
import { registerSecret } from './redact';
import { PG_PASSWORD } from '../../test/support/postgres';
import { freshTeamDatabase } from '../../test/support/team';

const tempDir = useTempDirs();
let engine: EngineFixture | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
});

describe('Export diagnostics', () => {
  it('writes one zip with logs, settings, queue counts and versions, and no secret', async () => {
    const dataDir = tempDir();
    const log = openLog({ dir: join(dataDir, 'logs') });
    const key = 'diag-KEY-9f8e7d6c5b4a';
    engine = await openEngine(dataDir, { key, service: { log: log.line } });
    const token = 'browser-host-token-Zx81';
    registerSecret(token);
    const teamDbPassword = 'team-db-pw-7731';
    // A real team database: its connection string (with the cluster's password) is set, and must not leak.
    const teamDb = await freshTeamDatabase();
    await engine.svc.team.setDatabase(teamDb.url);
    engine.svc.logCall(callInput());
    log.info(`Open http://127.0.0.1:4000/#token=${token}`);
    log.warn(`LeadSquared said 401 for x-api-key ${key}`);
    log.error(`team database unreachable: postgres://agent:${teamDbPassword}@10.0.0.5/calls`);
    // A line that reached the file some other way than the redacting logger (an older version, a
    // crash dump): the archive is cleaned on its own, not trusting the log to be clean already.
    const connectorToken = new URL(engine.sandbox.callLogUrl).pathname.split('/').pop()!;
    expect(connectorToken.length).toBeGreaterThan(8);
    appendFileSync(join(log.dir, 'calllog.log'), `raw: key ${key} token ${token} url ${engine.sandbox.callLogUrl} db postgres://agent:${teamDbPassword}@10.0.0.5/calls\n`);

    const out = await exportDiagnostics(engine.svc, { logDir: log.dir, about: () => ({ host: 'test', appVersion: '9.9.9' }) });
    expect(out.saved).toBe(true);
    expect(out.path).toMatch(/diagnostics[\\/]calllog-diagnostics-.*\.zip$/);
    const files = unzipSync(readFileSync(out.path!));
    const text = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
    expect(Object.keys(text).sort()).toEqual(['about.json', 'key.json', 'logs/calllog.log', 'policy.json', 'queue.json', 'settings.json', 'team.json']);

    for (const [name, body] of Object.entries(text)) {
      for (const secret of [key, token, connectorToken, teamDbPassword, PG_PASSWORD]) expect(body, `${name} holds a secret`).not.toContain(secret);
    }
    expect(JSON.parse(text['team.json']!)).toMatchObject({ configured: true, state: 'connected', display: expect.stringContaining(teamDb.name) });
    expect(text['logs/calllog.log']).toContain('LeadSquared said 401 for x-api-key');
    expect(text['logs/calllog.log']).toContain('raw: key ');
    expect(JSON.parse(text['about.json']!)).toMatchObject({ host: 'test', appVersion: '9.9.9', node: process.versions.node });
    expect(JSON.parse(text['queue.json']!).total).toBe(1);
    expect(JSON.parse(text['key.json']!)).toEqual({ hasKey: true, warning: null });
    expect(JSON.parse(text['settings.json']!)).toMatchObject({ asyncHost: engine.sandbox.host, useSandbox: false });
  });

  it('a cancelled save dialog writes nothing', async () => {
    engine = await openEngine(tempDir());
    const out = await exportDiagnostics(engine.svc, { logDir: tempDir(), about: () => ({}), choosePath: async () => null });
    expect(out).toEqual({ saved: false, path: null, message: 'Diagnostics not exported' });
  });
});
