import type { Socket } from 'node:net';
import { MAX_HEAD_BYTES } from './http-head.js';

/** Socket bytes queued beyond this pause the socket, so memory stays bounded whatever the body size. */
const HIGH_WATER = 2 * 1024 * 1024;
const LOW_WATER = 512 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

/** The peer went away (or the server closed) before the request was fully read. */
export class ConnectionClosedError extends Error {
  constructor() {
    super('connection closed');
  }
}

export type HeadRead =
  | { kind: 'head'; bytes: Buffer }
  | { kind: 'eof' }
  | { kind: 'too-large' }
  | { kind: 'truncated' };

/**
 * One accepted socket, read as a pull queue: the request loop takes bytes when it is ready for them.
 * While the queue holds more than HIGH_WATER bytes the socket is paused, which is the backpressure
 * that keeps a 1 GiB fragment from piling up in memory when the disk is slower than the network.
 */
export class Connection {
  private readonly chunks: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private wake: (() => void) | undefined;
  /** Resolves when the socket is fully closed. */
  readonly closed: Promise<void>;
  isClosed = false;

  constructor(
    readonly id: number,
    readonly socket: Socket,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.queued += chunk.length;
      if (this.queued >= HIGH_WATER) socket.pause();
      this.notify();
    });
    socket.on('end', () => {
      this.ended = true;
      this.notify();
    });
    // Errors (ECONNRESET, EPIPE) are followed by 'close'; the request loop sees the end of data.
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.isClosed = true;
        this.ended = true;
        this.notify();
        resolve();
      });
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Waits until at least one byte is queued; false when no more will come. */
  async waitData(): Promise<boolean> {
    while (this.queued === 0) {
      if (this.ended) return false;
      if (this.socket.isPaused()) this.socket.resume();
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    return true;
  }

  /** Removes up to `max` queued bytes (whole chunks where possible, never copying). */
  take(max: number, maxChunks = Number.POSITIVE_INFINITY): Buffer[] {
    const out: Buffer[] = [];
    let taken = 0;
    while (taken < max && out.length < maxChunks && this.chunks.length > 0) {
      const chunk = this.chunks[0]!;
      const want = max - taken;
      if (chunk.length <= want) {
        this.chunks.shift();
        out.push(chunk);
        taken += chunk.length;
      } else {
        out.push(chunk.subarray(0, want));
        this.chunks[0] = chunk.subarray(want);
        taken += want;
      }
    }
    this.queued -= taken;
    if (this.queued <= LOW_WATER && this.socket.isPaused() && !this.ended) this.socket.resume();
    return out;
  }

  /** Puts bytes back at the front of the queue (the start of the next pipelined request). */
  unshift(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.chunks.unshift(bytes);
    this.queued += bytes.length;
  }

  /** Reads one request head, leaving any bytes after it queued for the body and later requests. */
  async readHead(): Promise<HeadRead> {
    let acc = Buffer.alloc(0);
    for (;;) {
      if (!(await this.waitData())) return acc.length === 0 ? { kind: 'eof' } : { kind: 'truncated' };
      const searchFrom = Math.max(0, acc.length - 3);
      acc = Buffer.concat([acc, ...this.take(64 * 1024, 1)]);
      // RFC 9112 §2.2: ignore empty lines before the request line (some clients add CRLF after a body).
      let start = 0;
      while (acc[start] === 0x0d && acc[start + 1] === 0x0a) start += 2;
      if (start > 0) acc = acc.subarray(start);
      const end = acc.indexOf(HEAD_END, Math.max(0, searchFrom - start));
      if (end >= 0) {
        if (end > MAX_HEAD_BYTES) return { kind: 'too-large' };
        this.unshift(acc.subarray(end + HEAD_END.length));
        return { kind: 'head', bytes: acc.subarray(0, end) };
      }
      if (acc.length > MAX_HEAD_BYTES + 3) return { kind: 'too-large' };
    }
  }

  write(bytes: Buffer | string): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** Resolves once the socket can take more output (or is gone). */
  async drained(): Promise<void> {
    if (this.isClosed || !this.socket.writableNeedDrain) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/**
 * The body of one request: exactly `length` bytes taken from the connection queue. Reading it
 * sends `100 Continue` first when the client asked for it (curl does for large bodies).
 */
export class BodyReader {
  remaining: number;
  private continueSent = false;

  constructor(
    private readonly conn: Connection,
    readonly length: number,
    private readonly expectContinue: boolean,
    private readonly onBytes: (n: number) => void,
  ) {
    this.remaining = length;
  }

  get consumed(): number {
    return this.length - this.remaining;
  }

  get done(): boolean {
    return this.remaining === 0;
  }

  /** True when the client is still waiting for 100 Continue and has sent nothing of the body. */
  get bodyWithheld(): boolean {
    return this.expectContinue && !this.continueSent && this.remaining > 0;
  }

  /**
   * Returns the next queued body bytes (at most `max` and `maxChunks` buffers), waiting for at least
   * one; null at the end of the body. Throws ConnectionClosedError if the peer leaves early.
   */
  async read(max = Number.POSITIVE_INFINITY, maxChunks = 256): Promise<Buffer[] | null> {
    if (this.remaining === 0) return null;
    if (this.expectContinue && !this.continueSent) {
      this.continueSent = true;
      this.conn.write('HTTP/1.1 100 Continue\r\n\r\n');
    }
    if (!(await this.conn.waitData())) throw new ConnectionClosedError();
    const chunks = this.conn.take(Math.min(max, this.remaining), maxChunks);
    let n = 0;
    for (const c of chunks) n += c.length;
    this.remaining -= n;
    this.onBytes(n);
    return chunks;
  }

  /** Reads and throws away up to `count` bytes (the whole rest by default). */
  async discard(count = this.remaining): Promise<void> {
    let left = Math.min(count, this.remaining);
    while (left > 0) {
      const chunks = await this.read(left);
      if (!chunks) return;
      for (const c of chunks) left -= c.length;
    }
  }

  /**
   * Drains what is left so the connection stays usable. A client still waiting for 100 Continue
   * would never send the body, so then the connection is marked for closing instead.
   */
  async drain(): Promise<'drained' | 'withheld'> {
    if (this.bodyWithheld) return 'withheld';
    await this.discard();
    return 'drained';
  }
}
