import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MiB } from './stats.js';

/**
 * One temp folder per benchmark run; everything the benchmarks create goes below it, so one
 * recursive remove (also on Ctrl-C) cleans up all of it.
 */
export class TempArea {
  readonly root = mkdtempSync(path.join(tmpdir(), 'bits-bench-'));
  private counter = 0;

  /** A fresh, empty folder below the root. */
  dir(name: string): string {
    const dir = path.join(this.root, `${name}-${++this.counter}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Removes one folder made by dir(). */
  discard(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * A file of `size` real bytes (a random 8 MiB block repeated), fsynced so no write-back runs
 * while we measure; it stays in the page cache, so reads cost a memory copy, not a disk read.
 */
export function writePayloadFile(file: string, size: number): void {
  const block = randomBytes(8 * MiB);
  const fd = openSync(file, 'w');
  try {
    for (let written = 0; written < size; ) {
      const n = Math.min(block.length, size - written);
      written += writeSync(fd, block, 0, n, written);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A sparse file: no disk blocks, reads return zero pages (what the 4 GiB memory run uses). */
export function writeSparseFile(file: string, size: number): void {
  const fd = openSync(file, 'w');
  try {
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}
