// Bytes straight onto a socket, for requests no HTTP client would send.
import { connect } from 'node:net';

export interface RawAnswer {
  /** The status of the first response line, or null when the server closed without one. */
  status: number | null;
  text: string;
}

/**
 * Writes `bytes` and waits for the first response line or for the server to
 * close. `halfClose` also ends our side, for bytes that are no complete request
 * (the server has nothing to answer until it sees the end). A server that says
 * nothing for `giveUpMs` gets `status: null` (the caller decides whether that
 * is acceptable); the wait only bounds a broken server, nothing is timed.
 */
export function sendRaw(port: number, bytes: string | Buffer, halfClose = false, giveUpMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text });
    };
    const timer = setTimeout(() => socket.destroy(), giveUpMs);
    socket.on('data', (d) => {
      chunks.push(d);
      // One status line is the answer; the rest (keep-alive, a stream) is not our business.
      if (/^HTTP\/1\.[01] \d{3}/.test(Buffer.concat(chunks).toString('latin1'))) socket.destroy();
    });
    socket.on('close', done);
    socket.on('error', () => {
      // A reset is an answer too: the server refused the bytes; 'close' follows.
    });
    socket.on('connect', () => {
      socket.write(bytes);
      if (halfClose) socket.end();
    });
  });
}

export interface MalformedCase {
  name: string;
  bytes: string | Buffer;
  /** The bytes form no complete request: we half-close, and closing without an answer is fine. */
  incomplete?: boolean;
  /** Unusual but well-formed (a server may ignore an Upgrade): any answer below 500 will do. */
  wellFormed?: boolean;
}

/**
 * Requests a careless or hostile local process could send. `host` is the
 * server's own Host value, so the guard is not what refuses them.
 */
