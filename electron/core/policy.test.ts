// Managed settings through the service, as a host opens it: a policy file on
// disk named by CALLLOG_POLICY_FILE, a real settings file, a real data dir.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir';
import { parsePolicy, policyPath, systemPolicyPaths } from './policy';
import { CallLogService } from './service';
import { FileKeyCipher } from './vault';

const tempDir = useTempDirs();

async function openWithPolicy(policy: unknown, dataDir = tempDir()) {
  const file = join(tempDir(), 'policy.json');
  writeFileSync(file, typeof policy === 'string' ? policy : JSON.stringify(policy));
  const lines: string[] = [];
  const svc = await CallLogService.open({ dataDir, cipher: new FileKeyCipher(dataDir), env: { CALLLOG_POLICY_FILE: file }, log: (m) => lines.push(m) });
  return { svc, dataDir, lines, file };
}

const HOST = 'asyncapi-in21.leadsquared.com';

describe('policy file', () => {
  it('lives at one system-wide path per OS, unless CALLLOG_POLICY_FILE names another', () => {
    // C:\ProgramData before the variable, which anyone can set for their own session.
    const at = (dir: string) => join(dir, 'CallLogForLeadSquared', 'policy.json');
    expect(systemPolicyPaths('win32', { ProgramData: 'D:\\PD' })).toEqual([at('C:\\ProgramData'), at('D:\\PD')]);
    expect(systemPolicyPaths('win32', {})).toEqual([at('C:\\ProgramData')]);
    expect(systemPolicyPaths('darwin', {})).toEqual(['/Library/Application Support/CallLogForLeadSquared/policy.json']);
    expect(systemPolicyPaths('linux', {})).toEqual(['/etc/calllog-leadsquared/policy.json']);
    const programData = tempDir();
    const env = { ProgramData: programData, CALLLOG_POLICY_FILE: join(programData, 'elsewhere.json') };
    expect(policyPath(env, 'win32')).toBe(env.CALLLOG_POLICY_FILE);
    // Once IT's file is in place, an agent's own environment variable cannot replace it.
    mkdirSync(join(programData, 'CallLogForLeadSquared'));
    writeFileSync(join(programData, 'CallLogForLeadSquared', 'policy.json'), '{}');
    expect(policyPath(env, 'win32')).toBe(join(programData, 'CallLogForLeadSquared', 'policy.json'));
  });

  it('presets and locks: a locked field cannot be changed, an unlocked preset can', async () => {
    const { svc } = await openWithPolicy({ setBy: 'Contoso IT', settings: { asyncHost: HOST, useSandbox: false, agentName: 'Front desk' }, locked: ['asyncHost', 'useSandbox'] });
    try {
      expect(svc.getSettings()).toMatchObject({ asyncHost: HOST, useSandbox: false, agentName: 'Front desk' });
      expect(svc.connectionInfo().mode).toBe('leadsquared');
      await expect(svc.updateSettings({ asyncHost: 'asyncapi.leadsquared.com' })).rejects.toMatchObject({
        field: 'asyncHost',
        message: 'Async API host is locked: it was set by Contoso IT and cannot be changed here',
      });
      // The form sends every field: the locked value unchanged is accepted with the rest.
      await svc.updateSettings({ asyncHost: HOST, useSandbox: false, agentName: 'Asha' });
      expect(svc.getSettings()).toMatchObject({ asyncHost: HOST, agentName: 'Asha' });
    } finally {
      await svc.close();
    }
  });

  it('an unlocked preset applies once: the agent’s own change survives a restart, a new preset value applies again', async () => {
    const dataDir = tempDir();
    const first = await openWithPolicy({ settings: { agentName: 'Front desk' } }, dataDir);
    await first.svc.updateSettings({ agentName: 'Asha' });
    await first.svc.close();
    const again = await openWithPolicy({ settings: { agentName: 'Front desk' } }, dataDir);
    expect(again.svc.getSettings().agentName).toBe('Asha');
    await again.svc.close();
    const changed = await openWithPolicy({ settings: { agentName: 'Night shift' } }, dataDir);
    expect(changed.svc.getSettings().agentName).toBe('Night shift');
    await changed.svc.close();
  });

  it('presets a host outside LeadSquared with its trustedHost, in either order, as Settings would take them together', async () => {
    const PROXY = 'lsq-proxy.contoso.example';
    for (const settings of [
      { asyncHost: PROXY, trustedHost: PROXY, useSandbox: false },
      { trustedHost: PROXY, asyncHost: PROXY, useSandbox: false },
    ]) {
      const { svc } = await openWithPolicy({ settings });
      try {
        expect(svc.policy.problems).toEqual([]);
        expect(svc.getSettings()).toMatchObject({ asyncHost: PROXY, trustedHost: PROXY, useSandbox: false });
      } finally {
        await svc.close();
      }
    }
    // A host outside LeadSquared without the trust is still refused, naming the field; the rest applies.
    const { svc } = await openWithPolicy({ settings: { asyncHost: PROXY, agentName: 'Front desk' } });
    try {
      expect(svc.policy.problems).toEqual([expect.stringMatching(/settings\.asyncHost: lsq-proxy\.contoso\.example is not a LeadSquared host/)]);
      expect(svc.getSettings()).toMatchObject({ asyncHost: '', agentName: 'Front desk' });
    } finally {
      await svc.close();
    }
  });

  it('a bad field is named and dropped; everything valid still applies and the app opens', async () => {
    const { svc, lines, file } = await openWithPolicy({
      setBy: 'Contoso IT',
      settings: { asyncHost: 'asyncapi leadsquared com', callLogUrl: HOST, useSandbox: false, timeZone: 'Asia/Kolkata', colour: 'blue' },
      locked: ['asyncHost', 'timeZone', 'nope'],
      updates: { url: 'ftp://updates.example.com' },
      // IT's typo in a password (a bare %): named and dropped, the app still opens.
      teamDatabase: 'postgres://desk:50%off@db.example.com/calllog',
      extra: 1,
    });
    try {
      const problems = svc.policy.problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/settings\.asyncHost \(Async API host\): Async API host should be a host name/),
          expect.stringMatching(/settings\.callLogUrl \(Call Log API URL\): /),
          expect.stringMatching(/settings\.colour is not a setting/),
          expect.stringMatching(/locked: asyncHost \(Async API host\) has no valid value/),
          expect.stringMatching(/locked: "nope" is not a setting/),
          expect.stringMatching(/updates\.url must start with https:\/\//),
          expect.stringMatching(/"extra" is not a policy field/),
          expect.stringMatching(/teamDatabase: the password has a % that is not an escape: write a % as %25; ignored/),
        ]),
      );
      expect(problems.join('\n')).not.toContain('50%off');
      expect(svc.policy.teamDatabase).toBeNull();
      for (const p of problems) expect(p).toContain(file);
      expect(lines).toEqual(expect.arrayContaining(problems));
      // What was valid: applied, and timeZone locked.
      expect(svc.getSettings()).toMatchObject({ useSandbox: false, timeZone: 'Asia/Kolkata', asyncHost: '' });
      expect(svc.policy.locked).toEqual(['timeZone']);
      await svc.updateSettings({ asyncHost: HOST }); // not locked after all
    } finally {
      await svc.close();
    }
  });

  it('a file that is not JSON opens the app with no policy and says so', async () => {
    const { svc } = await openWithPolicy('{ "settings": { "asyncHost": ');
    try {
      expect(svc.policy.problems).toEqual([expect.stringMatching(/is not valid JSON .*no setting was taken from it/)]);
      expect(svc.getSettings().useSandbox).toBe(true);
    } finally {
      await svc.close();
    }
  });

  it('the example in docs/install.md is a valid policy', () => {
    const doc = readFileSync(new URL('../../docs/install.md', import.meta.url), 'utf8');
    const example = doc.split('```json\n')[1]!.split('```')[0]!;
    const p = parsePolicy(example, 'docs/install.md');
    expect(p.problems).toEqual([]);
    expect(p.locked).toEqual(['asyncHost', 'callLogUrl', 'useSandbox']);
  });

  it('reads an update feed URL and a BOM-prefixed file (Notepad)', () => {
    const p = parsePolicy('\uFEFF{"updates": {"url": "https://it.example.com/calllog", "check": false}}', 'policy.json');
    expect(p.problems).toEqual([]);
    expect(p.updates).toEqual({ url: 'https://it.example.com/calllog/', check: false });
  });
});
