// Turns what an admin pastes from LeadSquared's connector config into the three
// async endpoints. Anything we cannot read with certainty is refused, never guessed.
import { isLoopbackHost } from '../../../shared/loopback';

export class ConnectorUrlError extends Error {
  override name = 'ConnectorUrlError';
}

export interface ConnectorTokens {
  token: string;
  /** Second path segment: Universal Telephony Connector only. */
  guid: string | null;
}

export interface Endpoints {
  submitUrl: string;
  metricsUrl: string;
  statusUrl(requestId: string): string;
  /** scheme://host[:port] of the async host: the only place the key is sent. */
  origin: string;
}

const SEGMENT = /^[A-Za-z0-9_-]{6,128}$/;
const API_PATH = ['1', 'api', 'telephony', 'logcallcomplete'];

export function httpLoopbackAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CALLLOG_ALLOW_HTTP_LOOPBACK === '1';
}

function checkScheme(url: URL, what: string, allowHttpLoopback: boolean): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
    if (allowHttpLoopback) return;
    throw new ConnectorUrlError(`${what} uses plain http://; LeadSquared needs https://`);
  }
  if (url.protocol === 'http:') throw new ConnectorUrlError(`${what} uses plain http://; LeadSquared needs https://`);
  throw new ConnectorUrlError(`${what} must start with https://`);
}

/**
 * Reads the connector's Call Log API URL, sync or async form, with one segment
 * (all connectors) or two (Universal Telephony Connector).
 */
export function parseConnectorUrl(pasted: string, allowHttpLoopback = httpLoopbackAllowed()): ConnectorTokens {
  const text = pasted.trim();
  if (text === '') throw new ConnectorUrlError('Call Log API URL is empty: paste it from the connector settings in LeadSquared');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConnectorUrlError('Call Log API URL is not a web address: paste the whole URL, starting with https://');
  }
  checkScheme(url, 'Call Log API URL', allowHttpLoopback);
  if (url.username || url.password) throw new ConnectorUrlError('Call Log API URL must not contain a user name or password');
  const parts = url.pathname.split('/').filter((p) => p !== '');
  const head = parts.slice(0, API_PATH.length).map((p) => p.toLowerCase());
  if (head.join('/') !== API_PATH.join('/')) {
    throw new ConnectorUrlError(
      'Call Log API URL should contain /1/api/Telephony/LogCallComplete/ followed by the connector token',
    );
  }
  const rest = parts.slice(API_PATH.length);
  if (rest.length === 0) throw new ConnectorUrlError('Call Log API URL has no connector token after LogCallComplete/');
  if (rest.length > 2) throw new ConnectorUrlError('Call Log API URL has extra parts after the connector token');
  const bad = rest.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) throw new ConnectorUrlError(`Call Log API URL has an unexpected token "${bad.slice(0, 40)}"`);
  if (rest[0]!.toLowerCase() === 'status' || rest[0]!.toLowerCase() === 'metrics') {
    throw new ConnectorUrlError('That is the status or metrics URL; paste the Call Log API URL itself');
  }
  return { token: rest[0]!, guid: rest[1] ?? null };
}

/** Derives submit, status and metrics URLs on the async host. */
export function buildEndpoints(
  asyncHost: string,
  tokens: ConnectorTokens,
  allowHttpLoopback = httpLoopbackAllowed(),
): Endpoints {
  const host = asyncHost.trim();
  if (host === '') throw new ConnectorUrlError('Async API host is empty: choose your region in Settings');
  if (/[/?#@\s]/.test(host) || host.includes('://')) {
    throw new ConnectorUrlError('Async API host should be a host name like asyncapi-in21.leadsquared.com, without https:// or a path');
  }
  let url: URL;
  try {
    const scheme = allowHttpLoopback && isLoopbackHost(host) ? 'http' : 'https';
    url = new URL(`${scheme}://${host}/`);
  } catch {
    throw new ConnectorUrlError(`Async API host "${host.slice(0, 60)}" is not a valid host name`);
  }
  const origin = url.origin;
  const base = `${origin}/1/api/telephony/logcallcomplete`;
  const tail = [tokens.token, tokens.guid].filter((s): s is string => s !== null).map(encodeURIComponent).join('/');
  return {
    origin,
    submitUrl: `${base}/${tail}`,
    metricsUrl: `${base}/metrics`,
    statusUrl: (requestId) => `${base}/status?RequestID=${encodeURIComponent(requestId)}`,
  };
}
