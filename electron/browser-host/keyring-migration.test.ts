// The browser host's vault key moving between the OS keyring and `vault.key`
// across starts with and without a keyring (a desktop session, then one without
// D-Bus, then a desktop again): the saved API key survives every order. The
// keyring is a real Secret Service, thrown away after (gnome-keyring-daemon on a
// private D-Bus bus: test/support/secret-service.ts); a start without one gets a
// bus address that answers nothing. Each start is a process of its own, as a
// real start is; the vault, its files and the AES-GCM cipher are the real ones.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretServiceMissing, startSecretService, type SecretService } from '../../test/support/secret-service';
import { useTempDirs } from '../../test/support/temp-dir';
import { writePrivate } from '../core/vault';

const run = promisify(execFile);
const tempDir = useTempDirs();
const HOST = 'asyncapi-in21.leadsquared.com';
const KEY = 'a-real-looking-api-key-0123456789';
const CHILD = fileURLToPath(new URL('../../test/support/vault-start-child.ts', import.meta.url));
/** A session without D-Bus: the keyring library fails to connect, as on a server. */
const NO_BUS = 'unix:path=/nonexistent';

const missing = secretServiceMissing();
if (missing) console.info(`keyring migration tests skipped: ${missing}`);

/** What one start saw: its log lines, the API key it opens, what the keyring holds for the directory. */
interface Start {
  logs: string[];
  savedKey: string | null;
  hasKey: boolean;
  protection: string;
  keyring: string | null;
}

/** One start of the browser host's vault against `dir` on the session bus `bus`, saving `save` if given. */
async function start(dir: string, bus: string, save?: string): Promise<Start> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, dir, ...(save ? [save, HOST] : [])], {
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus },
  });
  return JSON.parse(stdout.trim()) as Start;
}

const vaultKeyFile = (dir: string) => join(dir, 'vault.key');

describe.skipIf(missing !== null)('browser host vault key across starts with and without a keyring', () => {
  let desktop: SecretService;
  beforeAll(async () => {
    desktop = await startSecretService({ loginKeyring: true });
  });
  afterAll(() => desktop?.stop());

  it('a start without a keyring only reads: the next start with it still opens the saved key', async () => {
    const dir = tempDir();
    const first = await start(dir, desktop.address, KEY);
    expect(first.savedKey).toBe(KEY);
    expect(first.protection).toMatch(/with a key kept in /);
    expect(first.keyring).toMatch(/^[A-Za-z0-9+/]{43}=$/); // the 32-byte AES key, base64
    expect(existsSync(vaultKeyFile(dir))).toBe(false);

    // No keyring: the key cannot be read here, and asking for it makes no key of its own.
    const without = await start(dir, NO_BUS);
    expect(without.logs[0]).toMatch(/^No OS keyring \(.*\/nonexistent.*\): the vault key stays in a file only this user can read\.$/);
    expect(without.savedKey).toBeNull();
    expect(without.hasKey).toBe(false);
    expect(existsSync(vaultKeyFile(dir))).toBe(false);

    const back = await start(dir, desktop.address);
    expect(back.savedKey).toBe(KEY);
    expect(back.keyring).toBe(first.keyring);
  });

  it('a key file that does not open the saved key never replaces the keyring’s', async () => {
    const dir = tempDir();
    const first = await start(dir, desktop.address, KEY);
    // A stray key file, as an older version made on a read-only start without a keyring.
    writePrivate(vaultKeyFile(dir), randomBytes(32));

    const next = await start(dir, desktop.address);
    expect(next.savedKey).toBe(KEY);
    expect(next.logs).toEqual([expect.stringMatching(/vault\.key does not open the saved API key: the keyring's vault key is kept/)]);
    expect(next.protection).toMatch(/with a key kept in /);
    expect(next.keyring).toBe(first.keyring);
    // And again on the start after.
    expect((await start(dir, desktop.address)).savedKey).toBe(KEY);
  });

  it('a key saved again during a start without a keyring moves into the keyring, and its file goes', async () => {
    const dir = tempDir();
    const first = await start(dir, desktop.address, 'the-key-saved-on-the-desktop');
    // Without a keyring the agent pasted the key again: it is encrypted with a new file key.
    await start(dir, NO_BUS, KEY);
    const fileKey = readFileSync(vaultKeyFile(dir)).toString('base64');
    expect(fileKey).not.toBe(first.keyring);

    const back = await start(dir, desktop.address);
    expect(back.savedKey).toBe(KEY);
    expect(back.keyring).toBe(fileKey);
    expect(existsSync(vaultKeyFile(dir))).toBe(false);
    expect((await start(dir, desktop.address)).savedKey).toBe(KEY);
  });

  it('an install from before the keyring moves its key file in; a keyring with nowhere to keep it leaves the file', async () => {
    const dir = tempDir();
    await start(dir, NO_BUS, KEY);
    const fileKey = readFileSync(vaultKeyFile(dir)).toString('base64');

    // A Secret Service that answers but has no keyring to store in (none was ever made in that session).
    const nowhere = await startSecretService({ loginKeyring: false });
    try {
      const refused = await start(dir, nowhere.address);
      expect(refused.logs).toEqual([expect.stringMatching(/^No OS keyring \(.+\): the vault key stays in a file only this user can read\.$/)]);
      expect(refused.savedKey).toBe(KEY);
      expect(refused.keyring).toBeNull();
      expect(existsSync(vaultKeyFile(dir))).toBe(true);
    } finally {
      await nowhere.stop();
    }

    const moved = await start(dir, desktop.address);
    expect(moved.savedKey).toBe(KEY);
    expect(moved.keyring).toBe(fileKey);
    expect(existsSync(vaultKeyFile(dir))).toBe(false);
  });
});
