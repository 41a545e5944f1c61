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

  constructor(
    private readonly entry: Entry,
    private readonly stored: string,
  ) {
    this.description = `kept in ${KEYRING_NAMES[process.platform] ?? 'the OS keyring'}`;
  }

  key(): Buffer {
    return Buffer.from(this.stored, 'base64');
  }
}

/**
 * The keyring when it stores and returns a key here; otherwise the file. A key
 * already in the file (an older install) moves into the keyring, so the saved
 * API key stays readable, and the file is removed.
 */
export function openHostKeyStore(dataDir: string, log?: (msg: string) => void): AesKeyStore {
  const file = new FileAesKeyStore(dataDir);
  try {
    // Pinned to Secret Service on Linux: the kernel keyring it would fall back to forgets everything at reboot.
    const entry = new Entry(SERVICE, `vault-key:${resolve(dataDir)}`, { linux: { store: 'secret-service' } });
    let stored = entry.getPassword();
    if (!stored) {
      const key = existsSync(file.file) ? file.key() : randomBytes(32);
      entry.setPassword(key.toString('base64'));
      stored = entry.getPassword();
      // Trust only a keyring that gives back what it was given.
      if (stored !== key.toString('base64')) throw new Error('the keyring did not return the key it was given');
    }
    rmSync(file.file, { force: true });
    return new KeyringAesKeyStore(entry, stored);
  } catch (err) {
    log?.(`No OS keyring (${(err as Error).message.slice(0, 200)}): the vault key stays in a file only this user can read.`);
    return file;
  }
}
