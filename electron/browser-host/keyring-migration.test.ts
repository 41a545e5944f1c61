// The browser host's vault key moving between the OS keyring and `vault.key`
// across starts with and without a keyring (a desktop session, then one without
// D-Bus, then a desktop again): the saved API key survives every order. CI has no
// keyring, so a fake stands in for @napi-rs/keyring's Entry; the vault, its files
// and the AES-GCM cipher are the real ones.
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir';
import { keyHeaderValue } from '../core/leadsquared/api-key';
import { writePrivate, AesGcmCipher, Vault } from '../core/vault';
import { openHostKeyStore, type KeyringEntry, type OpenKeyringEntry } from './keyring-key-store';

const tempDir = useTempDirs();
const HOST = 'asyncapi-in21.leadsquared.com';
const KEY = 'a-real-looking-api-key-0123456789';

/** One computer's keyring: entries by account, like the real one. */
function fakeKeyring() {
  const passwords = new Map<string, string>();
  const open: OpenKeyringEntry = (account): KeyringEntry => ({
    getPassword: () => passwords.get(account) ?? null,
    setPassword: (p) => void passwords.set(account, p),
  });
  return { open, passwords };
}

/** A start where no keyring answers (no D-Bus session): the real library throws when asked. */
const noKeyring: OpenKeyringEntry = () => ({
  getPassword: () => {
    throw new Error('Platform secure storage failure: no D-Bus session');
  },
  setPassword: () => {
    throw new Error('Platform secure storage failure: no D-Bus session');
  },
});

/** One start of the browser host against `dir`: the vault as the service would open it. */
function start(dir: string, keyring: OpenKeyringEntry) {
  const logs: string[] = [];
  const cipher = new AesGcmCipher(openHostKeyStore(dir, (m) => logs.push(m), keyring));
  return { vault: new Vault(dir, cipher), cipher, logs };
}

const savedKey = (vault: Vault) => {
  const stored = vault.apiKey();
  return stored && keyHeaderValue(stored.key);
};

describe('browser host vault key across starts with and without a keyring', () => {
  it('a start without a keyring only reads: the next start with it still opens the saved key', () => {
    const dir = tempDir();
    const keyring = fakeKeyring();
    start(dir, keyring.open).vault.set(KEY, HOST);
    const inKeyring = [...keyring.passwords.values()];
    expect(inKeyring).toHaveLength(1);

    // No keyring: the key cannot be read here, and asking for it makes no key of its own.
    const without = start(dir, noKeyring);
    expect(without.logs[0]).toMatch(/^No OS keyring \(Platform secure storage failure: no D-Bus session\)/);
    expect(without.vault.apiKey()).toBeNull();
    expect(without.vault.status()).toMatchObject({ hasKey: false });
    expect(existsSync(join(dir, 'vault.key'))).toBe(false);

    const back = start(dir, keyring.open);
    expect(savedKey(back.vault)).toBe(KEY);
    expect([...keyring.passwords.values()]).toEqual(inKeyring);
  });

  it('a key file that does not open the saved key never replaces the keyring’s', () => {
    const dir = tempDir();
    const keyring = fakeKeyring();
    start(dir, keyring.open).vault.set(KEY, HOST);
    // A stray key file, as an older version made on a read-only start without a keyring.
    writePrivate(join(dir, 'vault.key'), randomBytes(32));

    const next = start(dir, keyring.open);
    expect(savedKey(next.vault)).toBe(KEY);
    expect(next.logs).toEqual([expect.stringMatching(/vault\.key does not open the saved API key: the keyring's vault key is kept/)]);
    expect(next.cipher.protection()).toMatch(/with a key kept in /);
    // And again on the start after.
    expect(savedKey(start(dir, keyring.open).vault)).toBe(KEY);
  });

  it('a key saved again during a start without a keyring moves into the keyring, and its file goes', () => {
    const dir = tempDir();
    const keyring = fakeKeyring();
    start(dir, keyring.open).vault.set('the-key-saved-on-the-desktop', HOST);
    // Without a keyring the agent pasted the key again: it is encrypted with a new file key.
    const without = start(dir, noKeyring);
    without.vault.set(KEY, HOST);
    const fileKey = readFileSync(join(dir, 'vault.key')).toString('base64');

    const back = start(dir, keyring.open);
    expect(savedKey(back.vault)).toBe(KEY);
    expect([...keyring.passwords.values()]).toEqual([fileKey]);
    expect(existsSync(join(dir, 'vault.key'))).toBe(false);
    expect(savedKey(start(dir, keyring.open).vault)).toBe(KEY);
  });

  it('an install from before the keyring moves its key file in; a keyring that loses what it is given keeps the file', () => {
    const dir = tempDir();
    start(dir, noKeyring).vault.set(KEY, HOST);
    const forgetful: OpenKeyringEntry = () => ({ getPassword: () => null, setPassword: () => undefined });
    const refused = start(dir, forgetful);
    expect(refused.logs).toEqual([expect.stringMatching(/^No OS keyring \(the keyring did not return the key it was given\)/)]);
    expect(savedKey(refused.vault)).toBe(KEY);
    expect(existsSync(join(dir, 'vault.key'))).toBe(true);

    const keyring = fakeKeyring();
    expect(savedKey(start(dir, keyring.open).vault)).toBe(KEY);
    expect(existsSync(join(dir, 'vault.key'))).toBe(false);
    expect(keyring.passwords.size).toBe(1);
  });
});
