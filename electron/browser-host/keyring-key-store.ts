// The browser host's vault key in the OS keyring (macOS Keychain, Windows
// Credential Manager, Secret Service on Linux) through @napi-rs/keyring, so the
// AES key no longer sits in a file beside the ciphertext. Where no keyring
// answers (a server, a container, a session without D-Bus) the key stays in the
// 0600 file, and Settings says so. Electron does not use this: it has safeStorage.
import { Entry } from '@napi-rs/keyring';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { AesGcmCipher, FileAesKeyStore, FixedAesKeyStore, Vault, type AesKeyStore } from '../core/vault';

const SERVICE = 'leadsquared-call-log';

const KEYRING_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'the macOS Keychain',
  win32: 'Windows Credential Manager',
  linux: 'the system keyring (Secret Service)',
};

/** What this file needs of @napi-rs/keyring's Entry (tests pass their own: CI has no keyring). */
export interface KeyringEntry {
  getPassword(): string | null;
  setPassword(password: string): void;
}

/** The entry for one data directory; throws where no keyring answers. */
export type OpenKeyringEntry = (account: string) => KeyringEntry;

// Pinned to Secret Service on Linux: the kernel keyring it would fall back to forgets everything at reboot.
const osKeyring: OpenKeyringEntry = (account) => new Entry(SERVICE, account, { linux: { store: 'secret-service' } });

const keyringDescription = () => `kept in ${KEYRING_NAMES[process.platform] ?? 'the OS keyring'}`;

/** Whether `key` decrypts the API key saved in `dataDir`. */
function opensSavedKey(dataDir: string, key: Buffer): boolean {
  return new Vault(dataDir, new AesGcmCipher(new FixedAesKeyStore(key, ''))).apiKey() !== null;
}

/**
 * The keyring when it stores and returns a key here; otherwise the file.
 *
 * A `vault.key` file beside a keyring key is from an older install or from a
 * start without a keyring. It replaces the keyring's key only when there is none
 * there or when it is the key the saved API key was encrypted with (the agent
 * saved the key again during a start without a keyring); any other file key
 * would make the saved API key unreadable for good, so the keyring's key is kept
 * and the file left where it is. A file key moved into the keyring is removed
 * once the keyring has given it back.
 */
export function openHostKeyStore(dataDir: string, log?: (msg: string) => void, openEntry: OpenKeyringEntry = osKeyring): AesKeyStore {
  const file = new FileAesKeyStore(dataDir);
  try {
    const entry = openEntry(`vault-key:${resolve(dataDir)}`);
    const inKeyring = entry.getPassword() || null;
    const inFile = file.read();
    const fileWins = inFile !== null && (inKeyring === null || opensSavedKey(dataDir, inFile));
    const key = fileWins ? inFile.toString('base64') : (inKeyring ?? randomBytes(32).toString('base64'));
    if (key !== inKeyring) {
      entry.setPassword(key);
      // Trust only a keyring that gives back what it was given.
      if (entry.getPassword() !== key) throw new Error('the keyring did not return the key it was given');
    }
    if (fileWins) rmSync(file.file, { force: true });
    else if (inFile !== null) log?.(`${file.file} does not open the saved API key: the keyring's vault key is kept and the file left in place.`);
    return new FixedAesKeyStore(Buffer.from(key, 'base64'), keyringDescription());
  } catch (err) {
    log?.(`No OS keyring (${(err as Error).message.slice(0, 200)}): the vault key stays in a file only this user can read.`);
    return file;
  }
}
