// Secrets out of every line the app writes down (log files, diagnostics).
// Two nets, so a secret needs no caller's care to stay out:
// - values: every secret the process holds is registered where it is made
//   (an ApiKey on construction, the browser host's token when minted, a team
//   database password when parsed), and any occurrence of it is replaced;
// - shapes: header-, query- and URL-credential patterns are masked even when
//   their value was never registered (e.g. a key typed into a bad request).
import { inspect } from 'node:util';

export const REDACTED = '[redacted]';

// Short values would mask ordinary words; real keys and tokens are far longer.
const MIN_SECRET_LENGTH = 6;
const secrets = new Set<string>();

/** Remembers a secret for the life of the process: from now on it never reaches a log. */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string') return;
  const v = value.trim();
  if (v.length >= MIN_SECRET_LENGTH) secrets.add(v);
  // A secret can also travel URL-encoded (query strings, connection strings).
  const encoded = encodeURIComponent(v);
  if (encoded !== v && encoded.length >= MIN_SECRET_LENGTH) secrets.add(encoded);
}

const SHAPES: [RegExp, string][] = [
  // x-api-key: abc / "x-api-key":"abc" / accessKey=abc / token=abc / password=abc
  [/((?:x-api-key|api[-_]?key|access[-_]?key|secret[-_]?key|secret|token|password|passwd|pwd)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi, `$1${REDACTED}`],
  // Authorization: Bearer abc
  [/(authorization["']?\s*[:=]\s*["']?(?:bearer|basic)?\s*)[^\s"',;}]+/gi, `$1${REDACTED}`],
  // scheme://user:password@host (PostgreSQL URLs, proxies)
  [/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  // #token=... in a browser-host URL
  [/(#token=)[^\s&]+/gi, `$1${REDACTED}`],
  // the connector token(s) in a Call Log API URL (…/LogCallComplete/<token>[/<guid>])
  [/(\/logcallcomplete\/)(?!metrics\b|status\b)[^\s"'?#]+/gi, `$1${REDACTED}`],
];

/** The text with every registered secret and every credential-shaped value masked. */
export function redact(text: string): string {
  let out = text;
  // Longest first: a secret that contains another is masked whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
  for (const [re, replacement] of SHAPES) out = out.replace(re, replacement);
  return out;
}

/** Anything a logger may be handed, as redacted text (objects are rendered first, so nested secrets are caught too). */
export function redactValue(value: unknown): string {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) return redact(value.stack ?? `${value.name}: ${value.message}`);
  return redact(inspect(value, { depth: 6, breakLength: Infinity }));
}
