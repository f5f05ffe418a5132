import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';
import { realIo } from './testing/real-io.js';

/** a --data-dir that cannot be used ends in "unexpected failure" with a stack trace. */

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bits-cli-datadir-'));
  await writeFile(join(root, 'a.bin'), 'hello');
  await writeFile(join(root, 'not-a-folder'), 'I am a file');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('--data-dir that is a file', () => {
  const argv = ['upload', 'a.bin', 'http://127.0.0.1:1/up/a.bin', '--data-dir', ''] as string[];
  beforeAll(() => {
    argv[4] = join(root, 'not-a-folder');
  });

  it('says what is wrong with the data folder, without a stack trace', async () => {
    const t = realIo(root);
    await main(argv, t.io);
    expect(t.err()).not.toMatch(/unexpected failure/);
    expect(t.err()).not.toMatch(/^\s+at /m);
    expect(t.err()).toMatch(/not-a-folder/);
  });

  it('--json still reports the problem as a JSON error line on stdout', async () => {
    const t = realIo(root);
    const code = await main([...argv, '--json'], t.io);
    const lines = t.out().split('\n').filter(Boolean);
    expect(lines.length, t.err()).toBeGreaterThan(0);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ event: 'error', exitCode: code });
  });
});
