import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { useTempDirs } from '../../test/support/temp-dir';
import { openConfBackend, SettingsError, SettingsService } from './settings';

const tempDir = useTempDirs();
const open = (dir = tempDir()) => new SettingsService(openConfBackend(dir), false);

describe('SettingsService', () => {
  it('starts with defaults: sandbox on, UTC times', () => {
    const s = open().get();
    expect(s).toEqual(DEFAULT_SETTINGS);
    expect(s.useSandbox).toBe(true);
    expect(s.timeZone).toBe('UTC');
  });

  it('saves a valid update to disk and reads it back in a new instance', () => {
    const dir = tempDir();
    open(dir).update({ asyncHost: 'asyncapi-in21.leadsquared.com', agentName: 'Asha', timeZone: 'Asia/Kolkata' });
    const again = open(dir).get();
    expect(again.asyncHost).toBe('asyncapi-in21.leadsquared.com');
    expect(again.agentName).toBe('Asha');
    expect(again.timeZone).toBe('Asia/Kolkata');
  });

  it.each([
    [{ asyncHost: 'http://asyncapi.leadsquared.com/' }, 'asyncHost', /Async API host must use https:\/\//],
    [{ asyncHost: 'ftp://asyncapi.leadsquared.com/' }, 'asyncHost', /Async API host must be an https:\/\/ address/],
    [{ asyncHost: 'https://me:pw@asyncapi.leadsquared.com/' }, 'asyncHost', /user name or password/],
    [{ asyncHost: 'asyncapi leadsquared com' }, 'asyncHost', /Async API host should be a host name/],
    [{ asyncHost: 'proxy.example.com' }, 'trustedHost', /not a LeadSquared host.*Trust this host outside LeadSquared/],
    [{ asyncHost: 'proxy.example.com', trustedHost: 'other.example.com' }, 'trustedHost', /not a LeadSquared host/],
    [{ asyncHost: '127.0.0.1:8080', trustedHost: '127.0.0.1:8080' }, 'asyncHost', /this computer.*CALLLOG_ALLOW_HTTP_LOOPBACK=1/],
    // This computer by any other address, too.
    [{ asyncHost: '127.0.0.2:8443', trustedHost: '127.0.0.2:8443' }, 'asyncHost', /this computer/],
    [{ asyncHost: '0.0.0.0:8443', trustedHost: '0.0.0.0:8443' }, 'asyncHost', /this computer/],
    [{ callLogUrl: 'https://example.com/nope' }, 'callLogUrl', /Call Log API URL/],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone', /Time zone/],
    [{ agentNumber: 'call me' }, 'agentNumber', /Agent phone number/],
    [{ useSandbox: 'yes' }, 'useSandbox', /Use sandbox/],
    [{ callStatuses: [] }, 'callStatuses', /Call status choices/],
    [{ globalShortcut: 'Ctrl+Shift+' }, 'globalShortcut', /shortcut/],
  ])('refuses %j naming the field', (patch, field, message) => {
    const svc = open();
    let err: unknown;
    try {
      svc.update(patch);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SettingsError);
    expect((err as SettingsError).field).toBe(field);
    expect((err as SettingsError).message).toMatch(message);
    expect(svc.get()).toEqual(DEFAULT_SETTINGS); // nothing half-saved
  });

  it('keeps host and port of a pasted address, forgiving spaces around it', () => {
    const svc = open();
    expect(svc.update({ asyncHost: '  https://asyncapi-in21.leadsquared.com/  ' }).asyncHost).toBe('asyncapi-in21.leadsquared.com');
    expect(svc.update({ asyncHost: 'https://AsyncAPI-us11.LeadSquared.com:8443/1/api/telephony/logcallcomplete/abc?x=1#y' }).asyncHost).toBe(
      'asyncapi-us11.leadsquared.com:8443',
    );
    expect(svc.update({ asyncHost: 'asyncapi.leadsquared.com/1/api' }).asyncHost).toBe('asyncapi.leadsquared.com');
    expect(svc.update({ agentName: '  Asha  ', agentNumber: ' 8611795988 ', timeZone: ' Asia/Kolkata ' })).toMatchObject({
      agentName: 'Asha',
      agentNumber: '8611795988',
      timeZone: 'Asia/Kolkata',
    });
  });

  it('takes a host outside LeadSquared only when that exact host is confirmed; loopback only for development', () => {
    const svc = open();
    expect(svc.update({ asyncHost: 'https://proxy.example.com/', trustedHost: 'proxy.example.com' }).asyncHost).toBe('proxy.example.com');
    expect(svc.update({ agentName: 'Asha' }).trustedHost).toBe('proxy.example.com');
    // Another host needs its own confirmation.
    expect(() => svc.update({ asyncHost: 'other.example.com' })).toThrow(/not a LeadSquared host/);
    expect(svc.get().asyncHost).toBe('proxy.example.com');
    const dev = new SettingsService(openConfBackend(tempDir()), true);
    expect(() => dev.update({ asyncHost: '127.0.0.1:8080' })).toThrow(/not a LeadSquared host/);
    expect(dev.update({ asyncHost: 'http://127.0.0.1:8080/', trustedHost: '127.0.0.1:8080' }).asyncHost).toBe('127.0.0.1:8080');
  });

  it('refuses unknown settings', () => {
    expect(() => open().update({ apiKey: 'x' })).toThrow(/Unknown setting: apiKey/);
  });

  it('falls back to the default for a field damaged on disk, keeping the others', () => {
    const dir = tempDir();
    open(dir).update({ agentName: 'Ravi' });
    const file = join(dir, 'settings.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.timeZone = 'Nowhere/Land';
    writeFileSync(file, JSON.stringify(data));
    const s = open(dir).get();
    expect(s.agentName).toBe('Ravi');
    expect(s.timeZone).toBe('UTC');
  });

  it('keeps a file of the wrong shape aside and starts with defaults', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ useSandbox: 'maybe', callStatuses: 7 }));
    expect(open(dir).get()).toEqual(DEFAULT_SETTINGS);
    expect(readdirSync(dir).some((f) => f.startsWith('settings.json.bad-'))).toBe(true);
  });
});
