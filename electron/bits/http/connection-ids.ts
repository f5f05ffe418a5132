import type { Socket } from 'node:net';
import type { ConnectionInfo } from './transport.js';

/**
 * Names each connection and knows which one an origin's next request will go out on, so
 * connection-bound authentication (NTLM, Negotiate) can tell whether that is a connection it
 * already authenticated or a new one that needs a handshake first. Each origin's agent holds a
 * single socket (maxSockets 1), so the next request reuses the last one unless it is gone or
 * its answer said it closes.
 */
export class ConnectionIds {
  private readonly ids = new WeakMap<Socket, number>();
  private readonly current = new Map<string, { socket: Socket; reusable: boolean }>();
  private next = 0;

  /** A request got this socket: this is its name. */
  taken(origin: string, socket: Socket): ConnectionInfo {
    const known = this.ids.get(socket);
    const entry = { socket, reusable: true };
    this.current.set(origin, entry);
    if (known !== undefined) return { id: known, reused: true };
    const id = ++this.next;
    this.ids.set(socket, id);
    socket.once('close', () => {
      if (this.current.get(origin)?.socket === socket) this.current.delete(origin);
    });
    return { id, reused: false };
  }

  /** The answer came; a "Connection: close" on either side means the socket is not reused. */
  answered(origin: string, socket: Socket | undefined, reusable: boolean): void {
    const entry = this.current.get(origin);
    if (entry && entry.socket === socket && !reusable) entry.reusable = false;
  }

  /** The id of the connection the next request to this origin will reuse, if any. */
  nextId(origin: string): number | undefined {
    const entry = this.current.get(origin);
    if (!entry?.reusable || entry.socket.destroyed) return undefined;
    return this.ids.get(entry.socket);
  }
}
