// The safeStorage cipher, alone and inside the real Vault.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockState, resetElectronMock } from '../test/electron-mock';
import { useTempDirs } from '../test/support/temp-dir';
import { Vault, VaultError } from './core/vault';
import { NO_KEYRING_WARNING, SafeStorageCipher } from './vault-safe-storage';

const tempDir = useTempDirs();
beforeEach(() => resetElectronMock());

const KEY = 'u$r-9f8e7d6c5b4a-live';
const HOST = 'asyncapi-in21.leadsquared.com';

describe('SafeStorageCipher', () => {
  it('round-trips through safeStorage and is tagged with a versioned id', () => {
    const c = new SafeStorageCipher('darwin');
    expect(c.id).toBe('electron-safestorage-v1');
    const data = c.encrypt(KEY);
    expect(data.toString('utf8')).not.toContain(KEY);
    expect(c.decrypt(data)).toBe(KEY);
  });

  it('says in plain words why it cannot store when encryption is unavailable, and the vault refuses', () => {
    mockState.safeStorage.available = false;
    const c = new SafeStorageCipher('linux');
    const reason = c.unavailableReason();
    expect(reason).toMatch(/secure storage .*not available.*cannot be saved/i);
    const dir = tempDir();
    const vault = new Vault(dir, c);
    expect(() => vault.set(KEY, HOST)).toThrow(VaultError);
    expect(() => vault.set(KEY, HOST)).toThrow(reason!);
    expect(vault.status()).toMatchObject({ hasKey: false });
  });

  it('warns on Linux without a keyring (basic_text or unknown), not otherwise', () => {
    const linux = new SafeStorageCipher('linux');
    expect(linux.unavailableReason()).toBeNull();
    expect(linux.weaknessWarning()).toBeNull();
    for (const backend of ['basic_text', 'unknown']) {
      mockState.safeStorage.backend = backend;
      expect(linux.weaknessWarning()).toBe(NO_KEYRING_WARNING);
    }
    expect(NO_KEYRING_WARNING).toMatch(/keyring.*only obfuscated/i);
    mockState.safeStorage.backend = 'kwallet6';
    expect(linux.weaknessWarning()).toBeNull();
    mockState.safeStorage.backend = 'basic_text';
    expect(new SafeStorageCipher('win32').weaknessWarning()).toBeNull();
  });

  it('stores only ciphertext through the vault and reads it back after a restart, with the warning surfaced', () => {
    mockState.safeStorage.backend = 'basic_text';
    const dir = tempDir();
    const status = new Vault(dir, new SafeStorageCipher('linux')).set(KEY, HOST);
    expect(status).toEqual({ hasKey: true, hint: KEY.slice(-4), host: HOST, warning: NO_KEYRING_WARNING, protection: 'Only obfuscated: no system keyring was found' });
    const onDisk = readFileSync(join(dir, 'api-key.json'), 'utf8');
    expect(onDisk).toContain('"cipher":"electron-safestorage-v1"');
    expect(onDisk).not.toContain(KEY);
    expect(new Vault(dir, new SafeStorageCipher('linux')).apiKey()?.key.hint).toBe(KEY.slice(-4));
    mockState.safeStorage.backend = 'kwallet6';
    expect(new SafeStorageCipher('linux').protection()).toBe('Encrypted by the operating system: system keyring (kwallet6)');
  });
});
