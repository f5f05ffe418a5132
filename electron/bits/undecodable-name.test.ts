import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { undecodableNameProblem } from './undecodable-name.js';

/** Issue 9 item 10: real files whose names are not valid UTF-8, created with Buffer names. */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bits-names-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const bad = (prefix: string, suffix: string) =>
  Buffer.concat([Buffer.from(prefix), Buffer.from([0xff, 0xfe]), Buffer.from(suffix)]);

describe('undecodableNameProblem', () => {
  it('names the folder and asks to rename a file whose name is not valid UTF-8', async () => {
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), bad('report-', '.bin')]), 'data');
    // What Node makes of that name on the command line: the bad bytes become U+FFFD.
    const lossy = join(dir, 'report-\uFFFD\uFFFD.bin');
    const problem = await undecodableNameProblem(lossy);
    expect(problem).toContain('"report-??.bin"');
    expect(problem).toContain(`in the folder ${dir} `);
    expect(problem).toMatch(/not valid UTF-8/);
    expect(problem).toMatch(/Rename it/);
  });

  it('finds a folder whose name is not valid UTF-8', async () => {
    const folder = Buffer.concat([Buffer.from(`${dir}/`), bad('in-', '')]);
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, Buffer.from('/a.bin')]), 'data');
    const problem = await undecodableNameProblem(join(dir, 'in-\uFFFD\uFFFD', 'a.bin'));
    expect(problem).toContain('"in-??"');
    expect(problem).toContain(`in the folder ${dir} `);
  });

  it('says nothing for a path that is simply missing, or whose U+FFFD is really in the name', async () => {
    expect(await undecodableNameProblem(join(dir, 'nothing.bin'))).toBeUndefined();
    expect(await undecodableNameProblem(join(dir, 'gone-\uFFFD.bin'))).toBeUndefined();
    // A valid UTF-8 name that contains U+FFFD itself opens fine; it is not the case either.
    writeFileSync(join(dir, 'real-\uFFFD.bin'), 'data');
    expect(await undecodableNameProblem(join(dir, 'other-\uFFFD.bin'))).toBeUndefined();
    expect(await undecodableNameProblem(join(dir, 'missing-folder-\uFFFD', 'a.bin'))).toBeUndefined();
  });
});
