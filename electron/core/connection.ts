// Where calls go right now and with which key: the configured LeadSquared
// account, or the built-in sandbox. Also remembers a key LeadSquared refused,
// so nothing is sent with it again until the key (or the setup) changes or the
// agent presses Try again: one 401 parks every call rather than spending the
// budget on a storm of refusals, and a passing 401 is undone by one press.
// Each call keeps the target it was logged for; only calls of the current
// target are sent or checked, the others wait (Needs setup, with why) for their mode.
import type { EntryState } from '../../shared/entry';
import type { Settings } from '../../shared/settings';
import { hostTrustProblem } from './host-trust';
import { ApiKey } from './leadsquared/api-key';
import { buildEndpoints, ConnectorUrlError, parseConnectorUrl, type Endpoints } from './leadsquared/urls';
import type { Target } from './outbox/entries';

export interface SandboxLink {
  host: string;
  callLogUrl: string;
  apiKey: string;
}

export type Connection =
  | { kind: 'ready'; target: Target; endpoints: Endpoints; key: ApiKey }
  | {
      kind: 'blocked';
      target: Target;
      state: 'needs_key' | 'needs_setup';
      reason: string;
      /** Blocked only because a 401 refused this key: Try again (forgetRefusal) may release it. */
      refused?: true;
    };

export type ReadyConnection = Extract<Connection, { kind: 'ready' }>;

/** The target calls logged now are for: the "Use sandbox" setting, whether or not it can send yet. */
export const targetOf = (s: Pick<Settings, 'useSandbox'>): Target => (s.useSandbox ? 'sandbox' : 'leadsquared');

export const otherTarget = (t: Target): Target => (t === 'sandbox' ? 'leadsquared' : 'sandbox');

/** Who answered, in notes: "Accepted by the sandbox" must never read as the customer's CRM. */
export const targetName = (t: Target) => (t === 'sandbox' ? 'the sandbox' : 'LeadSquared');

/** Why a waiting call of `t` is not sent while the other mode is on. */
export function otherTargetReason(t: Target): string {
  return t === 'sandbox'
    ? 'Logged while the sandbox was on: it goes to the sandbox, never to your LeadSquared account. Switch “Use sandbox” on in Settings to send it.'
    : 'Logged for your LeadSquared account: it goes there, never to the sandbox. Switch “Use sandbox” off in Settings to send it.';
}

/** Why the RequestID of a tracked call of `t` is not checked while the other mode is on. */
export function otherTargetCheckReason(t: Target): string {
  return t === 'sandbox'
    ? 'Its RequestID is the sandbox’s: switch “Use sandbox” on in Settings to check its status.'
    : 'Its RequestID is from your LeadSquared account: switch “Use sandbox” off in Settings to check its status.';
}

/** Where a call of `target` saved now waits: queued when this connection can send it, else paused with the reason. */
export function savedState(conn: Connection, target: Target): { state: EntryState; lastError: string | null } {
  if (target !== conn.target) return { state: 'needs_setup', lastError: otherTargetReason(target) };
  return conn.kind === 'ready' ? { state: 'queued', lastError: null } : { state: conn.state, lastError: conn.reason };
}

/**
 * Why calls wait after a 401. The sandbox's key is its own and always right, so there a 401 is a
 * test fault (Settings has no key to change); for the account it may be passing or a wrong key.
 */
export function refusedKeyReason(t: Target): string {
  return t === 'sandbox'
    ? 'The sandbox refused its key (401), a test fault. Press Try again at the top of the window to send again.'
    : 'LeadSquared rejected the API key (401). Press Try again at the top of the window; if it is refused again, open Settings and enter a valid key.';
}

export interface ConnectionInputs {
  settings(): Settings;
  /** The key to use with the configured host, or null. */
  apiKey(): ApiKey | null;
  /** Why apiKey() is null (no key, or one saved for another host). */
  noKeyReason?(): string;
  sandbox(): SandboxLink | null;
  allowHttpLoopback: boolean;
}

export class ConnectionResolver {
  private rejectedKeyId: string | null = null;
  private cached: Connection | null = null;

  constructor(private readonly inputs: ConnectionInputs) {}

  /** Settings, key or sandbox changed: forget the cache and any refused key. */
  invalidate(): void {
    this.cached = null;
    this.rejectedKeyId = null;
  }

  /** LeadSquared answered 401 for this key. */
  reject(key: ApiKey): void {
    this.rejectedKeyId = key.id;
    this.cached = null;
  }

  /**
   * The agent pressed Try again: the refused key is used once more. If it is refused again the
   * calls park again (reject), so a key that stays wrong costs one 401 per press, not a storm.
   */
  forgetRefusal(): boolean {
    if (this.rejectedKeyId === null) return false;
    this.rejectedKeyId = null;
    this.cached = null;
    return true;
  }

  current(): Connection {
    this.cached ??= this.resolve();
    return this.cached;
  }

  private resolve(): Connection {
    const s = this.inputs.settings();
    const target = targetOf(s);
    let conn: Connection;
    if (target === 'sandbox') {
      const sb = this.inputs.sandbox();
      if (!sb) return { kind: 'blocked', target, state: 'needs_setup', reason: 'The sandbox is not running yet' };
      conn = this.build(target, sb.host, sb.callLogUrl, new ApiKey(sb.apiKey), true);
    } else {
      const key = this.inputs.apiKey();
      if (!key) return { kind: 'blocked', target, state: 'needs_key', reason: this.inputs.noKeyReason?.() || 'No API key saved yet. Open Settings and paste your LeadSquared API key.' };
      // Settings refuse such a host too; this also covers a settings file edited by hand.
      const trust = hostTrustProblem(s, this.inputs.allowHttpLoopback);
      if (trust) return { kind: 'blocked', target, state: 'needs_setup', reason: trust.message };
      conn = this.build(target, s.asyncHost, s.callLogUrl, key, this.inputs.allowHttpLoopback);
    }
    if (conn.kind === 'ready' && conn.key.id === this.rejectedKeyId) {
      return { kind: 'blocked', target, state: 'needs_key', reason: refusedKeyReason(target), refused: true };
    }
    return conn;
  }

  private build(target: Target, host: string, url: string, key: ApiKey, allowHttp: boolean): Connection {
    if (url.trim() === '') return { kind: 'blocked', target, state: 'needs_setup', reason: 'No Call Log API URL yet. Open Settings and paste it.' };
    if (host.trim() === '') return { kind: 'blocked', target, state: 'needs_setup', reason: 'No Async API host yet. Open Settings and choose your region.' };
    try {
      const endpoints = buildEndpoints(host, parseConnectorUrl(url, allowHttp), allowHttp);
      return { kind: 'ready', target, endpoints, key };
    } catch (err) {
      if (err instanceof ConnectorUrlError) return { kind: 'blocked', target, state: 'needs_setup', reason: err.message };
      throw err;
    }
  }
}
