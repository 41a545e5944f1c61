// Serves the built renderer: only files inside its folder, with the same
// strict CSP as the Electron window (plus connect-src 'self' for the bridge).
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

export const BROWSER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export const SECURITY_HEADERS = {
  'content-security-policy': BROWSER_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    rel = '/';
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const file = normalize(join(root, rel));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    res.writeHead(404, SECURITY_HEADERS).end('Not found');
    return;
  }
  try {
    const body = await readFile(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const cache = rel === '/index.html' ? 'no-store' : 'public, max-age=31536000, immutable';
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': cache }).end(body);
  } catch {
    if (!extname(rel)) {
      // Unknown page path: hand back the app and let it route.
      await serveStatic(root, '/index.html', res);
      return;
    }
    res.writeHead(404, SECURITY_HEADERS).end('Not found');
  }
}
