// Whether a host names this computer. By address, not by a list of spellings:
// 127.0.0.2, 0.0.0.0, 127.1 and 2130706433 all reach it too. The WHATWG URL
// parser (in Node and in the page) turns every IPv4 shorthand into dotted form
// first, as fetch would when connecting. Of names, only "localhost" itself:
// Node, Windows and macOS send sub.localhost to DNS, where anyone may answer
// (and the team database would then go without TLS). "localhost." too: glibc's
// hosts file holds no name with a trailing dot, so the resolver asks DNS for it.
// Of 0.0.0.0/8 only 0.0.0.0 itself: Linux 5.3 and later route the rest (0.1.2.3)
// as ordinary unicast, through the gateway. Likewise of ::ffff:… only IPv4-mapped
// 127.x; ::ffff:0:… is IPv4-translated, an address elsewhere.

/** ::ffff:127.x.y.z as the URL parser writes it: the IPv4 part in hex, 7f00–7fff first. */
const MAPPED_LOOPBACK = /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/;

/** `host`: a host name or address, with or without a port; IPv6 with or without brackets. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim();
  // A bare IPv6 address (two colons or more) needs brackets to parse as a URL host.
  const forUrl = !h.startsWith('[') && h.split(':').length > 2 ? `[${h}]` : h;
  let name: string;
  try {
    name = new URL(`http://${forUrl}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (name === 'localhost' || name === '0.0.0.0') return true;
  if (name === '[::1]' || name === '[::]' || MAPPED_LOOPBACK.test(name)) return true;
  return /^127\.\d+\.\d+\.\d+$/.test(name);
}
