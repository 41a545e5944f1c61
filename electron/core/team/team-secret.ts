// The team database's connection string at rest: encrypted with the same
// cipher as the API key (the OS keychain under Electron), in its own file.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writePrivate, type Cipher } from '../vault';

const fileSchema = z.object({ v: z.literal(1), cipher: z.string(), data: z.string() });

export class TeamSecret {
  private readonly file: string;

  constructor(
    dir: string,
    private readonly cipher: Cipher,
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'team-db.json');
  }

  read(): string | null {
    if (!existsSync(this.file)) return null;
    try {
      const stored = fileSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (stored.cipher !== this.cipher.id) return null;
      return this.cipher.decrypt(Buffer.from(stored.data, 'base64'));
    } catch {
      // Written on another machine or damaged: as if none were set, so Settings asks again.
      return null;
    }
  }

  write(url: string): void {
    const reason = this.cipher.unavailableReason();
    if (reason) throw new Error(reason);
    writePrivate(this.file, JSON.stringify({ v: 1, cipher: this.cipher.id, data: this.cipher.encrypt(url).toString('base64') }));
  }

  clear(): void {
    rmSync(this.file, { force: true });
  }
}
