import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { previewReply } from './reply-preview.js';

async function reply(content: string | Buffer) {
  const dir = await mkdtemp(join(tmpdir(), 'bits-preview-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'reply.out');
  writeFileSync(path, content);
  return { jobId: 'j1', fileName: 'reply.out', path, bytes: Buffer.byteLength(content) };
}

describe('previewReply: the start of a reply file, with what kind it is', () => {
  it('recognises JSON, XML and plain text', async () => {
    expect(await previewReply(await reply('{"ok":true}'))).toMatchObject({
      kind: 'json',
      text: '{"ok":true}',
    });
    expect(await previewReply(await reply('  <?xml version="1.0"?><r/>'))).toMatchObject({ kind: 'xml' });
    expect(await previewReply(await reply('{not json'))).toMatchObject({ kind: 'text', truncated: false });
    expect(await previewReply(await reply('receipt 42'))).toMatchObject({ kind: 'text', bytes: 10 });
  });

  it('calls NUL bytes or invalid UTF-8 binary and shows no text', async () => {
    expect(await previewReply(await reply(Buffer.from([0x50, 0x4b, 0x00, 0x03])))).toMatchObject({
      kind: 'binary',
      text: '',
    });
    expect(await previewReply(await reply(Buffer.from([0xc3, 0x28])))).toMatchObject({ kind: 'binary' });
  });

  it('stops at the cap, says so, and does not break on a character cut in half', async () => {
    const big = await reply(`${'é'.repeat(10)}`);
    const preview = await previewReply(big, 5);
    expect(preview).toMatchObject({ truncated: true, bytes: 20, kind: 'text', text: 'éé' });
  });
});
