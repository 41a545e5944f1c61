// The renderer is served from app://bundle/ rather than file://: a real origin
// (so the sender check in ipc-main.ts has something to compare), a CSP header
// on every response, and nothing outside dist/renderer is reachable.
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The renderer talks only to main over IPC: no network, no inline code, no framing. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** True for URLs of our own bundle (scheme and host), whatever the path. */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Must run before app 'ready': Chromium fixes scheme privileges at start-up. */
export function registerAppScheme(): void {
  // standard: a real origin and relative URLs; secure: counts as a secure context.
  // Not corsEnabled: nothing cross-origin may read the bundle.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function setupAppProtocol(root: string): void {
  protocol.handle(APP_SCHEME, bundleHandler(root));
}

/** The file a URL path names inside `root`, or null when it would leave it. */
export function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = decoded.replace(/^[/\\]+/, '') || 'index.html';
  const base = resolve(root);
  const full = resolve(base, rel);
  const r = relative(base, full);
  if (r === '' || r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r)) return null;
  return full;
}

function reply(status: number, body: string | Uint8Array<ArrayBuffer> | null, type = 'text/plain; charset=utf-8'): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': type, 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' },
  });
}

export function bundleHandler(root: string): (req: Request) => Promise<Response> {
  return async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'Method not allowed');
    const url = new URL(req.url);
    if (url.host !== APP_HOST) return reply(404, 'Not found');
    const file = resolveInside(root, url.pathname);
    if (!file) return reply(403, 'Forbidden');
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = new Uint8Array(await readFile(file));
    } catch {
      return reply(404, 'Not found');
    }
    return reply(200, req.method === 'HEAD' ? null : body, MIME[extname(file).toLowerCase()] ?? 'application/octet-stream');
  };
}
