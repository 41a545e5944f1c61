// The browser host's vault key: in the OS keyring where one answers, else in a
// 0600 file; either way the saved API key survives a restart, and Settings names
// the protection in use. Machines without a keyring (CI, containers) run the
// fallback; a desktop with one runs the keyring path. Both are checked here.
import { Entry } from '@napi-rs/keyring';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { posixModesApply } from '../../test/support/file-modes';
import { useTempDirs } from '../../test/support/temp-dir';
import { keyHeaderValue } from '../core/leadsquared/api-key';
import { AesGcmCipher, FileKeyCipher, Vault } from '../core/vault';
import { openHostKeyStore } from './keyring-key-store';

const tempDir = useTempDirs();
const HOST = 'asyncapi-in21.leadsquared.com';
const KEY = 'a-real-looking-api-key-0123456789';
const used: string[] = [];
afterEach(() => {
  // Keyring entries outlive the temp dirs: remove the ones a test made.
  for (const dir of used.splice(0)) {
    try {
      new Entry('leadsquared-call-log', `vault-key:${resolve(dir)}`, { linux: { store: 'secret-service' } }).deletePassword();
    } catch {
      // no keyring here: nothing was stored in one
    }
  }
});

function open(dir: string) {
  used.push(dir);
  const logs: string[] = [];
  const cipher = new AesGcmCipher(openHostKeyStore(dir, (m) => logs.push(m)));
  return { vault: new Vault(dir, cipher), cipher, logs };
}

describe('browser host vault key', () => {
  it('keeps the key in the keyring, or in a 0600 file when there is none, and says which', () => {
    const dir = tempDir();
    const first = open(dir);
    first.vault.set(KEY, HOST);
    const inKeyring = !existsSync(join(dir, 'vault.key'));
    console.info(`vault key store exercised: ${inKeyring ? 'OS keyring' : `file fallback (${first.logs[0]})`}`);
    if (inKeyring) {
      expect(first.cipher.protection()).toMatch(/^Encrypted \(AES-256-GCM\) with a key kept in .*(Keychain|Credential Manager|keyring)/);
    } else {
      expect(first.logs[0]).toMatch(/^No OS keyring .*: the vault key stays in a file only this user can read\.$/);
      expect(first.cipher.protection()).toMatch(/file only your user account can read \(no OS keyring in use\)/);
      if (posixModesApply('vault.key')) expect(statSync(join(dir, 'vault.key')).mode & 0o777).toBe(0o600);
    }
    expect(first.vault.status().protection).toBe(first.cipher.protection());
    expect(keyHeaderValue(open(dir).vault.apiKey()!.key)).toBe(KEY);
  });

  it('an install whose key file predates the keyring keeps its saved API key', () => {
    const dir = tempDir();
    new Vault(dir, new FileKeyCipher(dir)).set(KEY, HOST);
    expect(keyHeaderValue(open(dir).vault.apiKey()!.key)).toBe(KEY);
    expect(keyHeaderValue(open(dir).vault.apiKey()!.key)).toBe(KEY);
  });
});
