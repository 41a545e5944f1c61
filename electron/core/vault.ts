// The x-api-key at rest: only ciphertext on disk, through a Cipher. Electron
// uses safeStorage (OS keychain); the browser host and tests use AES-256-GCM
// with a random key in a 0600 file. What leaves the vault for the UI is
// { hasKey, hint }; the key itself only as an opaque ApiKey for the HTTP client.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  warning: string | null;
}

const FILE_VERSION = 1;
const fileSchema = z.object({ v: z.literal(FILE_VERSION), cipher: z.string(), data: z.string() });

export const apiKeySchema = z
  .string({ error: 'API key must be text' })
  .trim()
  .min(8, 'API key is too short: paste the whole key from LeadSquared')
  .max(512, 'API key is too long')
  .refine((s) => /^[\x21-\x7e]+$/.test(s), 'API key contains spaces or characters that cannot be sent in a header');

function writePrivate(file: string, data: string | Buffer): void {
  writeFileSync(file, data, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** AES-256-GCM with a random 32-byte key kept next to the data, readable by the owner only. */
export class FileKeyCipher implements Cipher {
  readonly id = 'aes-256-gcm-file';
  private readonly keyFile: string;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.keyFile = join(dir, 'vault.key');
  }

  unavailableReason(): string | null {
    return null;
  }
  weaknessWarning(): string | null {
    return null;
  }

  private key(): Buffer {
    if (!existsSync(this.keyFile)) writePrivate(this.keyFile, randomBytes(32));
    const key = readFileSync(this.keyFile);
    if (key.length !== 32) throw new VaultError('The vault key file is damaged; clear the API key and enter it again');
    return key;
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key(), iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }

  decrypt(data: Buffer): string {
    const d = createDecipheriv('aes-256-gcm', this.key(), data.subarray(0, 12));
    d.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
  }
}

export class Vault {
  private readonly file: string;
  private cached: ApiKey | null | undefined;

  constructor(
    dir: string,
    private readonly cipher: Cipher,
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'api-key.json');
  }

  /** Encrypts and stores the key; throws VaultError in words the UI can show. */
  set(key: unknown): KeyStatus {
    const parsed = apiKeySchema.safeParse(key);
    if (!parsed.success) throw new VaultError(parsed.error.issues[0]!.message);
    const reason = this.cipher.unavailableReason();
    if (reason) throw new VaultError(reason);
    const data = this.cipher.encrypt(parsed.data).toString('base64');
    writePrivate(this.file, JSON.stringify({ v: FILE_VERSION, cipher: this.cipher.id, data }));
    this.cached = new ApiKey(parsed.data);
    return this.status();
  }

  clear(): KeyStatus {
    rmSync(this.file, { force: true });
    this.cached = null;
    return this.status();
  }

  /** The key for the HTTP client, or null when none is stored or it cannot be read. */
  apiKey(): ApiKey | null {
    if (this.cached !== undefined) return this.cached;
    this.cached = this.load();
    return this.cached;
  }

  status(): KeyStatus {
    const key = this.apiKey();
    return { hasKey: key !== null, hint: key?.hint ?? null, warning: this.cipher.weaknessWarning() };
  }

  private load(): ApiKey | null {
    if (!existsSync(this.file)) return null;
    try {
      const stored = fileSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (stored.cipher !== this.cipher.id) return null;
      return new ApiKey(this.cipher.decrypt(Buffer.from(stored.data, 'base64')));
    } catch {
      // Unreadable ciphertext (other machine, damaged file): behave as "no key" so the UI asks again.
      return null;
    }
  }
}
