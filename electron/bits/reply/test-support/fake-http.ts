/**
 * Test doubles for the reply download: a scripted HttpTransport and a small in-memory file server
 * that speaks HEAD/GET/Range/If-Range, with knobs for the ways real servers misbehave.
 */
import type { Clock, TimerHandle } from '../../clock.js';
import {
  HeaderBag,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  TransportError,
} from '../../http/transport.js';

export interface FakeAnswer {
  status: number;
  statusText?: string;
  headers?: Array<[string, string]>;
  body?: Buffer;
  /** Body chunk size (default: the whole body in one chunk). */
  chunkSize?: number;
  /** Deliver this many body bytes, then fail the stream as a reset connection. */
  cutAfter?: number;
}

export type FakeHandler = (request: HttpRequest) => FakeAnswer | Promise<FakeAnswer>;

export class FakeResponse implements HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly httpVersion = '1.1';
  readonly headers: HeaderBag;
  /** Whether the body was consumed to the end or thrown away; the code under test must do one. */
  settled = false;

  constructor(private readonly answer: FakeAnswer) {
    this.status = answer.status;
    this.statusText = answer.statusText ?? 'OK';
    this.headers = new HeaderBag(answer.headers ?? []);
  }

  async readBody(limit: number): Promise<Buffer> {
    const body = this.answer.body ?? Buffer.alloc(0);
    this.settled = true;
    if (body.length > limit) throw new TransportError('too-large', 'body too large');
    return body;
  }

  async *body(): AsyncIterable<Uint8Array> {
    const body = this.answer.body ?? Buffer.alloc(0);
    const limit = this.answer.cutAfter ?? body.length;
    const size = this.answer.chunkSize ?? Math.max(1, body.length);
    for (let at = 0; at < Math.min(limit, body.length); at += size) {
      yield body.subarray(at, Math.min(at + size, limit, body.length));
    }
    if (limit < body.length) throw new TransportError('reset', 'connection reset by fake server');
    this.settled = true;
  }

  async discard(): Promise<void> {
    this.settled = true;
  }
}

export class FakeTransport implements HttpTransport {
  readonly requests: HttpRequest[] = [];
  readonly responses: FakeResponse[] = [];

  constructor(private readonly handler: FakeHandler) {}

  async request(request: HttpRequest): Promise<HttpResponse> {
    if (request.signal?.aborted) throw new TransportError('aborted', 'aborted');
    this.requests.push(request);
    const response = new FakeResponse(await this.handler(request));
    this.responses.push(response);
    return response;
  }

  resetConnection(): void {}
  close(): void {}

  header(index: number, name: string): string | undefined {
    return this.requests[index]?.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  }

  /** A concise log like "HEAD /r.bin", "GET /r.bin bytes=0-9" for assertions. */
  log(): string[] {
    return this.requests.map((request) => {
      const range = request.headers.find(([name]) => name === 'Range')?.[1];
      return `${request.method} ${request.url.pathname}${range ? ` ${range}` : ''}`;
    });
  }
}

export interface FileServerOptions {
  etag?: string;
  lastModified?: string;
  /** Answer every GET with 200 and the whole body, as a server without range support does. */
  ignoreRange?: boolean;
  /** Leave Content-Length off HEAD answers. */
  headWithoutLength?: boolean;
  /** Refuse HEAD with this status. */
  headStatus?: number;
  /** Honour If-Range (a changed validator → 200 with the whole body). Default true. */
  ifRange?: boolean;
  chunkSize?: number;
}

/** An in-memory static file server; `content` and validators may be replaced mid-download. */
export class FakeFileServer {
  content: Buffer;
  options: FileServerOptions;
  /** Lets a test rewrite or replace any answer (e.g. to corrupt Content-Range). */
  tamper?: (request: HttpRequest, answer: FakeAnswer) => FakeAnswer;

  constructor(content: Buffer, options: FileServerOptions = {}) {
    this.content = content;
    this.options = { ifRange: true, ...options };
  }

  replace(content: Buffer, validators: { etag?: string; lastModified?: string }): void {
    this.content = content;
    this.options = { ...this.options, ...validators };
  }

  private validatorHeaders(): Array<[string, string]> {
    const headers: Array<[string, string]> = [];
    if (this.options.etag) headers.push(['ETag', this.options.etag]);
    if (this.options.lastModified) headers.push(['Last-Modified', this.options.lastModified]);
    return headers;
  }

  readonly handler: FakeHandler = (request) => {
    const answer = this.answer(request);
    return this.tamper ? this.tamper(request, answer) : answer;
  };

  private answer(request: HttpRequest): FakeAnswer {
    const size = this.content.length;
    const whole = (): FakeAnswer => ({
      status: 200,
      headers: [['Content-Length', String(size)], ...this.validatorHeaders()],
      body: request.method === 'HEAD' ? undefined : this.content,
      chunkSize: this.options.chunkSize,
    });
    if (request.method === 'HEAD') {
      if (this.options.headStatus) return { status: this.options.headStatus, statusText: 'Nope' };
      const answer = whole();
      if (this.options.headWithoutLength) answer.headers = this.validatorHeaders();
      return answer;
    }
    const get = (name: string) =>
      request.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
    const range = /^bytes=(\d+)-(\d*)$/.exec(get('Range') ?? '');
    if (!range || this.options.ignoreRange) return whole();
    const ifRange = get('If-Range');
    if (ifRange !== undefined && this.options.ifRange) {
      const current = ifRange.startsWith('"') ? this.options.etag : this.options.lastModified;
      if (current !== ifRange) return whole();
    }
    const first = Number(range[1]);
    const last = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
    if (first >= size) {
      return {
        status: 416,
        statusText: 'Range Not Satisfiable',
        headers: [['Content-Range', `bytes */${size}`]],
      };
    }
    return {
      status: 206,
      statusText: 'Partial Content',
      headers: [
        ['Content-Range', `bytes ${first}-${last}/${size}`],
        ['Content-Length', String(last - first + 1)],
        ...this.validatorHeaders(),
      ],
      body: this.content.subarray(first, last + 1),
      chunkSize: this.options.chunkSize,
    };
  }
}

/** A clock that only moves when the test (or a handler) says so. */
export class FakeClock implements Clock {
  constructor(public time = 1_000_000) {}
  now(): number {
    return this.time;
  }
  setTimeout(): TimerHandle {
    throw new Error('the reply download should not need timers');
  }
  clearTimeout(): void {}
  advance(ms: number): void {
    this.time += ms;
  }
}

/** Deterministic bytes that make off-by-one splices visible. */
export function pattern(size: number, seed = 7): Buffer {
  const buffer = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    buffer[i] = x >>> 16;
  }
  return buffer;
}
