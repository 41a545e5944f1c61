import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { posixModesApply } from '../../test/support/file-modes';
import { useTempDirs } from '../../test/support/temp-dir';
import { keyHeaderValue } from './leadsquared/api-key';
import { FileKeyCipher, Vault, VaultError, type Cipher } from './vault';

const tempDir = useTempDirs();
const KEY = 'u$r4e1f0c2b9d8a7e6f5d4c3b2a1f0e9d8c7b6a5';
const HOST = 'asyncapi-in21.leadsquared.com';
const FILE_PROTECTION = 'Encrypted (AES-256-GCM) with a key kept in a file only your user account can read (no OS keyring in use)';

describe('Vault with the file cipher', () => {
  it('stores only ciphertext, in owner-only files, and reports { hasKey, hint }', () => {
    const dir = tempDir();
    const v = new Vault(dir, new FileKeyCipher(dir));
    expect(v.status()).toEqual({ hasKey: false, hint: null, host: null, warning: null, protection: FILE_PROTECTION });
    expect(v.set(KEY, HOST)).toEqual({ hasKey: true, hint: KEY.slice(-4), host: HOST, warning: null, protection: FILE_PROTECTION });
    const stored = readFileSync(join(dir, 'api-key.json'), 'utf8');
    expect(stored).not.toContain(KEY);
    expect(stored).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(JSON.parse(stored)).toMatchObject({ v: 1, cipher: 'aes-256-gcm-file', host: HOST });
    if (posixModesApply('vault files')) for (const f of ['api-key.json', 'vault.key']) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    // Written through a temp file and a rename: nothing else is left behind.
    expect(readdirSync(dir).sort()).toEqual(['api-key.json', 'vault.key']);
  });

  it('reads the key back in a new process-like instance, as an opaque value', () => {
    const dir = tempDir();
    new Vault(dir, new FileKeyCipher(dir)).set(KEY, HOST);
    const { key, host } = new Vault(dir, new FileKeyCipher(dir)).apiKey()!;
    expect(host).toBe(HOST);
    expect(keyHeaderValue(key)).toBe(KEY);
    expect(String(key)).not.toContain(KEY);
    expect(JSON.stringify({ key })).not.toContain(KEY);
    expect(inspect(key)).not.toContain(KEY);
  });

  it('treats tampered ciphertext, or a shortened auth tag, as no key', () => {
    const dir = tempDir();
    new Vault(dir, new FileKeyCipher(dir)).set(KEY, HOST);
    const cipher = new FileKeyCipher(dir);
    const sealed = cipher.encrypt(KEY);
    // IV (12) + tag (16) + body. A 4-byte tag would pass far more forgeries: refused.
    const shortTag = Buffer.concat([sealed.subarray(0, 16), sealed.subarray(28)]);
    expect(() => cipher.decrypt(shortTag)).toThrow();
    expect(cipher.decrypt(sealed)).toBe(KEY);
    const file = join(dir, 'api-key.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.data = Buffer.from('x'.repeat(40)).toString('base64');
    writeFileSync(file, JSON.stringify(data));
    expect(new Vault(dir, new FileKeyCipher(dir)).status().hasKey).toBe(false);
  });

  it('clears the key', () => {
    const dir = tempDir();
    const v = new Vault(dir, new FileKeyCipher(dir));
    v.set(KEY, HOST);
    expect(v.clear().hasKey).toBe(false);
    expect(new Vault(dir, new FileKeyCipher(dir)).status().hasKey).toBe(false);
  });

  it.each([['short'], ['has a space in it'], [''], [42]])('refuses %j with a message', (bad) => {
    const dir = tempDir();
    expect(() => new Vault(dir, new FileKeyCipher(dir)).set(bad, HOST)).toThrow(VaultError);
  });

  it('refuses to store when the cipher cannot encrypt, saying why', () => {
    const dir = tempDir();
    const broken: Cipher = {
      id: 'none',
      unavailableReason: () => 'This computer cannot encrypt the key',
      weaknessWarning: () => null,
      protection: () => 'none',
      encrypt: () => {
        throw new Error('unreachable');
      },
      decrypt: () => '',
    };
    expect(() => new Vault(dir, broken).set(KEY, HOST)).toThrow('This computer cannot encrypt the key');
  });
});
