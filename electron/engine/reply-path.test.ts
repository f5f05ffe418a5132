import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { defaultReplyPath } from './reply-path.js';

const ID = '3f2a9c1e-0000-4000-8000-000000000000';

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bits-reply-name-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('default reply names', () => {
  it('adds a counter instead of taking a name that is already there', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'report.pdf.3f2a9c1e.reply'), 'someone else’s');
    writeFileSync(join(dir, 'report.pdf.3f2a9c1e-2.reply'), 'and another');
    expect(await defaultReplyPath('/data/report.pdf', ID, dir)).toBe(
      join(dir, 'report.pdf.3f2a9c1e-3.reply'),
    );
  });

  it('leaves room in 255 bytes for the counter and the temp-file suffixes, cutting between characters', async () => {
    const dir = folder();
    const name = basename(await defaultReplyPath(`/data/${'𠀀'.repeat(70)}.bin`, ID, dir));
    const longest = `${name.replace(/\.reply$/, '-99.reply')}.${ID}.bits-part.json`;
    expect(Buffer.byteLength(longest)).toBeLessThanOrEqual(255);
    expect(name).toMatch(/^(𠀀)+\.3f2a9c1e\.reply$/u);
  });

  it('replaces characters that do not belong in a file name', async () => {
    const name = basename(await defaultReplyPath('/data/a:b*c?.txt', ID, folder()));
    expect(name).toBe('a_b_c_.txt.3f2a9c1e.reply');
  });
});
