/**
 * Helpers for the server's own tests: a raw socket client that sees every byte (so tests can check
 * Acks exactly, pipeline requests and watch connections close) and request builders.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { UPLOAD_PROTOCOL } from './bits-post.js';

/**
 * The server's root, one level inside a private temp folder: path-escape tests look at the
 * root's parent, which must be ours (not a shared /tmp where anyone may have made an "x").
 */
export async function makeRoot(): Promise<string> {
  const root = path.join(await mkdtemp(path.join(os.tmpdir(), 'bits-server-')), 'root');
  await mkdir(root);
  return root;
}

export async function removeRoot(root: string): Promise<void> {
  await rm(path.dirname(root), { recursive: true, force: true });
}

export interface RawResponse {
  status: number;
  /** The head as text, without the final blank line. */
  head: string;
  headers: Array<[string, string]>;
  get(name: string): string | undefined;
  body: Buffer;
}

type HeaderInput = Record<string, string | number> | Array<[string, string | number]>;

/** Builds a request; Host and Content-Length are added unless given (or `noLength`). */
export function rawRequest(
  method: string,
  target: string,
  headers: HeaderInput = {},
  body: Buffer | string = Buffer.alloc(0),
  opts: { noLength?: boolean } = {},
): Buffer {
  const list = Array.isArray(headers) ? headers : Object.entries(headers);
  const names = new Set(list.map(([n]) => n.toLowerCase()));
  const bodyBytes = typeof body === 'string' ? Buffer.from(body) : body;
  let head = `${method} ${target} HTTP/1.1\r\n`;
  if (!names.has('host')) head += 'Host: 127.0.0.1\r\n';
  for (const [n, v] of list) head += `${n}: ${v}\r\n`;
  if (!names.has('content-length') && !opts.noLength) head += `Content-Length: ${bodyBytes.length}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), bodyBytes]);
}

/** A BITS_POST packet. */
export function bitsRequest(
  target: string,
  packetType: string,
  headers: HeaderInput = {},
  body?: Buffer | string,
) {
  const list = Array.isArray(headers) ? headers : Object.entries(headers);
  return rawRequest('BITS_POST', target, [['BITS-Packet-Type', packetType], ...list], body);
}

export class RawClient {
  private buffer = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  ended = false;
  readonly closed: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.ended = true;
        this.wake();
        resolve();
      }),
    );
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
  }

  static async connect(port: number, options: { tls?: { ca: string } } = {}): Promise<RawClient> {
    const socket = options.tls
      ? tls.connect({ host: '127.0.0.1', port, ca: options.tls.ca, servername: 'localhost' })
      : net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once(options.tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  private async more(timeoutMs: number): Promise<void> {
    if (this.ended)
      throw new Error(`connection closed; got ${JSON.stringify(this.buffer.toString('latin1'))}`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for the server')), timeoutMs);
      this.waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  send(data: Buffer | string): void {
    this.socket.write(data);
  }

  /** Reads one final response (skipping 1xx); `head` for answers to HEAD (no body). */
  async readResponse(opts: { head?: boolean; timeoutMs?: number } = {}): Promise<RawResponse> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    for (;;) {
      let end = this.buffer.indexOf('\r\n\r\n');
      while (end < 0) {
        await this.more(timeoutMs);
        end = this.buffer.indexOf('\r\n\r\n');
      }
      const head = this.buffer.subarray(0, end).toString('latin1');
      this.buffer = this.buffer.subarray(end + 4);
      const [statusLine, ...lines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
      if (status >= 100 && status < 200) continue;
      const headers = lines.map((l): [string, string] => {
        const i = l.indexOf(':');
        return [l.slice(0, i), l.slice(i + 1).trim()];
      });
      const get = (name: string) => headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
      const length = opts.head ? 0 : Number(get('content-length') ?? 0);
      while (this.buffer.length < length) await this.more(timeoutMs);
      const body = this.buffer.subarray(0, length);
      this.buffer = this.buffer.subarray(length);
      return { status, head, headers, get, body };
    }
  }

  async request(
    data: Buffer | string,
    opts: { head?: boolean; timeoutMs?: number } = {},
  ): Promise<RawResponse> {
    this.send(data);
    return this.readResponse(opts);
  }

  /** Everything the server sends until it closes the connection. */
  async readToEnd(timeoutMs = 5000): Promise<Buffer> {
    while (!this.ended) await this.more(timeoutMs);
    return this.buffer;
  }

  /** True if the server closed the connection within `ms`. */
  async closesWithin(ms: number): Promise<boolean> {
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), ms));
    return Promise.race([this.closed.then(() => true as const), timeout]);
  }

  /** Bytes received but not yet consumed by readResponse. */
  get pending(): Buffer {
    return this.buffer;
  }

  close(): void {
    this.socket.destroy();
  }
}

export async function createSession(client: RawClient, target: string): Promise<string> {
  const ack = await client.request(
    bitsRequest(target, 'Create-Session', { 'BITS-Supported-Protocols': UPLOAD_PROTOCOL }),
  );
  const id = ack.get('BITS-Session-Id');
  if (ack.status !== 200 || !id) throw new Error(`Create-Session failed: ${ack.head}`);
  return id;
}

/** Sends bytes [first, first + data.length) of a `total`-byte file as one Fragment. */
export function fragment(
  target: string,
  sessionId: string,
  data: Buffer,
  first: number,
  total: number,
): Buffer {
  return bitsRequest(
    target,
    'Fragment',
    { 'BITS-Session-Id': sessionId, 'Content-Range': `bytes ${first}-${first + data.length - 1}/${total}` },
    data,
  );
}

/** Create-Session, then the whole file in `fragmentSize` pieces; returns the session id and last Ack. */
export async function upload(client: RawClient, target: string, data: Buffer, fragmentSize = 1024) {
  const sessionId = await createSession(client, target);
  let last: RawResponse | undefined;
  for (let at = 0; at < data.length; at += fragmentSize) {
    const piece = data.subarray(at, Math.min(data.length, at + fragmentSize));
    last = await client.request(fragment(target, sessionId, piece, at, data.length));
    if (last.status !== 200) throw new Error(`Fragment at ${at} failed: ${last.head}`);
  }
  return { sessionId, last: last! };
}

export function patternBytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
