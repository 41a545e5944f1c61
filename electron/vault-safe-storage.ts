// The vault's Cipher under Electron: the OS keychain through safeStorage
// (Keychain on macOS, DPAPI on Windows, libsecret/KWallet on Linux).
// The Cipher interface is synchronous, so this uses the sync safeStorage calls
// (deprecated in favour of the async ones in the Electron we build against, still supported).
import { safeStorage } from 'electron';
import type { Cipher } from './core/vault';

export const NO_SECURE_STORAGE =
  "This computer's secure storage (system keychain) is not available, so the API key cannot be saved safely. " +
  'Sign in to your desktop session (or unlock the keychain) and try again.';

export const NO_KEYRING_WARNING =
  'No system keyring was found (GNOME Keyring or KWallet): the API key is only obfuscated on disk. ' +
  'Anyone who can read your files could recover it.';

export class SafeStorageCipher implements Cipher {
  /** Versioned: ciphertext from another cipher (or a later format) is never fed to this one. */
  readonly id = 'electron-safestorage-v1';

  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  unavailableReason(): string | null {
    return safeStorage.isEncryptionAvailable() ? null : NO_SECURE_STORAGE;
  }

  weaknessWarning(): string | null {
    if (this.platform !== 'linux') return null;
    // basic_text: Chromium found no keyring and encrypts with a fixed, public password.
    const backend = safeStorage.getSelectedStorageBackend();
    return backend === 'basic_text' || backend === 'unknown' ? NO_KEYRING_WARNING : null;
  }

  protection(): string {
    if (this.weaknessWarning()) return 'Only obfuscated: no system keyring was found';
    const where = this.platform === 'darwin' ? 'macOS Keychain' : this.platform === 'win32' ? 'Windows DPAPI' : `system keyring (${safeStorage.getSelectedStorageBackend()})`;
    return `Encrypted by the operating system: ${where}`;
  }

  encrypt(plain: string): Buffer {
    return safeStorage.encryptString(plain);
  }

  decrypt(data: Buffer): string {
    return safeStorage.decryptString(data);
  }
}
