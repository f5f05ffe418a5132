import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createNodeTransport } from '../bits/http/node-transport.js';
import { createCore } from '../core.js';
import { dispatchHost, type HostContext, unsupportedOnThisHost } from './dispatch-host.js';
import type { HostServices } from './host-services.js';

async function context(host: Partial<HostServices> = {}): Promise<HostContext & { dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'bits-adding-'));
  const core = await createCore({ dataDir: join(dir, 'data') });
  onTestFinished(async () => {
    await core.close();
    await rm(dir, { recursive: true, force: true });
  });
  const services: HostServices = {
    kind: 'desktop',
    version: '9.9.9',
    capabilities: {
      canOpenFiles: true,
      canRevealFiles: true,
      canBrowseHostFiles: false,
      canStageUploads: false,
      canDownloadReplies: false,
      hasNativeFileDialog: true,
    },
    maxStageBytes: 0,
    allowedFolders: [],
    openPath: () => unsupportedOnThisHost('open files'),
    revealPath: () => unsupportedOnThisHost('show files'),
    createTransport: (options) => createNodeTransport(options),
    ...host,
  };
  return { core, host: services, dir };
}

// Root reads every file: the permission check only means something for other users.
const isRoot = process.getuid?.() === 0;
const readableLocked = isRoot ? ['locked.bin:1'] : [];

/** A tree with nested folders, a link, a socket and an unreadable file. */
async function tree(dir: string) {
  const root = join(dir, 'photos');
  mkdirSync(join(root, 'sub', 'deeper'), { recursive: true });
  writeFileSync(join(root, 'a.jpg'), 'aa');
  writeFileSync(join(root, 'sub', 'b 1.jpg'), 'bbb');
  writeFileSync(join(root, 'sub', 'deeper', 'c.jpg'), 'c');
  symlinkSync('/', join(root, 'to-root'));
  const locked = join(root, 'locked.bin');
  writeFileSync(locked, 'x');
  chmodSync(locked, 0o000);
  const socket = createServer();
  await new Promise<void>((resolve) => socket.listen(join(root, 'sock'), resolve));
  onTestFinished(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return root;
}

describe('files:list-folder', () => {
  it('lists every ordinary file below a folder with its relative path; skips links, sockets and unreadable files', async () => {
    const ctx = await context();
    const root = await tree(ctx.dir);
    const listing = await dispatchHost(ctx, 'files:list-folder', { path: root });
    expect(listing.name).toBe('photos');
    expect(listing.files.map((file) => `${file.relativePath}:${file.size}`)).toEqual([
      'a.jpg:2',
      ...readableLocked,
      'sub/b 1.jpg:3',
      'sub/deeper/c.jpg:1',
    ]);
    expect(listing.files.at(-1)!.path).toBe(join(root, 'sub', 'deeper', 'c.jpg'));
    const skipped = Object.fromEntries(listing.skipped.map((entry) => [entry.relativePath, entry.reason]));
    expect(skipped['to-root']).toMatch(/link/);
    expect(skipped.sock).toBe('a socket');
    if (!isRoot) expect(skipped['locked.bin']).toMatch(/not readable/);
    expect(listing.truncated).toBe(false);
  });

  it('stops at the file and depth bounds and says so', async () => {
    const ctx = await context();
    const root = await tree(ctx.dir);
    const few = await dispatchHost(ctx, 'files:list-folder', { path: root, maxFiles: 1 });
    expect(few.files.map((file) => file.relativePath)).toEqual(['a.jpg']);
    expect(few.truncated).toBe(true);
    const shallow = await dispatchHost(ctx, 'files:list-folder', { path: root, maxDepth: 2 });
    expect(shallow.files.map((file) => file.relativePath)).toEqual([
      'a.jpg',
      ...(isRoot ? ['locked.bin'] : []),
      'sub/b 1.jpg',
    ]);
    expect(shallow.skipped).toContainEqual({ relativePath: 'sub/deeper', reason: 'deeper than 2 folders' });
  });

  it('is confined like files:browse, and refuses files and missing folders plainly', async () => {
    const ctx = await context();
    const root = await tree(ctx.dir);
    const confined = { ...ctx, host: { ...ctx.host, allowedFolders: [join(root, 'sub')] } };
    await expect(dispatchHost(confined, 'files:list-folder', { path: root })).rejects.toMatchObject({
      code: 'not-allowed',
    });
    await expect(
      dispatchHost(confined, 'files:list-folder', { path: join(root, 'sub', '..') }),
    ).rejects.toMatchObject({ code: 'not-allowed' });
    expect(
      (await dispatchHost(confined, 'files:list-folder', { path: join(root, 'sub') })).files,
    ).toHaveLength(2);
    await expect(dispatchHost(ctx, 'files:list-folder', { path: join(root, 'a.jpg') })).rejects.toMatchObject(
      { code: 'invalid-input', message: /is a file, not a folder/ },
    );
    await expect(dispatchHost(ctx, 'files:list-folder', { path: join(root, 'nope') })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(dispatchHost(ctx, 'files:list-folder', { path: 'photos' })).rejects.toMatchObject({
      code: 'invalid-input',
    });
  });
});

describe('files:pick', () => {
  it('is refused plainly on a host without a desktop', async () => {
    const ctx = await context();
    await expect(dispatchHost(ctx, 'files:pick', {})).rejects.toMatchObject({
      code: 'unsupported',
      message: 'This host has no desktop to show an open dialog on.',
    });
  });

  it('runs the host’s dialog where there is one', async () => {
    const ctx = await context({
      pickFiles: async (kind) => ({ picked: [{ path: `/${kind}`, kind: 'folder' }] }),
    });
    expect(await dispatchHost(ctx, 'files:pick', { kind: 'folders' })).toEqual({
      picked: [{ path: '/folders', kind: 'folder' }],
    });
  });
});

describe('destinations:check with a saved destination', () => {
  it('is refused for another origin than the saved one (its password must not go elsewhere)', async () => {
    const ctx = await context();
    const saved = await dispatchHost(ctx, 'destinations:save', {
      name: 'Dumps',
      url: 'https://dumps.example/upload/',
      credentials: { user: 'ann', password: 'pw' },
    });
    await expect(
      dispatchHost(ctx, 'destinations:check', {
        url: 'https://evil.example/upload/x',
        destinationId: saved.id,
      }),
    ).rejects.toMatchObject({ code: 'not-allowed' });
    await expect(
      dispatchHost(ctx, 'destinations:check', { url: 'https://dumps.example/x', destinationId: 'gone' }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });
});
