// `npm run team:try` as a person follows it: the strings it prints, pasted into two
// desktops, give one team (both agents' calls, a failure and its reason, in the
// team's history); its curl line makes the next call fail; Ctrl+C takes the
// database down with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { CallLogService } from '../electron/core/service';
import { FileKeyCipher } from '../electron/core/vault';
import { callInput, FAST_TIMING, waitForState } from './support/engine';
import { useTempDirs } from './support/temp-dir';
import { PG_PASSWORD } from './support/postgres';
import { waitFor } from './support/wait';

const tempDir = useTempDirs();
const ROOT = fileURLToPath(new URL('..', import.meta.url));
let child: ChildProcess | null = null;
const services: CallLogService[] = [];

afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  // Ctrl+C reaches the whole process group (PostgreSQL's server included), as in a terminal.
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
  child = null;
});

function startTeamTry(): Promise<{ out: string; exited: Promise<number | null> }> {
  const c = spawn(process.execPath, ['--import', 'tsx', 'scripts/team-try.ts'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child = c;
  const exited = new Promise<number | null>((resolve) => c.once('exit', (code) => resolve(code)));
  let out = '';
  let err = '';
  c.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`team:try printed no instructions in 60 s: ${out}${err}`)), 60_000);
    c.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/curl .*\n/.test(out)) {
        clearTimeout(timer);
        resolve({ out, exited });
      }
    });
    c.once('exit', (code) => reject(new Error(`team:try ended (${code}) before its instructions: ${out}${err}`)));
  });
}

const printed = (out: string, re: RegExp) => {
  const m = out.match(re);
  if (!m) throw new Error(`team:try did not print ${re}: ${out}`);
  return m[1]!;
};

describe('npm run team:try', () => {
  it('prints what two desktops need to form a team, and Ctrl+C throws the database away', async () => {
    const { out, exited } = await startTeamTry();
    const teamDb = printed(out, /Team database:\s+(\S+)/);
    const host = printed(out, /Async API host:\s+(\S+)/);
    const callLogUrl = printed(out, /Call Log API URL:\s+(\S+)/);
    const apiKey = printed(out, /API key:\s+(\S+)/);
    // The superuser's password it prints is this run's own, not the tests' one written in the repository:
    // the server listens on 127.0.0.1 for as long as it runs, and another user of this computer could
    // otherwise log in as its superuser (and run programs as the account that started it).
    const password = decodeURIComponent(new URL(teamDb).password);
    expect(password).not.toBe(PG_PASSWORD);
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(out).toMatch(/CALLLOG_DATA_DIR=\S+seat-1 CALLLOG_DESKTOP_NAME="Seat 1" CALLLOG_ALLOW_HTTP_LOOPBACK=1 npm run start:browser/);

    // Two desktops set up as the printed lines say (Settings' values and the team database).
    const seat = async (n: number, agentName: string) => {
      const dataDir = tempDir();
      const svc = await CallLogService.open({
        dataDir,
        cipher: new FileKeyCipher(dataDir),
        env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1', CALLLOG_DESKTOP_NAME: `Seat ${n}` },
        timing: FAST_TIMING,
      });
      services.push(svc);
      await svc.updateSettings({ useSandbox: false, asyncHost: host, trustedHost: host, callLogUrl, agentName });
      svc.setKey(apiKey);
      expect((await svc.team.setDatabase(teamDb)).state).toBe('connected');
      return svc;
    };
    const one = await seat(1, 'Asha Rao');
    const two = await seat(2, 'Vikram Shah');
    const ok = one.logCall(callInput({ agentName: 'Asha Rao' }));
    await waitForState(one, ok.id, ['success'], 30_000);

    // The printed curl line, as a person would run it: the next call LeadSquared takes fails.
    const [, header, body, url] = printed(out, /(curl .*)/).match(/-H '(x-sandbox-admin-token: [^']+)' -d '([^']+)' (\S+)$/)!;
    const [name, value] = header!.split(': ');
    const fault = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json', [name!]: value! }, body });
    expect(fault.status).toBe(200);
    const failed = two.logCall(callInput({ agentName: 'Vikram Shah' }));
    await waitForState(two, failed.id, ['failure'], 30_000);

    // Replication follows the local save: the failure reaches the team a moment after the call did.
    await waitFor('both calls in the team’s history, final', async () => (await one.team.list({})).items.filter((c) => c.state === 'success' || c.state === 'failure').length === 2, 20_000);
    const team = (await one.team.list({})).items;
    expect(team.map((c) => [c.desktopName, c.agentName, c.state])).toEqual(
      expect.arrayContaining([
        ['Seat 1', 'Asha Rao', 'success'],
        ['Seat 2', 'Vikram Shah', 'failure'],
      ]),
    );
    expect(team.find((c) => c.state === 'failure')!.statusReason).toMatch(/^MXUserNotFound/);

    for (const s of services.splice(0)) await s.close();
    // The desktops' data folders it printed go with the database (here one made as the command would).
    const seatDir = printed(out, /CALLLOG_DATA_DIR=(\S+seat-1) /);
    mkdirSync(seatDir, { recursive: true });
    process.kill(-child!.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    const after = new pg.Client({ connectionString: teamDb, connectionTimeoutMillis: 3000 });
    await expect(after.connect()).rejects.toThrow(/ECONNREFUSED/);
    expect(existsSync(seatDir), seatDir).toBe(false);
  }, 120_000);
});
