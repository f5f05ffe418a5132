import type { FileIdentity, FileSource } from './file-source.js';
import type { RequestBody } from './http/transport.js';
import { UploadDigest } from './upload-digest.js';

/**
 * The SHA-256 side of one session run: the caller's digest (a job's attempts share one, so bytes
 * are hashed once) or, when none is given, one of the run's own, whose hash thread ends with the
 * run. `false`: no digest at all.
 */
export class RunDigest {
  private digest: UploadDigest | undefined;

  constructor(private readonly given: UploadDigest | false | undefined) {}

  /** Binds the digest to the file being uploaded (another file starts it over). */
  bind(identity: FileIdentity): void {
    if (this.given === false) return;
    this.digest ??= this.given ?? new UploadDigest();
    this.digest.forFile(identity);
  }

  /** The body, hashed on its way to the socket. */
  track(body: RequestBody, offset: number, file: FileSource): RequestBody {
    return this.digest ? this.digest.track(body, offset, file) : body;
  }

  finish(file: FileSource): Promise<string> | undefined {
    return this.digest?.finish(file);
  }

  /** The run ended: a digest of its own ends its thread; the caller's lives on for the next attempt. */
  async end(): Promise<void> {
    if (this.given === undefined) await this.digest?.close();
  }
}
