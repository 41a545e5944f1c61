// Where the API key may go. It is sent only to the async host it was saved for
// (changing the host asks for the key again), and only to LeadSquared's own
// domain unless the agent confirmed that exact other host in Settings; this
// computer's loopback sandbox is for development only (CALLLOG_ALLOW_HTTP_LOOPBACK=1).
import { isLoopbackHost } from '../../shared/loopback';
import { isLeadSquaredHost, SETTINGS_LABELS, type Settings, type SettingsField } from '../../shared/settings';
import type { ApiKey } from './leadsquared/api-key';
import { VaultError, type KeyStatus, type StoredKey, type Vault } from './vault';

export interface HostProblem {
  field: SettingsField;
  message: string;
}

/** Null when calls (and so the key) may go to the configured host. */
export function hostTrustProblem(s: Pick<Settings, 'asyncHost' | 'trustedHost'>, allowHttpLoopback: boolean): HostProblem | null {
  const host = s.asyncHost;
  if (host === '' || isLeadSquaredHost(host)) return null;
  if (isLoopbackHost(host) && !allowHttpLoopback) {
    return {
      field: 'asyncHost',
      message: `${host} is this computer, not LeadSquared: a local sandbox is for development only (start the app with CALLLOG_ALLOW_HTTP_LOOPBACK=1)`,
    };
  }
  if (s.trustedHost !== host) {
    return {
      field: 'trustedHost',
      message: `${host} is not a LeadSquared host. Tick “${SETTINGS_LABELS.trustedHost}” if your API key may really go there.`,
    };
  }
  return null;
}

/** The saved key is for `boundHost` only (null: saved before keys had a host, so for none yet). */
export function keyHostMismatch(boundHost: string | null, asyncHost: string): string | null {
  if (boundHost === null) {
    return `The API key was saved before keys were tied to a host, so it is not sent to ${asyncHost || 'any host'}. Open Settings and paste the key again: it is only ever sent to the host it was saved for.`;
  }
  if (boundHost === asyncHost) return null;
  return `The API key was saved for ${boundHost || 'another host'}, not ${asyncHost || 'the current setup'}. Open Settings and paste the key again: it is only ever sent to the host it was saved for.`;
}

export interface BoundKeyStatus extends KeyStatus {
  /** The key was saved for the host now configured, so it will be used. */
  forCurrentHost: boolean;
}

/** The vault seen through the configured host: a key saved for another host is not used. */
export class HostBoundKey {
  constructor(
    private readonly vault: Vault,
    private readonly asyncHost: () => string,
  ) {}

  /**
   * The saved key, bound first if it was saved before keys had a host. Such a key
   * was meant for LeadSquared, so it is bound to the configured host only when that
   * is a LeadSquared host: binding it to whatever host is set would hand it to
   * anything that set one (a transfer file, a renderer bug, the browser host's token)
   * while no host was configured. Otherwise it stays unbound, and unused, until the
   * agent chooses a LeadSquared host or pastes the key again.
   */
  private stored(): StoredKey | null {
    const stored = this.vault.apiKey();
    const host = this.asyncHost();
    if (stored?.host === null && isLeadSquaredHost(host)) {
      this.vault.adopt(host);
      return this.vault.apiKey();
    }
    return stored;
  }

  /** The key for the HTTP client, only when it was saved for the configured host. */
  usable(): ApiKey | null {
    const stored = this.stored();
    return stored && keyHostMismatch(stored.host, this.asyncHost()) === null ? stored.key : null;
  }

  /** Why usable() is null, in words. */
  missingReason(): string {
    const stored = this.stored();
    if (stored) return keyHostMismatch(stored.host, this.asyncHost()) ?? '';
    return 'No API key saved yet. Open Settings and paste your LeadSquared API key.';
  }

  status(): BoundKeyStatus {
    this.stored();
    const status = this.vault.status();
    return { ...status, forCurrentHost: status.hasKey && status.host === this.asyncHost() };
  }

  /** Saves the key for the configured host. */
  set(raw: unknown): BoundKeyStatus {
    const host = this.asyncHost();
    if (host === '') throw new VaultError(`Fill in the ${SETTINGS_LABELS.asyncHost} first: the key is saved for that host and sent nowhere else`);
    this.vault.set(raw, host);
    return this.status();
  }

  clear(): BoundKeyStatus {
    this.vault.clear();
    return this.status();
  }
}
