// One start of the browser host's vault against a data directory, in a process of
// its own as a real start is: the keyring library reaches the session bus once per
// process, so a start with a keyring and one without cannot share a process.
// Saves an API key when given one, then prints one JSON line: what the start
// logged, the API key it opens, and what the keyring holds for the directory.
import { Entry } from '@napi-rs/keyring';
import { resolve } from 'node:path';
import { openHostKeyStore } from '../../electron/browser-host/keyring-key-store';
import { keyHeaderValue } from '../../electron/core/leadsquared/api-key';
import { AesGcmCipher, Vault } from '../../electron/core/vault';

const [dataDir, key, host] = process.argv.slice(2) as [string, string?, string?];
const logs: string[] = [];
const cipher = new AesGcmCipher(openHostKeyStore(dataDir, (m) => logs.push(m)));
const vault = new Vault(dataDir, cipher);
if (key) vault.set(key, host!);
const stored = vault.apiKey();

// The entry keyring-key-store.ts uses for this directory, read the way the library reads it.
let keyring: string | null;
try {
  keyring = new Entry('leadsquared-call-log', `vault-key:${resolve(dataDir)}`, { linux: { store: 'secret-service' } }).getPassword() ?? null;
} catch {
  keyring = null; // no keyring answers in this start
}

process.stdout.write(
  `${JSON.stringify({ logs, savedKey: stored && keyHeaderValue(stored.key), hasKey: vault.status().hasKey, protection: cipher.protection(), keyring })}\n`,
);
