import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';
import { fakeIo } from './testing/fake-io.js';
import { startUpload, UPLOAD_URL, uploadFixture } from './testing/upload-harness.js';

let dir: string;
let cleanup: () => Promise<void>;
let reply: string;

beforeAll(async () => {
  ({ dir, cleanup } = await uploadFixture());
  reply = join(dir, 'out', 'receipt.xml');
  await writeFile(reply, 'an older receipt');
});
afterAll(() => cleanup());

describe('upload --reply onto an existing file', () => {
  it('asks on a terminal, and a yes lets the reply replace the file', async () => {
    const t = await startUpload(dir, ['--reply', 'out/receipt.xml'], { stdinTTY: true, confirm: true });
    expect(t.prompts).toEqual([`${reply} already exists. Replace it with the server's reply?`]);
    expect(t.core.added[0]).toMatchObject({ type: 'upload-reply', replyPath: reply, overwriteReply: true });
    t.core.state('acknowledged');
    expect(await t.exit).toBe(0);
  });

  it('stops with exit 2 when the answer is no, adding nothing', async () => {
    const t = fakeIo({ cwd: dir, stdinTTY: true, confirm: false });
    expect(await main(['upload', 'a.bin', UPLOAD_URL, '--reply', 'out/receipt.xml'], t.io)).toBe(2);
    expect(t.core.added).toEqual([]);
    expect(t.err()).toContain('What to do: Add --overwrite to let the reply replace it');
  });

  it('does not ask with --overwrite, and refuses --overwrite without --reply', async () => {
    const t = await startUpload(dir, ['--reply', 'out/receipt.xml', '--overwrite'], {
      stdinTTY: true,
      confirm: false,
    });
    expect(t.prompts).toEqual([]);
    expect(t.core.added[0]).toMatchObject({ overwriteReply: true });
    t.core.state('acknowledged');
    expect(await t.exit).toBe(0);
    const bare = fakeIo({ cwd: dir });
    expect(await main(['upload', 'a.bin', UPLOAD_URL, '--overwrite'], bare.io)).toBe(2);
    expect(bare.err()).toContain('--overwrite only applies with --reply');
  });
});
