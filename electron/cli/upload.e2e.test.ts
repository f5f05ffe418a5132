import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BitsServer, startBitsServer } from '../../e2e/bits-server/index.js';
import { createCore } from '../core.js';
import { main } from './main.js';
import { realIo } from './testing/real-io.js';

let root: string;
let server: BitsServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bits-cli-e2e-'));
  server = await startBitsServer({
    root: join(root, 'server'),
    reply: { build: ({ size, sha256 }) => `received ${size} bytes, sha256 ${sha256}` },
  });
});
afterEach(() => server.faults.clear());
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

async function sourceFile(name: string, size: number): Promise<{ path: string; bytes: Buffer }> {
  const bytes = randomBytes(size);
  const path = join(root, name);
  await writeFile(path, bytes);
  return { path, bytes };
}

describe('bits-uploader upload through the real core (reference server)', () => {
  it('uploads a file and exits 0', async () => {
    const file = await sourceFile('plain.bin', 300_000);
    const dataDir = join(root, 'data-plain');
    const t = realIo(root);
    const url = server.url('/up/plain.bin');
    const code = await main(
      ['upload', file.path, url, '--data-dir', dataDir, '--fragment-size', '64K', '--json'],
      t.io,
    );
    expect(code, t.err()).toBe(0);
    expect((await readFile(server.filePath('/up/plain.bin'))).equals(file.bytes)).toBe(true);
    const events = t.events();
    expect(events[0]).toMatchObject({ event: 'start', resumed: false, bytesTotal: 300_000 });
    expect(events.filter((e) => e.event === 'state').map((e) => e.state)).toContain('transferring');
    // The file's SHA-256, computed while it streamed, is what the server checked on Close-Session.
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    expect(events.at(-1)).toMatchObject({ event: 'done', replyPath: null, sha256 });
    const close = server.log.find((entry) => entry.packetType === 'Close-Session');
    expect(close?.status).toBe(200);
    expect(close?.headers.find(([name]) => name === 'Repr-Digest')?.[1]).toBe(
      `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`,
    );
    expect(server.log.filter((entry) => entry.packetType === 'Fragment').length).toBe(5);
  });

  it('fetches the reply of an upload-reply job', async () => {
    const file = await sourceFile('with-reply.bin', 10_000);
    const replyPath = join(root, 'answers', 'reply.txt');
    await mkdir(join(root, 'answers'));
    const t = realIo(root);
    const code = await main(
      ['upload', file.path, server.url('/reply/with-reply.bin'), '--reply', 'answers/reply.txt'],
      { ...t.io, cwd: root, env: { BITS_UPLOADER_DATA_DIR: join(root, 'data-reply') } },
    );
    expect(code, t.err()).toBe(0);
    expect(await readFile(replyPath, 'utf8')).toMatch(/^received 10000 bytes/);
    expect(t.err()).toContain(`Reply saved to ${replyPath}`);
  });

  it('stops on Ctrl-C and resumes from the server position on the next run', async () => {
    const file = await sourceFile('resume.bin', 400_000);
    const dataDir = join(root, 'data-resume');
    const url = server.url('/up/resume.bin');
    const argv = ['upload', file.path, url, '--data-dir', dataDir, '--fragment-size', '64K', '--json'];
    // The third fragment never gets an answer: the run is stuck after two.
    server.faults.add({
      match: { packet: 'Fragment', minOffset: 128 * 1024 },
      action: { type: 'stall', ms: Infinity },
    });

    const first = realIo(root);
    const running = main(argv, first.io);
    const deadline = Date.now() + 10_000;
    while (!first.events().some((e) => e.event === 'progress' && (e.bytesAcked as number) >= 128 * 1024)) {
      if (Date.now() > deadline) throw new Error(`no progress: ${first.err()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    first.interrupt();
    expect(await running).toBe(130);
    expect(first.err()).toContain(
      'Interrupted. Run the same command again to resume (the server has 128.0 KiB of 390.6 KiB).',
    );

    server.faults.clear();
    const second = realIo(root);
    expect(await main(argv, second.io), second.err()).toBe(0);
    const events = second.events();
    expect(events[0]).toMatchObject({
      event: 'info',
      message: 'Resuming: the server has 128.0 KiB of 390.6 KiB.',
    });
    expect(events[1]).toMatchObject({ event: 'start', resumed: true, bytesAcked: 128 * 1024 });
    expect((await readFile(server.filePath('/up/resume.bin'))).equals(file.bytes)).toBe(true);
  });

  it('exits 5 when another instance holds the data folder', async () => {
    const file = await sourceFile('locked.bin', 10);
    const dataDir = join(root, 'data-locked');
    const holder = await createCore({ dataDir });
    try {
      const t = realIo(root);
      const code = await main(
        ['upload', file.path, server.url('/up/locked.bin'), '--data-dir', dataDir],
        t.io,
      );
      expect(code).toBe(5);
      expect(t.err()).toMatch(/already running with this data folder/);
    } finally {
      await holder.close();
    }
  });

  it('exits 1 with the server error when uploads are refused', async () => {
    const file = await sourceFile('refused.bin', 10);
    server.faults.add({
      match: { packet: 'Create-Session' },
      action: { type: 'status', status: 403, errorCode: '0x80070005', context: '0x5' },
    });
    const t = realIo(root);
    const code = await main(
      ['upload', file.path, server.url('/up/refused.bin'), '--data-dir', join(root, 'data-refused')],
      t.io,
    );
    expect(code).toBe(1);
    expect(t.err()).toMatch(/Upload failed: .*HTTP 403/);
    expect(t.err()).toMatch(/BITS error 0x80070005 \(context 0x5: the server, handling the uploaded file\)/);
  });
});

describe('bits-uploader upload shares its data folder with the app', () => {
  it('says that other unfinished uploads in the folder carry on while it runs', async () => {
    const dataDir = join(root, 'shared-data');
    const other = join(root, 'other.bin');
    await writeFile(other, 'waiting');
    // The app left a suspended job and a queued one pointing at a closed port.
    const app = await createCore({ dataDir });
    await app.commands.updateSettings({ maxConcurrentJobs: 3 });
    await app.commands.add({ filePath: other, url: 'http://127.0.0.1:9/up/other.bin', suspended: true });
    await app.commands.add({ filePath: other, url: 'http://127.0.0.1:9/up/queued.bin', suspended: true });
    const queued = (await app.queries.list()).jobs.find((job) => job.url.endsWith('queued.bin'))!;
    await app.commands.resume(queued.id);
    await app.close();
    const file = join(root, 'mine.bin');
    await writeFile(file, randomBytes(1000));
    const t = realIo(root);
    expect(await main(['upload', file, server.url('/up/mine.bin'), '--data-dir', dataDir], t.io)).toBe(0);
    expect(t.err()).toMatch(/1 other unfinished upload in this data folder continues/);
  });
});
