import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { MAX_ROOT_CERT_BYTES } from './root-cert';
import { parseTeamUrl } from './team-url';

describe('Team database connection string', () => {
  it('shows back only host and database, and verifies TLS to anything off this computer', () => {
    const t = parseTeamUrl(' postgres://desk:s3cr%40t@db.floor.example.com:6543/calllog ');
    expect(t.display).toBe('db.floor.example.com:6543 / calllog');
    expect(t.display).not.toMatch(/desk|s3cr/);
    expect(t.config).toMatchObject({ host: 'db.floor.example.com', port: 6543, database: 'calllog', user: 'desk', password: 's3cr@t' });
    expect(t.config.ssl).toMatchObject({ rejectUnauthorized: true, servername: 'db.floor.example.com' });
  });

  it('needs no TLS on this computer, and uses it when asked', () => {
    expect(parseTeamUrl('postgresql://desk:pw@127.0.0.1/calllog').config.ssl).toBe(false);
    expect(parseTeamUrl('postgres://desk:pw@localhost:5432/calllog').config.ssl).toBe(false);
    expect(parseTeamUrl('postgres://desk:pw@[::1]:5432/calllog').display).toBe('::1:5432 / calllog');
    expect(parseTeamUrl('postgres://desk:pw@localhost/calllog?sslmode=require').config.ssl).toMatchObject({ rejectUnauthorized: true });
  });

  it('connects without TLS only to the address it judged to be this computer', () => {
    // Each looks like 127.0.0.1 once read as an http:// host; handed to pg as typed, the resolver
    // sends it to DNS, where anyone may answer and be given the password in the clear.
    for (const host of ['127.0.0.1.', '%31%32%37.0.0.1', '0x7f.1']) {
      const t = parseTeamUrl(`postgres://desk:pw@${host}:5432/calllog`);
      expect(t.config.ssl, host).toBe(false);
      expect(t.config.host, host).toBe('127.0.0.1');
    }
    // The hosts file has no "localhost." (trailing dot): that name is DNS's, so TLS is required.
    expect(parseTeamUrl('postgres://desk:pw@localhost./calllog').config.ssl).toMatchObject({ rejectUnauthorized: true });
    expect(() => parseTeamUrl('postgres://desk:pw@localhost./calllog?sslmode=disable')).toThrow(/TLS is required/);
    expect(parseTeamUrl('postgres://desk:pw@DB.Floor.example.com/calllog').config.host).toBe('db.floor.example.com');
    // Of 0.0.0.0/8 only 0.0.0.0 is this computer (Linux routes 0.1.2.3 through the gateway), and
    // ::ffff:0:a00:1 is IPv4-translated 10.0.0.1: TLS for both, never the password in the clear.
    for (const host of ['0.1.2.3', '[::ffff:0:a00:1]']) {
      expect(parseTeamUrl(`postgres://desk:pw@${host}/calllog`).config.ssl, host).toMatchObject({ rejectUnauthorized: true });
      expect(() => parseTeamUrl(`postgres://desk:pw@${host}/calllog?sslmode=disable`), host).toThrow(/TLS is required/);
    }
    expect(parseTeamUrl('postgres://desk:pw@0.0.0.0/calllog').config.ssl).toBe(false);
  });

  it.each([
    ['', /paste a connection string/],
    ['db.example.com/calllog', /not a connection string/],
    ['mysql://u:p@db.example.com/calllog', /must start with postgres:\/\//],
    ['postgres://u:p@db.example.com', /database name/],
    ['postgres://db.example.com/calllog', /user name/],
    ['postgres://u:p@db.example.com/calllog?sslmode=disable', /TLS is required unless the database is on this computer/],
    ['postgres://u:p@10.0.0.5/calllog?sslmode=prefer', /TLS is required/],
    // A name under .localhost is looked up in DNS like any other: not this computer for sure.
    ['postgres://u:p@team.localhost/calllog?sslmode=disable', /TLS is required/],
    ['postgres://u:p@db.example.com/calllog?sslmode=bogus', /sslmode "bogus"/],
    ['postgres://u:p@db.example.com:0/calllog', /port 0 is not a port/],
    ['postgres://u:p@db.example.com/calllog?host=/tmp', /option "host" is not supported/],
    ['postgres://u:p@db.example.com/calllog?sslrootcert=/nonexistent/ca.pem', /certificate file/],
    ['postgres://u:p@127.0.0.1/calllog?connect_timeout=abc', /connect_timeout must be a number of seconds/],
    // Passwords with characters a URL gives a meaning to: what to write instead, never a crash.
    ['postgres://u:50%off@db.example.com/calllog', /password has a % that is not an escape: write a % as %25/],
    ['postgres://u%zz:p@db.example.com/calllog', /user name has a %/],
    ['postgres://u:p@db.example.com/call%log', /database name has a %/],
    ['postgres://u:ab#cd@db.example.com/calllog', /%23 for #/],
    ['postgres://u:a/b@db.example.com/calllog', /%2F for \//],
  ])('refuses %j in words that say what to fix', (raw, message) => {
    expect(() => parseTeamUrl(raw)).toThrow(message);
    try {
      parseTeamUrl(raw);
    } catch (err) {
      // The password never comes back in an error.
      expect((err as Error).message).not.toMatch(/:p@/);
      expect((err as Error).message).toMatch(/^Team database: /);
    }
  });
});

describe('sslrootcert', () => {
  const tempDir = useTempDirs();
  const withCert = (file: string) => `postgres://u:p@db.example.com/calllog?sslmode=verify-full&sslrootcert=${encodeURIComponent(file)}`;
  const refusal = (file: string) => {
    try {
      parseTeamUrl(withCert(file));
    } catch (err) {
      return (err as Error).message;
    }
    return 'read';
  };

  it('reads a certificate file given by its full path', () => {
    const file = join(tempDir(), 'ca.pem');
    writeFileSync(file, PEM);
    expect(parseTeamUrl(withCert(file)).config.ssl).toMatchObject({ rejectUnauthorized: true, ca: PEM });
  });

  it('refuses a folder, a file too big for a certificate, and a relative path, saying which', () => {
    const dir = tempDir();
    expect(refusal(dir)).toMatch(/^Team database: sslrootcert names a folder, not a certificate file/);
    const big = join(dir, 'big.pem');
    writeFileSync(big, Buffer.alloc(MAX_ROOT_CERT_BYTES + 1, 0x41));
    expect(refusal(big)).toMatch(/^Team database: the certificate file in sslrootcert is 1\.0 MB, more than a CA certificate can be \(at most 1 MB\)/);
    expect(refusal('ca.pem')).toMatch(/^Team database: sslrootcert must be the full path of the certificate file/);
  });

  it.each(['\\\\attacker\\share\\ca.pem', '//attacker/share/ca.pem', '\\\\?\\C:\\certs\\ca.pem', '\\\\.\\pipe\\ca'])(
    'refuses %s: never a network share or device path (Windows would sign in to that server)',
    (file) => expect(refusal(file)).toMatch(/^Team database: sslrootcert must be a file on this computer, not a network share or device path/),
  );

  it.skipIf(process.platform === 'win32')('refuses a device without reading it', () => {
    expect(refusal('/dev/null')).toMatch(/^Team database: sslrootcert is not an ordinary file \(a pipe or a device\?\)/);
    expect(refusal('/dev/zero')).toMatch(/not an ordinary file/);
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO at once, without waiting for a writer', () => {
    const fifo = join(tempDir(), 'ca.pem');
    execFileSync('mkfifo', [fifo]);
    // In a process of its own with a deadline: reading a FIFO blocks the thread until someone
    // writes, which would hang this test run rather than fail it.
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', PARSE, fileURLToPath(new URL('./team-url.ts', import.meta.url)), withCert(fifo)],
      { encoding: 'utf8', timeout: 15_000 },
    );
    expect(r.signal, 'parseTeamUrl blocked on the FIFO').toBeNull();
    expect(r.stdout).toMatch(/^Team database: sslrootcert is not an ordinary file \(a pipe or a device\?\)/);
  });
});

const PARSE = `const { parseTeamUrl } = await import(process.argv[1]);
try { parseTeamUrl(process.argv[2]); console.log('read'); } catch (err) { console.log(err.message); }`;

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUTest\n-----END CERTIFICATE-----\n';
