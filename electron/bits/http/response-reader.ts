import type http from 'node:http';
import { classifyNodeError } from './node-errors.js';
import type { HttpResponse } from './transport.js';
import { TransportError } from './transport.js';

/** Largest body we drain to keep a connection alive; anything bigger closes it instead. */
const MAX_DRAIN_BYTES = 64 * 1024;

/**
 * Body access for one response, with an idle timeout between chunks so a server that
 * sends headers and then nothing (or never ends the body) cannot hang us.
 */
export class ResponseReader {
  constructor(
    private readonly res: http.IncomingMessage,
    private readonly idleTimeoutMs: number,
    private readonly describe: string,
  ) {}

  api(): Pick<HttpResponse, 'readBody' | 'body' | 'discard'> {
    return {
      readBody: (limit) => this.readBody(limit),
      body: () => this.body(),
      discard: () => this.discard(),
    };
  }

  async *body(): AsyncGenerator<Uint8Array> {
    const res = this.res;
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        res.destroy();
      }, this.idleTimeoutMs);
    };
    arm();
    try {
      for await (const chunk of res) {
        arm();
        yield chunk as Buffer;
      }
      if (!res.complete) {
        throw new TransportError(
          'reset',
          `the connection closed before the response body was complete (${this.describe})`,
        );
      }
    } catch (error) {
      if (timedOut) {
        throw new TransportError('response-timeout', `the response body stalled (${this.describe})`);
      }
      if (error instanceof TransportError) throw error;
      throw classifyNodeError(error as NodeJS.ErrnoException, this.describe);
    } finally {
      clearTimeout(timer);
    }
  }

  async readBody(limit: number): Promise<Buffer> {
    const declared = Number(this.res.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      this.res.destroy();
      throw new TransportError('too-large', `response body of ${declared} bytes exceeds ${limit} bytes`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of this.body()) {
      total += chunk.byteLength;
      if (total > limit) {
        this.res.destroy();
        throw new TransportError('too-large', `response body exceeds ${limit} bytes`, {
          evidence: Buffer.concat(chunks).subarray(0, 512).toString('latin1'),
        });
      }
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }

  /**
   * Drains a small declared body so the keep-alive connection stays usable; a body of unknown
   * or large size means the connection is closed instead of reading it to the end.
   */
  async discard(): Promise<void> {
    const res = this.res;
    if (res.destroyed) return;
    if (res.complete) {
      // Fully parsed (an empty body) but never read: resume so 'end' fires and the socket returns to the pool.
      res.resume();
      return;
    }
    const declared = Number(res.headers['content-length']);
    const chunked = /chunked/i.test(String(res.headers['transfer-encoding'] ?? ''));
    if (!chunked && Number.isFinite(declared) && declared <= MAX_DRAIN_BYTES) {
      try {
        await this.readBody(MAX_DRAIN_BYTES);
      } catch {
        res.destroy();
      }
      return;
    }
    res.destroy();
  }
}
