import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './loopback';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.0.0.1:8080', '127.0.0.2:8443', '127.1', '2130706433', '0x7f.1', '0.0.0.0', 'localhost', 'LOCALHOST:3000', '127.0.0.1.', '[::1]', '::1', '[::1]:5432', '[::ffff:127.0.0.1]',
    '[::ffff:127.255.255.255]:8443', '0', '[::]', '::', '[0:0:0:0:0:0:0:1]'])(
    '%s is this computer',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );

  it.each(['asyncapi.leadsquared.com', 'api.localhost', '128.0.0.1', '10.0.0.5', 'localhost.', 'localhost.:5432', 'localhost.example.com', '127.0.0.1.nip.io', '[2001:db8::1]', 'not a host', '',
    // Routed off this computer (Linux 5.3 and later): 0.0.0.0 alone is "this host" of 0.0.0.0/8.
    '0.1.2.3', '0.0.0.1', '0.255.255.255:5432', '0.1', '[::ffff:0.10.0.1]',
    // IPv4-translated (::ffff:0:a.b.c.d) 10.0.0.1 and 127.0.0.1, and mapped 0.0.0.0 and 10.0.0.1: not loopback.
    '[::ffff:0:a00:1]', '::ffff:0:a00:1', '[::ffff:0:127.0.0.1]', '[::ffff:0.0.0.0]', '[::ffff:10.0.0.1]', '[::ffff:7f00:1:2]'])('%s is not', (host) =>
    expect(isLoopbackHost(host)).toBe(false),
  );
});
