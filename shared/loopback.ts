// Whether a host names this computer. By address, not by a list of spellings:
// 127.0.0.2, 0.0.0.0, 127.1 and 2130706433 all reach it too. The WHATWG URL
// parser (in Node and in the page) turns every IPv4 shorthand into dotted form
// first, as fetch would when connecting. Of names, only "localhost" itself:
// Node, Windows and macOS send sub.localhost to DNS, where anyone may answer
// (and the team database would then go without TLS). "localhost." too: glibc's
// hosts file holds no name with a trailing dot, so the resolver asks DNS for it.

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
  if (name === 'localhost') return true;
  if (name === '[::1]' || name === '[::]' || /^\[::ffff:(7f|0:)/.test(name)) return true;
  const v4 = /^(\d+)\.\d+\.\d+\.\d+$/.exec(name);
  return v4 !== null && (v4[1] === '127' || v4[1] === '0');
}
