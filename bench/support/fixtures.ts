import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sizeLabel } from './stats.js';
import type { TempArea } from './temp.js';
import { writePayloadFile, writeSparseFile } from './temp.js';

/**
 * Input files shared by the sections, created on first use and kept until the run ends
 * (writing 1 GiB costs seconds; every section that needs it uploads the same one).
 */
export class Fixtures {
  private readonly files = new Map<string, string>();
  private readonly dir: string;

  constructor(temp: TempArea) {
    this.dir = temp.dir('fixtures');
  }

  /** A pre-written file of real bytes; `slot` tells apart files of the same size. */
  payload(size: number, slot = 0): string {
    return this.get(`payload-${size}-${slot}.bin`, () => {
      const file = path.join(this.dir, `payload-${size}-${slot}.bin`);
      const started = performance.now();
      writePayloadFile(file, size);
      console.log(
        `(wrote ${sizeLabel(size)} payload file in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
      return file;
    });
  }

  /** A sparse file: zero pages, no disk blocks. */
  sparse(size: number): string {
    return this.get(`sparse-${size}.bin`, () => {
      const file = path.join(this.dir, `sparse-${size}.bin`);
      writeSparseFile(file, size);
      return file;
    });
  }

  private get(key: string, make: () => string): string {
    let file = this.files.get(key);
    if (!file) {
      file = make();
      this.files.set(key, file);
    }
    return file;
  }
}
