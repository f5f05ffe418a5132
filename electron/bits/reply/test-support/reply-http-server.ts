/**
 * A real HTTP static-file server on 127.0.0.1 for the reply integration tests (GET/HEAD only, so
 * node:http is fine here). Serves one buffer at any path, honours single ranges and If-Range,
 * and can be told to misbehave per request.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedRequest {
  method: string;
  path: string;
  range?: string;
  ifRange?: string;
  authorization?: string;
  /** Body bytes actually written for this request. */
  bytesSent: number;
}

/** Return an answer to override the normal one; write to `res` yourself and return true. */
export type Misbehaviour = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  served: ServedRequest,
) => boolean;

export class ReplyHttpServer {
  content: Buffer;
  etag = '"v1"';
  lastModified = 'Wed, 21 Oct 2015 07:28:00 GMT';
  ignoreRange = false;
  /** Destroy the socket after this many body bytes of the next GET (then clears itself). */
  cutNextGetAfter?: number;
  misbehave?: Misbehaviour;
  readonly requests: ServedRequest[] = [];
  private readonly server: http.Server;

  constructor(content: Buffer) {
    this.content = content;
    // Tolerant of a missing Host header: node-transport.ts passes headers as a raw array, so node:http
    // adds no Host (reported). These tests are about the reply logic, not request framing.
    this.server = http.createServer({ requireHostHeader: false }, (req, res) => this.handle(req, res));
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  url(path = '/up/BITS-Sessions/Replies/%7BS%7D/responsefile.bin'): URL {
    return new URL(path, this.origin);
  }

  replace(content: Buffer, etag: string, lastModified: string): void {
    this.content = content;
    this.etag = etag;
    this.lastModified = lastModified;
  }

  bytesServed(): number {
    return this.requests.reduce((sum, request) => sum + request.bytesSent, 0);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const served: ServedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      range: req.headers.range,
      ifRange: req.headers['if-range'] as string | undefined,
      authorization: req.headers.authorization,
      bytesSent: 0,
    };
    this.requests.push(served);
    if (this.misbehave?.(req, res, served)) return;

    const size = this.content.length;
    const validators = { ETag: this.etag, 'Last-Modified': this.lastModified, 'Accept-Ranges': 'bytes' };
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    const rangeHonoured =
      req.method === 'GET' &&
      range !== null &&
      !this.ignoreRange &&
      (ifRange === undefined || ifRange === this.etag || ifRange === this.lastModified);
    if (!rangeHonoured) {
      res.writeHead(200, { ...validators, 'Content-Length': String(size) });
      this.send(req, res, served, this.content);
      return;
    }
    const first = Number(range[1]);
    const last = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
    if (first >= size) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}`, 'Content-Length': '0' });
      res.end();
      return;
    }
    res.writeHead(206, {
      ...validators,
      'Content-Range': `bytes ${first}-${last}/${size}`,
      'Content-Length': String(last - first + 1),
    });
    this.send(req, res, served, this.content.subarray(first, last + 1));
  }

  private send(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    served: ServedRequest,
    body: Buffer,
  ): void {
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const cut = this.cutNextGetAfter;
    if (cut !== undefined) {
      this.cutNextGetAfter = undefined;
      const part = body.subarray(0, cut);
      served.bytesSent = part.length;
      // Flush what we promised, then drop the connection mid-body like a network failure would.
      res.write(part, () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    served.bytesSent = body.length;
    res.end(body);
  }
}
