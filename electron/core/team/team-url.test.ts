import { describe, expect, it } from 'vitest';
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
