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
    [{ asyncHost: 'https://asyncapi.leadsquared.com/' }, 'asyncHost', /Async API host/],
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
