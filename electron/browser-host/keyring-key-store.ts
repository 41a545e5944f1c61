// The browser host's vault key in the OS keyring (macOS Keychain, Windows
// Credential Manager, Secret Service on Linux) through @napi-rs/keyring, so the
// AES key no longer sits in a file beside the ciphertext. Where no keyring
// answers (a server, a container, a session without D-Bus) the key stays in the
// 0600 file, and Settings says so. Electron does not use this: it has safeStorage.
import { Entry } from '@napi-rs/keyring';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { FileAesKeyStore, type AesKeyStore } from '../core/vault';

const SERVICE = 'leadsquared-call-log';

const KEYRING_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'the macOS Keychain',
  win32: 'Windows Credential Manager',
  linux: 'the system keyring (Secret Service)',
};

class KeyringAesKeyStore implements AesKeyStore {
  readonly description: string;

  constructor(private readonly stored: string) {
    this.description = `kept in ${KEYRING_NAMES[process.platform] ?? 'the OS keyring'}`;
  }

  key(): Buffer {
    return Buffer.from(this.stored, 'base64');
  }
}

/**
 * The keyring when it stores and returns a key here; otherwise the file. A key
 * in the file moves into the keyring (the file exists only from an older
 * install or a start without a keyring, so it encrypted the latest API key),
 * and the file is removed once the keyring has given the key back.
 */
export function openHostKeyStore(dataDir: string, log?: (msg: string) => void): AesKeyStore {
  const file = new FileAesKeyStore(dataDir);
  try {
    // Pinned to Secret Service on Linux: the kernel keyring it would fall back to forgets everything at reboot.
    const entry = new Entry(SERVICE, `vault-key:${resolve(dataDir)}`, { linux: { store: 'secret-service' } });
    const fromFile = existsSync(file.file) ? file.key().toString('base64') : null;
    let stored = entry.getPassword();
    if (fromFile !== null || !stored) {
      const key = fromFile ?? randomBytes(32).toString('base64');
      entry.setPassword(key);
      stored = entry.getPassword();
      // Trust only a keyring that gives back what it was given.
      if (stored !== key) throw new Error('the keyring did not return the key it was given');
      rmSync(file.file, { force: true });
    }
    return new KeyringAesKeyStore(stored);
  } catch (err) {
    log?.(`No OS keyring (${(err as Error).message.slice(0, 200)}): the vault key stays in a file only this user can read.`);
    return file;
  }
}
