import { BitsError, type ErrorEvidence, protocolError } from '../errors.js';
import type { HttpResponse } from '../http/transport.js';
import { TransportError } from '../http/transport.js';
import type { PartFile } from './part-file.js';
import { exchangeError } from './reply-request.js';

export interface ReceiveOptions {
  part: PartFile;
  /** Where in the file the body's first byte belongs. */
  offset: number;
  /** Exactly this many bytes must arrive: fewer is a broken connection, more a protocol error. */
  expected: number;
  description: string;
  evidence: ErrorEvidence;
  /** Throws to stop (time limit, abort); called before each chunk is written. */
  checkpoint: () => void;
  /** Called after each chunk is on disk with the number of bytes it added. */
  onBytes: (count: number) => void;
}

/**
 * Streams one response body into the temp file chunk by chunk, so a reply of any size never sits
 * in memory. Bytes that arrived stay on disk when the stream breaks, which is what resuming uses.
 */
export async function receiveBody(response: HttpResponse, options: ReceiveOptions): Promise<void> {
  const { part, expected, description, evidence } = options;
  let received = 0;
  try {
    for await (const chunk of response.body()) {
      if (received + chunk.length > expected) {
        throw protocolError(
          `The server sent more than the ${expected} bytes it announced for ${description}.`,
          'reply',
          evidence,
        );
      }
      options.checkpoint();
      await part.write(chunk, options.offset + received);
      received += chunk.length;
      options.onBytes(chunk.length);
    }
  } catch (error) {
    // The body may be half read; discard() closes a connection we can no longer reuse.
    await response.discard().catch(() => undefined);
    if (error instanceof BitsError) throw error;
    throw exchangeError(error, description);
  }
  if (received < expected) {
    throw exchangeError(
      new TransportError('reset', `body ended after ${received} of ${expected} bytes`),
      description,
    );
  }
}