export function malformedRequests(host: string, paths: { api: string; get: string }): MalformedCase[] {
  const h = `Host: ${host}\r\n`;
  const post = (path: string, headers: string, body: string) => `POST ${path} HTTP/1.1\r\n${h}${headers}\r\n${body}`;
  return [
    { name: 'absolute-form target with a broken IPv6 host', bytes: `GET http://[ HTTP/1.1\r\n${h}\r\n` },
    { name: 'absolute-form target to another host', bytes: `GET http://evil.example/ HTTP/1.1\r\n${h}\r\n` },
    { name: 'target that is only a scheme', bytes: `GET http:// HTTP/1.1\r\n${h}\r\n` },
    { name: 'asterisk target', bytes: `OPTIONS * HTTP/1.1\r\n${h}\r\n` },
    { name: 'authority-form target', bytes: `CONNECT 127.0.0.1:22 HTTP/1.1\r\n${h}\r\n` },
    { name: 'double-slash target', bytes: `GET //evil.example/x HTTP/1.1\r\n${h}\r\n` },
    { name: 'bad percent-encoding in the path', bytes: `GET ${paths.get}%zz%ff% HTTP/1.1\r\n${h}\r\n` },
    { name: 'bad percent-encoding in the query', bytes: `GET ${paths.get}?a=%zz&token=%E0%A4%A HTTP/1.1\r\n${h}\r\n` },
    { name: 'encoded traversal', bytes: `GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\n${h}\r\n` },
    { name: 'NUL in the target', bytes: `GET /\u0000x HTTP/1.1\r\n${h}\r\n` },
    { name: 'raw UTF-8 and control bytes in the target', bytes: Buffer.from(`GET /\u00e9\u0001\u007f HTTP/1.1\r\n${h}\r\n`, 'utf8') },
    { name: 'unknown HTTP version', bytes: `GET / HTTP/9.9\r\n${h}\r\n` },
    { name: 'HTTP/0.9 request line', bytes: 'GET /\r\n\r\n' },
    { name: 'lowercase method', bytes: `get / HTTP/1.1\r\n${h}\r\n` },
    { name: 'made-up method', bytes: `BREW / HTTP/1.1\r\n${h}\r\n` },
    { name: 'no Host header', bytes: 'GET / HTTP/1.1\r\n\r\n' },
    { name: 'two Host headers', bytes: `GET / HTTP/1.1\r\n${h}Host: evil.example\r\n\r\n` },
    { name: 'header without a colon', bytes: `GET / HTTP/1.1\r\n${h}NoColonHere\r\n\r\n` },
    { name: 'header name with a space', bytes: `GET / HTTP/1.1\r\n${h}Bad Name: x\r\n\r\n` },
    { name: 'obsolete folded header', bytes: `GET / HTTP/1.1\r\n${h}X-A: 1\r\n  folded\r\n\r\n` },
    { name: 'bare LF line endings', bytes: `GET / HTTP/1.1\n${h.replace('\r\n', '\n')}\n` },
    { name: 'a 64 KB header', bytes: `GET / HTTP/1.1\r\n${h}X-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n` },
    { name: 'a 16 KB target', bytes: `GET /${'a'.repeat(16 * 1024)} HTTP/1.1\r\n${h}\r\n` },
    { name: 'negative Content-Length', bytes: post(paths.api, 'Content-Type: application/json\r\nContent-Length: -1\r\n', '{}') },
    { name: 'non-numeric Content-Length', bytes: post(paths.api, 'Content-Type: application/json\r\nContent-Length: abc\r\n', '{}') },
    { name: 'two different Content-Lengths', bytes: post(paths.api, 'Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 5\r\n', '{}') },
    { name: 'Content-Length and chunked together', bytes: post(paths.api, 'Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n', '2\r\n{}\r\n0\r\n\r\n') },
    { name: 'unknown transfer coding', bytes: post(paths.api, 'Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n', '{}') },
    { name: 'malformed chunk size', bytes: post(paths.api, 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n', 'zz\r\n{}\r\n0\r\n\r\n') },
    { name: 'huge chunk size', bytes: post(paths.api, 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n', 'ffffffffffffffff\r\n{}\r\n'), incomplete: true },
    { name: 'body shorter than Content-Length', bytes: post(paths.api, 'Content-Type: application/json\r\nContent-Length: 100\r\n', '{"a":'), incomplete: true },
    { name: 'body that is not JSON', bytes: post(paths.api, 'Content-Type: application/json\r\nContent-Length: 9\r\n', 'not json!') },
    { name: 'body that is not UTF-8', bytes: Buffer.concat([Buffer.from(post(paths.api, 'Content-Type: application/json\r\nContent-Length: 4\r\n', '')), Buffer.from([0xff, 0xfe, 0x80, 0x00])]) },
    { name: 'JSON nested 100,000 deep', bytes: post(paths.api, `Content-Type: application/json\r\nContent-Length: 200000\r\n`, '['.repeat(100_000) + ']'.repeat(100_000)) },
    { name: 'JSON that is a bare string', bytes: post(paths.api, 'Content-Type: application/json\r\nContent-Length: 5\r\n', '"abc"') },
    { name: 'JSON with __proto__', bytes: post(paths.api, 'Content-Type: application/json\r\nContent-Length: 33\r\n', '{"__proto__":{"polluted":true}}  ') },
    { name: 'form-encoded body', bytes: post(paths.api, 'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n', 'a=b') },
    { name: 'WebSocket upgrade', bytes: `GET ${paths.get} HTTP/1.1\r\n${h}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n` },
    { name: 'h2c upgrade', bytes: `GET / HTTP/1.1\r\n${h}Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n`, wellFormed: true },
    { name: 'HTTP/2 preface', bytes: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n' },
    { name: 'TLS client hello', bytes: Buffer.from('16030100a5010000a10303', 'hex') },
    { name: 'random binary', bytes: Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 151 + 7) % 256)) },
    { name: 'only CRLFs', bytes: '\r\n\r\n\r\n\r\n', incomplete: true },
    { name: 'nothing at all', bytes: '', incomplete: true },
    // The first answer is the good request's; what matters is that the broken one after it stops nothing.
    { name: 'a good request, then a broken one on the same connection', bytes: `GET / HTTP/1.1\r\n${h}\r\nGET http://[ HTTP/1.1\r\n${h}\r\n`, wellFormed: true },
  ];
}
