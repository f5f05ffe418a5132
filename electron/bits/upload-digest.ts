import { createHash, type Hash } from 'node:crypto';
import { ERROR_CONTEXT } from '../../shared/bits-codes.js';
import { BitsError, type ErrorEvidence } from './errors.js';
import type { FileIdentity, FileSource } from './file-source.js';
import { HashThread } from './hash-thread.js';
import type { RequestBody } from './http/transport.js';

/** Where the hashing runs: on the event loop, in a worker thread, or by file size (the default). */
export type DigestMode = 'inline' | 'thread' | 'auto';

/** Files from this size up are hashed in a thread under 'auto': below it, starting one costs more. */
export const THREAD_FROM_BYTES = 32 * 1024 * 1024;
/** Bytes posted to the thread and not yet hashed before the stream waits for it (bounds memory). */
const THREAD_BACKLOG_BYTES = 8 * 1024 * 1024;

/**
 * The SHA-256 of the file, computed from the fragment bodies as they stream (no second pass).
 * Only bytes that extend the hashed prefix count: a re-sent range is not hashed twice. What was
 * never streamed in this process (the prefix a resumed upload had sent before a restart) is read
 * from the file once, in the background while the upload goes on, chasing the stream until it
 * meets it. Node cannot persist a hash's state, so a restart costs that one read of the prefix.
 *
 * Large files are hashed in a worker thread (hash-thread.ts) that reads the chunks in place, so
 * the event loop only posts them; a chunk goes back to its owner once both the socket and the
 * thread are done with it. close() ends the thread (the owner calls it when the job stops).
 */
export class UploadDigest {
  private inline: Hash = createHash('sha256');
  private thread: HashThread | undefined;
  /** Bytes handed to the hash, in file order. */
  private hashedUpTo = 0;
  private identity: FileIdentity = { size: 0, mtimeMs: 0 };
  /** The background read of the file, and how far it must go (the stream's furthest byte). */
  private catching: Promise<void> | undefined;
  private catchTarget = 0;
  /** Bumped by forFile(another file) and close(): a catch-up of an older generation stops. */
  private generation = 0;
  /** Chunks the thread still reads in place: released to their owner once it is done. */
  private readonly held = new WeakMap<Uint8Array, Promise<unknown>>();
  /** The thread failed: hash on the event loop from then on (starting over from the file). */
  private threadFailed = false;
  private closed = false;

  constructor(private readonly mode: DigestMode = 'auto') {}

  /** Binds the digest to this file; a different size or mtime (another file) starts it over. */
  forFile(identity: FileIdentity): this {
    if (identity.size !== this.identity.size || identity.mtimeMs !== this.identity.mtimeMs) {
      this.startOver();
      this.identity = { ...identity };
    }
    return this;
  }

  /** The same body, hashing its bytes on the way to the socket. */
  track(body: RequestBody, offset: number, file: FileSource): RequestBody {
    const observe = async function* (this: UploadDigest) {
      let position = offset;
      for await (const chunk of body.chunks()) {
        const end = position + chunk.byteLength;
        if (this.catching || position > this.hashedUpTo) this.chase(file, end);
        else if (end > this.hashedUpTo) await this.add(chunk, position);
        position = end;
        yield chunk;
      }
    };
    const release = body.release;
    return {
      length: body.length,
      chunks: () => observe.call(this),
      ...(release
        ? {
            release: (chunk: Uint8Array) => {
              const hashed = this.held.get(chunk);
              if (!hashed) return release(chunk);
              this.held.delete(chunk);
              // Only once the thread has read it may the memory be reused (or it was closed).
              const done = () => release(chunk);
              void hashed.then(done, done);
            },
          }
        : {}),
    };
  }

  /** The digest as lower-case hex, reading (once) whatever part of the file did not stream by. */
  async finish(file: FileSource): Promise<string> {
    if (this.closed) throw new Error('the upload digest was closed');
    while (this.catching) await this.catching.catch(() => undefined);
    this.catchTarget = this.identity.size;
    if (this.hashedUpTo < this.identity.size) await this.startCatchUp(file);
    const thread = this.thread;
    if (!thread) return this.inline.copy().digest('hex');
    try {
      return await thread.digest();
    } catch {
      // The thread died: hash the whole file once more, on the event loop.
      this.threadFailed = true;
      this.thread = undefined;
      void thread.close();
      this.startOver();
      return this.finish(file);
    }
  }

  /** Ends the hash thread, if any. Final: the digest hashes nothing more (its owner drops it). */
  async close(): Promise<void> {
    this.closed = true;
    this.startOver();
    const thread = this.thread;
    this.thread = undefined;
    await thread?.close();
  }

  private startOver(): void {
    this.generation++;
    this.catching = undefined;
    this.catchTarget = 0;
    this.hashedUpTo = 0;
    this.inline = createHash('sha256');
    this.thread?.reset();
  }

  /** Hashes the part of a chunk at `position` that extends the hashed prefix. */
  private async add(chunk: Uint8Array, position: number): Promise<void> {
    if (this.closed) return;
    const part = position === this.hashedUpTo ? chunk : chunk.subarray(this.hashedUpTo - position);
    this.hashedUpTo = position + chunk.byteLength;
    const thread = this.threadFor();
    if (!thread) {
      this.inline.update(part);
      return;
    }
    let posted: ReturnType<HashThread['update']>;
    try {
      posted = thread.update(part);
    } catch {
      // The thread could not start or died: start over on the event loop, from the file.
      this.threadFailed = true;
      this.startOver();
      return;
    }
    const { hashed, inPlace } = posted;
    // A thread that dies later fails its digest(), and finish() starts over on the event loop.
    hashed.catch(() => undefined);
    if (inPlace) this.held.set(chunk, hashed);
    await thread.room(THREAD_BACKLOG_BYTES);
  }

  private threadFor(): HashThread | undefined {
    const threaded =
      this.mode === 'thread' || (this.mode === 'auto' && this.identity.size >= THREAD_FROM_BYTES);
    if (!threaded || this.threadFailed) return undefined;
    this.thread ??= new HashThread();
    return this.thread;
  }

  /** A chunk past the hashed prefix went by: read the gap from the file, in the background. */
  private chase(file: FileSource, end: number): void {
    this.catchTarget = Math.max(this.catchTarget, end);
    if (this.catching || this.closed) return;
    // Its failure (the session closed the file, the file changed) only stops it: finish() reads again.
    this.startCatchUp(file).catch(() => undefined);
  }

  private startCatchUp(file: FileSource): Promise<void> {
    const generation = this.generation;
    const run = this.catchUp(file, generation).finally(() => {
      if (this.catching === run) this.catching = undefined;
    });
    this.catching = run;
    return run;
  }

  /** Hashes the file from the end of the hashed prefix up to the target, which may move meanwhile. */
  private async catchUp(file: FileSource, generation: number): Promise<void> {
    while (this.generation === generation && this.hashedUpTo < this.catchTarget) {
      const rest = file.body(this.hashedUpTo, this.catchTarget - this.hashedUpTo, this.identity);
      let position = this.hashedUpTo;
      for await (const chunk of rest.chunks()) {
        if (this.generation !== generation) return;
        await this.add(chunk, position);
        position += chunk.byteLength;
        const hashed = this.held.get(chunk);
        this.held.delete(chunk);
        const done = () => rest.release?.(chunk);
        if (hashed) void hashed.then(done, done);
        else done();
      }
    }
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
