import type { FileIdentity, FileSource } from '../file-source.js';

/**
 * A FileSource over bytes produced on demand, so tests can describe files of any size
 * (even past 4 GiB) without allocating them, and change them mid-upload.
 */
export class MemoryFile implements FileSource {
  readonly path: string;
  identity: FileIdentity;
  /** Set to make identify() fail as a vanished file would. */
  missing = false;

  constructor(
    private readonly byteAt: (offset: number) => number,
    size: number,
    path = '/data/report.bin',
  ) {
    this.path = path;
    this.identity = { size, mtimeMs: 1_700_000_000_000 };
  }

  static of(bytes: Buffer, path?: string): MemoryFile {
    return new MemoryFile((offset) => bytes[offset]!, bytes.length, path);
  }

  /** A deterministic pattern: byte i is (i * 31 + 7) mod 251. */
  static pattern(size: number, path?: string): MemoryFile {
    return new MemoryFile((offset) => (offset * 31 + 7) % 251, size, path);
  }

  slice(offset: number, length: number): Buffer {
    const bytes = Buffer.alloc(length);
    for (let i = 0; i < length; i++) bytes[i] = this.byteAt(offset + i);
    return bytes;
  }

  async identify(): Promise<FileIdentity> {
    if (this.missing) throw Object.assign(new Error('gone'), { code: 'ENOENT' });
    return { ...this.identity };
  }

  body(offset: number, length: number) {
    return {
      length,
      chunks: async function* (this: MemoryFile) {
        for (let position = offset; position < offset + length; position += 1024 * 1024) {
          yield this.slice(position, Math.min(1024 * 1024, offset + length - position));
        }
      }.bind(this),
    };
  }
}
