import {
  HeaderBag,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  TransportError,
} from '../http/transport.js';

/** One request the code under test made, waiting for the test to answer it. */
export interface ScriptedExchange {
  request: HttpRequest;
  /** The BITS-Packet-Type the request carried. */
  packetType: string | undefined;
  /** The request body, read in full. */
  body: Buffer;
  header(name: string): string | undefined;
  respond(
    status: number,
    headers?: Record<string, string> | Array<[string, string]>,
    body?: string | Buffer,
  ): void;
  /** Answers with a BITS Ack (status 200 unless given) carrying these headers. */
  ack(headers?: Record<string, string>, status?: number): void;
  fail(kind: TransportError['kind'], message?: string): void;
}

/**
 * An HttpTransport driven by the test: each request waits until the test answers it through
 * `next()`, so the session runner can be walked through any exchange without sockets or sleeps.
 */
export class ScriptedTransport implements HttpTransport {
  readonly resets: string[] = [];
  private readonly queue: ScriptedExchange[] = [];
  private waiters: Array<(exchange: ScriptedExchange) => void> = [];

  async request(request: HttpRequest): Promise<HttpResponse> {
    const chunks: Buffer[] = [];
    let sent = 0;
    if (request.body) {
      for await (const chunk of request.body.chunks()) {
        if (request.throttle?.active()) await request.throttle.consume(chunk.byteLength);
        chunks.push(Buffer.from(chunk));
        sent += chunk.byteLength;
        request.onBodyProgress?.(sent);
      }
    }
    return new Promise<HttpResponse>((resolve, reject) => {
      const headerOf = (name: string) =>
        request.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
      const exchange: ScriptedExchange = {
        request,
        packetType: headerOf('BITS-Packet-Type'),
        body: Buffer.concat(chunks),
        header: headerOf,
        respond: (status, headers = {}, body = '') => resolve(scriptedResponse(status, headers, body)),
        ack: (headers = {}, status = 200) =>
          resolve(
            scriptedResponse(status, { 'BITS-Packet-Type': 'Ack', 'Content-Length': '0', ...headers }, ''),
          ),
        fail: (kind, message = kind) => reject(new TransportError(kind, message)),
      };
      // Aborted while the body was being read: the listener below would never fire.
      if (request.signal?.aborted) return reject(request.signal.reason);
      request.signal?.addEventListener('abort', () => reject(request.signal?.reason), { once: true });
      const waiter = this.waiters.shift();
      if (waiter) waiter(exchange);
      else this.queue.push(exchange);
    });
  }

  /** The next request the code under test makes. */
  next(): Promise<ScriptedExchange> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  resetConnection(origin: string): void {
    this.resets.push(origin);
  }

  close(): void {}
}

function scriptedResponse(
  status: number,
  headers: Record<string, string> | Array<[string, string]>,
  body: string | Buffer,
): HttpResponse {
  const raw = Array.isArray(headers) ? headers : Object.entries(headers);
  const bytes = Buffer.from(body);
  let consumed = false;
  return {
    status,
    statusText: status === 200 ? 'OK' : 'Status',
    httpVersion: '1.1',
    headers: new HeaderBag(raw),
    async readBody(limit) {
      if (bytes.length > limit) throw new TransportError('too-large', 'body too large');
      consumed = true;
      return bytes;
    },
    async *body() {
      if (!consumed && bytes.length > 0) yield bytes;
      consumed = true;
    },
    async discard() {
      consumed = true;
    },
  };
}
