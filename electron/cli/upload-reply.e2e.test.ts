import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BitsServer, startBitsServer } from '../../e2e/bits-server/index.js';
import { createCore } from '../core.js';
import { main } from './main.js';
import { realIo } from './testing/real-io.js';

let root: string;
let server: BitsServer;

/** What the reference server's application answers for an upload: tied to the exact bytes. */
const serverReply = (bytes: Buffer) =>
  `received ${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bits-cli-reply-'));
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

/** Runs `upload` until the first fragments are acknowledged, then Ctrl-C: an unfinished job. */
async function interruptedUpload(argv: string[]): Promise<void> {
  server.faults.add({
    match: { packet: 'Fragment', minOffset: 64 * 1024 },
    action: { type: 'stall', ms: Infinity },
  });
  const run = realIo(root);
  const running = main([...argv, '--json'], run.io);
  const deadline = Date.now() + 10_000;
  while (!run.events().some((e) => e.event === 'progress' && (e.bytesAcked as number) >= 64 * 1024)) {
    if (Date.now() > deadline) throw new Error(`no progress: ${run.err()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  run.interrupt();
  expect(await running).toBe(130);
  server.faults.clear();
}

const createSessions = () => server.log.filter((entry) => entry.packetType === 'Create-Session');

describe('upload --reply: one reply path, one job', () => {
  it('refuses a second job on the README’s ./receipt.xml and saves the first one’s reply byte for byte', async () => {
    const dataDir = join(root, 'data-shared');
    const a = await sourceFile('first.zip', 200_000);
    const b = await sourceFile('second.zip', 150_000);
    const env = { BITS_UPLOADER_DATA_DIR: dataDir };
    const argvA = [
      'upload',
      a.path,
      server.url('/reply/first.zip'),
      '--reply',
      './receipt.xml',
      '--fragment-size',
      '64K',
    ];
    const argvB = ['upload', b.path, server.url('/reply/second.zip'), '--reply', './receipt.xml'];
    await interruptedUpload([...argvA, '--data-dir', dataDir]);

    const second = realIo(root);
    expect(await main(argvB, { ...second.io, env })).toBe(2);
    expect(second.err()).toMatch(
      new RegExp(
        `Error: The reply path ${join(root, 'receipt.xml')} is already used by the unfinished job [0-9a-f-]{36} \\(${a.path} to http`,
      ),
    );
    expect(second.err()).toMatch(/What to do: .*another path/);
    expect(server.log.some((entry) => entry.target.includes('second.zip'))).toBe(false);

    const resumed = realIo(root);
    expect(await main(argvA, { ...resumed.io, env }), resumed.err()).toBe(0);
    expect(await readFile(join(root, 'receipt.xml'), 'utf8')).toBe(serverReply(a.bytes));
    expect((await readdir(root)).filter((name) => name.includes('bits-part'))).toEqual([]);
  });

  it('asks before replacing an existing reply file: refused without a terminal, replaced with --overwrite', async () => {
    const file = await sourceFile('again.bin', 5_000);
    const reply = join(root, 'again.xml');
    await writeFile(reply, 'yesterday’s receipt');
    const argv = [
      'upload',
      file.path,
      server.url('/reply/again.bin'),
      '--reply',
      reply,
      '--data-dir',
      join(root, 'data-over'),
    ];
    const refused = realIo(root);
    expect(await main(argv, refused.io)).toBe(2);
    expect(refused.err()).toContain(`Error: A file already exists at ${reply}.`);
    expect(refused.err()).toContain('What to do: Add --overwrite to let the reply replace it');
    expect(await readFile(reply, 'utf8')).toBe('yesterday’s receipt');
    expect(server.log.some((entry) => entry.target.includes('again.bin'))).toBe(false);

    const replaced = realIo(root);
    expect(await main([...argv, '--overwrite'], replaced.io), replaced.err()).toBe(0);
    expect(await readFile(reply, 'utf8')).toBe(serverReply(file.bytes));
  });

  it('refuses a reply path inside the data folder (the database) without touching it', async () => {
    const dataDir = join(root, 'data-db');
    const file = await sourceFile('db.bin', 1_000);
    const first = realIo(root);
    expect(await main(['upload', file.path, server.url('/up/db.bin'), '--data-dir', dataDir], first.io)).toBe(
      0,
    );
    const t = realIo(root);
    const argv = [
      'upload',
      file.path,
      server.url('/reply/db.bin'),
      '--reply',
      join(dataDir, 'bits-uploader.db'),
    ];
    expect(await main([...argv, '--overwrite', '--data-dir', dataDir], t.io)).toBe(2);
    expect(t.err()).toContain('inside the data folder');
    // The next start finds the database intact, with the one finished job in it.
    const core = await createCore({ dataDir });
    try {
      expect(core.startupWarnings).toEqual([]);
      expect((await core.queries.list()).jobs.map((job) => [job.fileName, job.state])).toEqual([
        ['db.bin', 'acknowledged'],
      ]);
    } finally {
      await core.close();
    }
  });
});

