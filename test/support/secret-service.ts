// A throwaway Secret Service (the OS keyring on Linux) for the keyring tests, as
// postgres.ts is a throwaway PostgreSQL: a private D-Bus session bus and
// gnome-keyring-daemon, with a home of their own in a temp dir. Nothing of the
// machine's own keyring is touched; the daemon leaves when its bus does.
// Debian: apt-get install dbus-daemon dbus-bin gnome-keyring (.ci/run does this).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './wait';

const run = promisify(execFile);
const TOOLS = ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon'];

const onPath = (program: string) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, program)));

/** Why a throwaway Secret Service cannot run here, or null when it can. */
export function secretServiceMissing(): string | null {
  if (process.platform !== 'linux') return `the throwaway Secret Service runs on Linux's D-Bus; this is ${process.platform}`;
  const missing = TOOLS.filter((p) => !onPath(p));
  return missing.length ? `${missing.join(', ')} not found (Debian: apt-get install dbus-daemon dbus-bin gnome-keyring; .ci/run does this)` : null;
}

export interface SecretService {
  /** The bus to give a process that should use this keyring (DBUS_SESSION_BUS_ADDRESS). */
  address: string;
  stop(): Promise<void>;
}

/**
 * Starts a bus and a keyring daemon on it. With `loginKeyring` the daemon makes and unlocks a
 * login keyring, where secrets are stored as on a desktop; without, the service answers but has
 * no keyring to put a secret in (as in a session where none was ever made): it refuses to store.
 */
export async function startSecretService(opts: { loginKeyring: boolean }): Promise<SecretService> {
  // About one start in ten, gnome-keyring-daemon never offers its login keyring as the default
  // (seen with or without load): a fresh bus and daemon then do, so a start is tried three times.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts, 8_000);
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

async function startOnce({ loginKeyring }: { loginKeyring: boolean }, readyWithinMs: number): Promise<SecretService> {
  const base = mkdtempSync(join(tmpdir(), 'calllog-keyring-'));
  const home = join(base, 'home');
  const runtime = join(base, 'run');
  mkdirSync(home);
  mkdirSync(runtime, { mode: 0o700 });
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config') };
  delete env.DBUS_SESSION_BUS_ADDRESS;

  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const c of children.reverse()) {
      if (c.exitCode === null && c.signalCode === null) {
        const gone = new Promise((resolve) => c.once('exit', resolve));
        c.kill('SIGTERM');
        await gone;
      }
    }
    rmSync(base, { recursive: true, force: true });
  };
  try {
    const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(bus);
    let printed = '';
    bus.stdout!.on('data', (d: Buffer) => (printed += d.toString()));
    const address = await waitFor('the throwaway D-Bus address', () => (printed.includes('\n') ? printed.split('\n')[0]!.trim() : bus.exitCode !== null ? 'exited' : null), 10_000);
    if (address === 'exited') throw new Error(`dbus-daemon exited (${bus.exitCode}) before printing its address`);

    const daemonEnv = { ...env, DBUS_SESSION_BUS_ADDRESS: address };
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', ...(loginKeyring ? ['--login'] : []), '--components=secrets'], { env: daemonEnv, stdio: ['pipe', 'ignore', 'ignore'] });
    children.push(keyring);
    // --login reads the new login keyring's password from stdin.
    keyring.stdin!.end(loginKeyring ? 'throwaway' : '');

    const defaultCollection = async () => {
      try {
        const { stdout } = await run('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.ReadAlias', 'string:default'], { env: daemonEnv });
        return /object path "([^"]+)"/.exec(stdout)?.[1] ?? null;
      } catch {
        return null; // not on the bus yet
      }
    };
    // Up when it answers; with a login keyring, once that keyring is the default one.
    await waitFor('gnome-keyring-daemon on the throwaway bus', async () => {
      if (keyring.exitCode !== null) throw new Error(`gnome-keyring-daemon exited (${keyring.exitCode})`);
      const path = await defaultCollection();
      return path !== null && (!loginKeyring || path !== '/');
    }, readyWithinMs, 50);
    return { address, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
