import { createHash, type Hash } from 'node:crypto';
import { ERROR_CONTEXT } from '../../shared/bits-codes.js';
import { BitsError, type ErrorEvidence } from './errors.js';
import type { FileIdentity, FileSource } from './file-source.js';
import type { RequestBody } from './http/transport.js';

/**
 * The SHA-256 of the file, computed from the fragment bodies as they stream (no second pass).
 * Only bytes that extend the hashed prefix count: a re-sent range is not hashed twice. What was
 * never streamed in this process (the prefix a resumed upload had sent before a restart) is
 * read once, before the first fragment after it. Node cannot persist a hash's state, so a
 * restart costs that one read of the acknowledged prefix.
 */
export class UploadDigest {
  private hash: Hash = createHash('sha256');
  private hashedUpTo = 0;
  private identity: FileIdentity = { size: 0, mtimeMs: 0 };

  /** Binds the digest to this file; a different size or mtime (another file) starts it over. */
  forFile(identity: FileIdentity): this {
    if (identity.size !== this.identity.size || identity.mtimeMs !== this.identity.mtimeMs) {
      this.hash = createHash('sha256');
      this.hashedUpTo = 0;
      this.identity = { ...identity };
    }
    return this;
  }

  /** The same body, hashing its bytes on the way to the socket. */
  track(body: RequestBody, offset: number, file: FileSource): RequestBody {
    const observe = async function* (this: UploadDigest) {
      if (offset > this.hashedUpTo) await this.catchUp(file, offset);
      let position = offset;
      for await (const chunk of body.chunks()) {
        this.add(chunk, position);
        position += chunk.byteLength;
        yield chunk;
      }
    };
    return {
      length: body.length,
      chunks: () => observe.call(this),
      ...(body.release ? { release: (chunk: Uint8Array) => body.release?.(chunk) } : {}),
    };
  }

  /** The digest as lower-case hex, reading (once) whatever part of the file did not stream by. */
  async finish(file: FileSource): Promise<string> {
    await this.catchUp(file, this.identity.size);
    return this.hash.copy().digest('hex');
  }

  /** Hashes the file from the end of the hashed prefix up to `end`, reading it from disk. */
  private async catchUp(file: FileSource, end: number): Promise<void> {
    if (this.hashedUpTo >= end) return;
    const rest = file.body(this.hashedUpTo, end - this.hashedUpTo, this.identity);
    let position = this.hashedUpTo;
    for await (const chunk of rest.chunks()) {
      this.add(chunk, position);
      position += chunk.byteLength;
      rest.release?.(chunk);
    }
  }

  private add(chunk: Uint8Array, position: number): void {
    const end = position + chunk.byteLength;
    if (position > this.hashedUpTo || end <= this.hashedUpTo) return;
    this.hash.update(position === this.hashedUpTo ? chunk : chunk.subarray(this.hashedUpTo - position));
    this.hashedUpTo = end;
  }
}

/** RFC 9530 Repr-Digest for a hex SHA-256: sha-256=:<base64>: (servers that do not know it ignore it). */
export function reprDigest(sha256Hex: string): string {
  return `sha-256=:${Buffer.from(sha256Hex, 'hex').toString('base64')}:`;
}

/** ERROR_CRC ("data error"): what the reference server answers when Repr-Digest does not match. */
export const ERROR_CRC = 0x80070017;

/** The server has other bytes than the file: never retried, since re-sending would not tell why. */
export function digestMismatch(sha256: string, evidence: ErrorEvidence): BitsError {
  return new BitsError(
    `The server reports that the file it received does not match this file's SHA-256 (${sha256}).`,
    {
      code: ERROR_CRC,
      context: ERROR_CONTEXT.REMOTE_FILE,
      classification: 'fatal',
      phase: 'close',
      httpStatus: evidence.statusLine ? Number(/ (\d{3})/.exec(evidence.statusLine)?.[1]) : undefined,
      hint: 'Something between this computer and the server changed the data, or the server stored it wrongly. Cancel the job and upload the file again.',
      evidence,
    },
  );
}
