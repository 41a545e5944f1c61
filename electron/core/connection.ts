// Where calls go right now and with which key: the configured LeadSquared
// account, or the built-in sandbox. Also remembers a key LeadSquared refused,
// so nothing is sent with it again until the key (or the setup) changes.
import type { Settings } from '../../shared/settings';
import { hostTrustProblem } from './host-trust';
import { ApiKey } from './leadsquared/api-key';
import { buildEndpoints, ConnectorUrlError, parseConnectorUrl, type Endpoints } from './leadsquared/urls';

export interface SandboxLink {
  host: string;
  callLogUrl: string;
  apiKey: string;
}

export type Connection =
  | { kind: 'ready'; endpoints: Endpoints; key: ApiKey; sandbox: boolean }
  | { kind: 'blocked'; state: 'needs_key' | 'needs_setup'; reason: string };

export type ReadyConnection = Extract<Connection, { kind: 'ready' }>;

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

  current(): Connection {
    this.cached ??= this.resolve();
    return this.cached;
  }

  private resolve(): Connection {
    const s = this.inputs.settings();
    let conn: Connection;
    if (s.useSandbox) {
      const sb = this.inputs.sandbox();
      if (!sb) return { kind: 'blocked', state: 'needs_setup', reason: 'The sandbox is not running yet' };
      conn = this.build(sb.host, sb.callLogUrl, new ApiKey(sb.apiKey), true, true);
    } else {
      const key = this.inputs.apiKey();
      if (!key) return { kind: 'blocked', state: 'needs_key', reason: this.inputs.noKeyReason?.() || 'No API key saved yet. Open Settings and paste your LeadSquared API key.' };
      // Settings refuse such a host too; this also covers a settings file edited by hand.
      const trust = hostTrustProblem(s, this.inputs.allowHttpLoopback);
      if (trust) return { kind: 'blocked', state: 'needs_setup', reason: trust.message };
      conn = this.build(s.asyncHost, s.callLogUrl, key, false, this.inputs.allowHttpLoopback);
    }
    if (conn.kind === 'ready' && conn.key.id === this.rejectedKeyId) {
      return { kind: 'blocked', state: 'needs_key', reason: 'LeadSquared rejected the API key (401). Open Settings and enter a valid key.' };
    }
    return conn;
  }

  private build(host: string, url: string, key: ApiKey, sandbox: boolean, allowHttp: boolean): Connection {
    if (url.trim() === '') return { kind: 'blocked', state: 'needs_setup', reason: 'No Call Log API URL yet. Open Settings and paste it.' };
    if (host.trim() === '') return { kind: 'blocked', state: 'needs_setup', reason: 'No Async API host yet. Open Settings and choose your region.' };
    try {
      const endpoints = buildEndpoints(host, parseConnectorUrl(url, allowHttp), allowHttp);
      return { kind: 'ready', endpoints, key, sandbox };
    } catch (err) {
      if (err instanceof ConnectorUrlError) return { kind: 'blocked', state: 'needs_setup', reason: err.message };
      throw err;
    }
  }
}