describe('upload --reply: a reply the server no longer has', () => {
  it('exits 4, says to run the command again, and the re-run uploads again with a new session', async () => {
    const file = await sourceFile('expired.bin', 20_000);
    const reply = join(root, 'expired.xml');
    const argv = [
      'upload',
      file.path,
      server.url('/reply/expired.bin'),
      '--reply',
      reply,
      '--data-dir',
      join(root, 'data-expired'),
    ];
    for (const method of ['HEAD', 'GET']) {
      server.faults.add({ match: { method }, action: { type: 'status', status: 404 }, times: Infinity });
    }
    const first = realIo(root);
    expect(await main(argv, first.io)).toBe(4);
    expect(first.err()).toContain(
      'The upload succeeded, but the reply failed: The server no longer has the reply file (HTTP 404)',
    );
    expect(first.err()).toContain('Run the same command again to upload the file again for a new reply');
    const sessionsBefore = createSessions().length;
    const firstSession = createSessions().at(-1)?.sessionId;

    server.faults.clear();
    const again = realIo(root);
    expect(await main(argv, again.io), again.err()).toBe(0);
    expect(again.err()).toContain(
      "Starting over: the server no longer has the earlier upload's reply (HTTP 404)",
    );
    expect(createSessions().length).toBe(sessionsBefore + 1);
    expect(createSessions().at(-1)?.sessionId).not.toBe(firstSession);
    expect(await readFile(reply, 'utf8')).toBe(serverReply(file.bytes));
    // The dropped job's temp file is gone with it: only the saved reply is left.
    expect((await readdir(root)).filter((name) => name.startsWith('expired.xml'))).toEqual(['expired.xml']);
  });

  it('--restart drops an unfinished job and uploads from byte 0 with a new session', async () => {
    const file = await sourceFile('restart.bin', 200_000);
    const dataDir = join(root, 'data-restart');
    const reply = join(root, 'restart.xml');
    const argv = [
      'upload',
      file.path,
      server.url('/reply/restart.bin'),
      '--reply',
      reply,
      '--data-dir',
      dataDir,
      '--fragment-size',
      '64K',
    ];
    await interruptedUpload(argv);
    const sessionsBefore = createSessions().length;
    const t = realIo(root);
    expect(await main([...argv, '--restart', '--json'], t.io), t.err()).toBe(0);
    const events = t.events();
    expect(events[0]).toMatchObject({
      event: 'info',
      message: 'Starting over: as --restart asks, the earlier job is dropped.',
    });
    expect(events.find((e) => e.event === 'start')).toMatchObject({ resumed: false, bytesAcked: 0 });
    expect(createSessions().length).toBe(sessionsBefore + 1);
    expect(await readFile(reply, 'utf8')).toBe(serverReply(file.bytes));
  });
});
