// The x-api-key at rest: only ciphertext on disk, through a Cipher. Electron
// uses safeStorage (OS keychain); the browser host uses AES-256-GCM with a
// random key in the OS keyring or, failing that, in a 0600 file; tests use the
// file. The key is stored with the async host it was saved for. What leaves the
// vault for the UI is { hasKey, hint, host }; the key itself only as an opaque
// ApiKey for the HTTP client.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ApiKey } from './leadsquared/api-key';

export interface Cipher {
  /** Tag stored with the ciphertext so a file is never read with the wrong cipher. */
  readonly id: string;
  /** Null when keys can be stored; otherwise the reason in plain words. */
  unavailableReason(): string | null;
  /** A warning to show even though storage works (e.g. no keyring on Linux). */
  weaknessWarning(): string | null;
  /** How the key is protected at rest, in words for Settings. */
  protection(): string;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

export class VaultError extends Error {
  override name = 'VaultError';
}

export interface KeyStatus {
  hasKey: boolean;
  /** Last 4 characters, for "saved, ends with abcd". */
  hint: string | null;
  /** The async host the key was saved for (null: saved before keys were bound to a host). */
  host: string | null;
  warning: string | null;
  protection: string;
}

const FILE_VERSION = 1;
const fileSchema = z.object({ v: z.literal(FILE_VERSION), cipher: z.string(), data: z.string(), host: z.string().optional() });

export const apiKeySchema = z
  .string({ error: 'API key must be text' })
  .trim()
  .min(8, 'API key is too short: paste the whole key from LeadSquared')
  .max(512, 'API key is too long')
  .refine((s) => /^[\x21-\x7e]+$/.test(s), 'API key contains spaces or characters that cannot be sent in a header');

/**
 * Owner-only, and never half-written: a temp file beside the target, flushed,
 * then renamed over it (a crash leaves the old file or the new one, not a torn one).
 */
export function writePrivate(file: string, data: string | Buffer): void {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Where the 32-byte AES key lives: a keyring entry or a file. */
export interface AesKeyStore {
  /**
   * The key, or null when there is none yet. Reading never makes one: a key made
   * while only reading encrypts nothing, yet would look like the key of whatever
   * is saved (see keyring-key-store.ts, which trusts a file key it finds).
   */
  read(): Buffer | null;
  /** The key, made now if there is none: only saving a secret needs one. */
  readOrCreate(): Buffer;
  /** For Settings: where the key is kept. */
  readonly description: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM with a random key from an AesKeyStore. */
export class AesGcmCipher implements Cipher {
  // One id wherever the AES key is kept: moving the key (file to keyring) keeps the ciphertext readable.
  readonly id = 'aes-256-gcm-file';

  constructor(private readonly store: AesKeyStore) {}

  unavailableReason(): string | null {
    return null;
  }
  weaknessWarning(): string | null {
    return null;
  }
  protection(): string {
    return `Encrypted (AES-256-GCM) with a key ${this.store.description}`;
  }

  private checked(key: Buffer): Buffer {
    if (key.length !== 32) throw new VaultError('The vault key is damaged; clear the API key and enter it again');
    return key;
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const c = createCipheriv('aes-256-gcm', this.checked(this.store.readOrCreate()), iv, { authTagLength: TAG_BYTES });
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }

  decrypt(data: Buffer): string {
    const key = this.store.read();
    if (key === null) throw new VaultError('No vault key on this computer: enter the API key again');
    // A fixed tag length: a shortened tag would otherwise be accepted and weaken the check.
    const d = createDecipheriv('aes-256-gcm', this.checked(key), data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    d.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([d.update(data.subarray(IV_BYTES + TAG_BYTES)), d.final()]).toString('utf8');
  }
}

/** The AES key in `vault.key` beside the data, readable by the owner only. */
export class FileAesKeyStore implements AesKeyStore {
  readonly file: string;
  readonly description = 'kept in a file only your user account can read (no OS keyring in use)';

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = join(dir, 'vault.key');
  }

  read(): Buffer | null {
    try {
      return readFileSync(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  readOrCreate(): Buffer {
    if (!existsSync(this.file)) writePrivate(this.file, randomBytes(32));
    return readFileSync(this.file);
  }
}

/** A key already in hand (one read from a keyring, or one being tried). */
export class FixedAesKeyStore implements AesKeyStore {
  constructor(
    private readonly key: Buffer,
    readonly description: string,
  ) {}

  read(): Buffer {
    return this.key;
  }

  readOrCreate(): Buffer {
    return this.key;
  }
}

/** AES-256-GCM with its key in a 0600 file: the tests' cipher and the browser host's fallback. */
export class FileKeyCipher extends AesGcmCipher {
  constructor(dir: string) {
    super(new FileAesKeyStore(dir));
  }
}

export interface StoredKey {
  key: ApiKey;
  /** Null for a key saved before keys were bound to a host. */
  host: string | null;
}

export class Vault {
  private readonly file: string;
  private cached: StoredKey | null | undefined;

  constructor(
    dir: string,
    private readonly cipher: Cipher,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = join(dir, 'api-key.json');
  }

  /** Encrypts and stores the key for `host`; throws VaultError in words the UI can show. */
  set(key: unknown, host: string): KeyStatus {
    const parsed = apiKeySchema.safeParse(key);
    if (!parsed.success) throw new VaultError(parsed.error.issues[0]!.message);
    const reason = this.cipher.unavailableReason();
    if (reason) throw new VaultError(reason);
    const data = this.cipher.encrypt(parsed.data).toString('base64');
    writePrivate(this.file, JSON.stringify({ v: FILE_VERSION, cipher: this.cipher.id, data, host }));
    this.cached = { key: new ApiKey(parsed.data), host };
    return this.status();
  }

  /** Binds a key saved before keys had a host to `host` (HostBoundKey decides which host may have it). */
  adopt(host: string): void {
    const stored = this.apiKey();
    if (stored === null || stored.host !== null) return;
    const data = this.cipher.encrypt(ApiKey.read(stored.key)).toString('base64');
    writePrivate(this.file, JSON.stringify({ v: FILE_VERSION, cipher: this.cipher.id, data, host }));
    this.cached = { key: stored.key, host };
  }

  clear(): KeyStatus {
    rmSync(this.file, { force: true });
    this.cached = null;
    return this.status();
  }

  /** The key and its host, or null when none is stored or it cannot be read. */
  apiKey(): StoredKey | null {
    if (this.cached !== undefined) return this.cached;
    this.cached = this.load();
    return this.cached;
  }

  status(): KeyStatus {
    const stored = this.apiKey();
    return {
      hasKey: stored !== null,
      hint: stored?.key.hint ?? null,
      host: stored?.host ?? null,
      warning: this.cipher.weaknessWarning(),
      protection: this.cipher.protection(),
    };
  }

  private load(): StoredKey | null {
    if (!existsSync(this.file)) return null;
    try {
      const stored = fileSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (stored.cipher !== this.cipher.id) return null;
      return { key: new ApiKey(this.cipher.decrypt(Buffer.from(stored.data, 'base64'))), host: stored.host ?? null };
    } catch {
      // Unreadable ciphertext (other machine, damaged file): behave as "no key" so the UI asks again.
      return null;
    }
  }
}
