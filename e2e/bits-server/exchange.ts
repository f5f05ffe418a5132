import type { BodyReader, Connection } from './connection.js';
import type { FaultAction, FaultRule } from './faults.js';
import type { HeaderMap, RequestHead } from './http-head.js';
import { type Ack, type AckStyle, renderAck, renderHead, renderPlain } from './response.js';
import type { RequestLogEntry } from './types.js';

/** One request and its answer on a connection. */
export class Exchange {
  /** The connection must not carry another request after this one. */
  closeAfter: boolean;
  responded = false;

  constructor(
    readonly conn: Connection,
    readonly head: RequestHead,
    readonly headers: HeaderMap,
    readonly body: BodyReader,
    /** False when the request had no Content-Length at all. */
    readonly lengthDeclared: boolean,
    readonly entry: RequestLogEntry,
    keepAlive: boolean,
  ) {
    this.closeAfter = !keepAlive;
  }

  fault: FaultRule | undefined;

  get action(): FaultAction | undefined {
    return this.fault?.action;
  }

  /**
   * Reads the rest of the body so the next request can be parsed. A client still waiting for
   * `100 Continue` never sends the body, so then the connection is closed after the answer instead.
   */
  async finishBody(): Promise<void> {
    if ((await this.body.drain()) === 'withheld') this.closeAfter = true;
  }

  sendAck(ack: Ack, style: AckStyle = {}): void {
    const close = this.closeAfter || style.close === true;
    this.closeAfter = close;
    this.send(renderAck(ack, { ...style, close }), ack.status);
  }

  sendPlain(status: number, extra: Array<[string, string]> = [], reason?: string): void {
    this.send(renderPlain(status, extra, this.closeAfter, reason), status);
  }

  /** A response head with caller-provided headers (GET/HEAD); adds Connection: close when needed. */
  sendHead(status: number, headers: Array<[string, string]>): void {
    const all = this.closeAfter ? [...headers, ['Connection', 'close'] as [string, string]] : headers;
    this.send(renderHead(status, all), status);
  }

  /** Headers the answer to this request carries besides its own (Negotiate's final token). */
  readonly extraHeaders: Array<[string, string]> = [];

  send(bytes: Buffer | string, status: number): void {
    this.entry.status = status;
    const first = !this.responded;
    this.responded = true;
    this.conn.write(
      first && this.extraHeaders.length > 0 ? afterStatusLine(bytes, this.extraHeaders) : bytes,
    );
  }

  destroy(): void {
    this.closeAfter = true;
    this.conn.destroy();
  }

  /** Waits `ms` (Infinity: until the connection or the server goes away). Never throws. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      if (Number.isFinite(ms)) timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
      if (signal.aborted) done();
      void this.conn.closed.then(done);
    });
  }
}

/** The response head with these header lines inserted after its status line. */
function afterStatusLine(bytes: Buffer | string, headers: Array<[string, string]>): Buffer {
  const head = Buffer.from(bytes as Buffer);
  const end = head.indexOf('\r\n') + 2;
  const lines = Buffer.from(headers.map(([name, value]) => `${name}: ${value}\r\n`).join(''), 'latin1');
  return Buffer.concat([head.subarray(0, end), lines, head.subarray(end)]);
}
