// The browser host's cap on open connections, made so that a flood cannot lock
// the agent's own page out. Node's maxConnections closes every newcomer once the
// cap is reached: any local process holding 64 idle connections (and opening
// new ones as the header timeout drops the old) would keep the page's requests
// out for as long as it liked. Here, past the cap, the connection closed is the
// oldest one that has never carried this launch's token; connections the page
// has proved itself on (its keep-alive sockets, the event stream) are kept.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionCap {
  /** The socket carried a request with the token: never closed to make room. */
  trust(socket: Socket): void;
}

export function capConnectionsKeepingTrusted(server: Server, max: number): ConnectionCap {
  // Insertion order is age order: the first untrusted socket found is the oldest.
  const open = new Set<Socket>();
  const trusted = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    if (open.size <= max) return;
    // Only the page knows the token, so a flood is all untrusted: the newcomer itself
    // goes only when every older connection is the page's.
    for (const s of open) {
      if (trusted.has(s)) continue;
      open.delete(s);
      s.destroy();
      return;
    }
  });
  return { trust: (socket) => trusted.add(socket) };
}
