import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ZodError } from 'zod';
import { CHANNELS } from '../../shared/contract/channels.js';
import { CoreError } from '../../shared/contract/core-api.js';
import { createNodeTransport } from '../bits/http/node-transport.js';
import { createCore } from '../core.js';
import { dispatchHost, type HostContext, unsupportedOnThisHost } from './dispatch-host.js';
import type { HostServices } from './host-services.js';

async function context(host: Partial<HostServices> = {}): Promise<HostContext & { dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'bits-host-'));
  const core = await createCore({ dataDir: join(dir, 'data') });
  onTestFinished(async () => {
    await core.close();
    await rm(dir, { recursive: true, force: true });
  });
  const services: HostServices = {
    kind: 'serve',
    version: '9.9.9',
    capabilities: {
      canOpenFiles: false,
      canRevealFiles: false,
      canBrowseHostFiles: true,
      canStageUploads: true,
      canDownloadReplies: true,
      hasNativeFileDialog: false,
    },
    maxStageBytes: 1024,
    allowedFolders: [],
    openPath: () => unsupportedOnThisHost('open files'),
    revealPath: () => unsupportedOnThisHost('show files'),
    createTransport: (options) => createNodeTransport(options),
    ...host,
  };
  return { core, host: services, dir };
}

describe('dispatchHost: the contract with host services', () => {
  it('saves, lists and removes destinations, and never hands out their secrets', async () => {
    const ctx = await context();
    const saved = await dispatchHost(ctx, 'destinations:save', {
      name: 'Crash dumps',
      url: 'https://dumps.example/upload/',
      headers: [['X-Api-Key', 'top-secret-key']],
      credentials: { user: 'ann', password: 'hunter2' },
      fragmentSize: 1024 * 1024,
    });
    expect(CHANNELS['destinations:save'].response.parse(saved)).toMatchObject({
      name: 'Crash dumps',
      type: 'upload',
      headerNames: ['X-Api-Key'],
      hasCredentials: true,
      fragmentSize: 1024 * 1024,
    });
    // A change that leaves out the secrets keeps them; null credentials clear them.
    const renamed = await dispatchHost(ctx, 'destinations:save', {
      id: saved.id,
      name: 'Dumps',
      url: 'https://dumps.example/upload/',
    });
    expect(renamed).toMatchObject({ id: saved.id, headerNames: ['X-Api-Key'], hasCredentials: true });
    const cleared = await dispatchHost(ctx, 'destinations:save', {
      id: saved.id,
      name: 'Dumps',
      url: 'https://dumps.example/upload/',
      credentials: null,
    });
    expect(cleared.hasCredentials).toBe(false);
    const list = await dispatchHost(ctx, 'destinations:list', {});
    expect(list.map((d) => d.name)).toEqual(['Dumps']);
    expect(JSON.stringify(list)).not.toMatch(/top-secret-key|hunter2/);
    expect(await dispatchHost(ctx, 'destinations:remove', { id: saved.id })).toEqual({ removed: [saved.id] });
    expect(await dispatchHost(ctx, 'destinations:list', {})).toEqual([]);
  });

  it('refuses a second destination with the same name, a bad URL, and an unknown id', async () => {
    const ctx = await context();
    await dispatchHost(ctx, 'destinations:save', { name: 'Intake', url: 'https://a.example/' });
    await expect(
      dispatchHost(ctx, 'destinations:save', { name: 'intake', url: 'https://b.example/' }),
    ).rejects.toMatchObject({ code: 'exists' });
    await expect(
      dispatchHost(ctx, 'destinations:save', { name: 'X', url: 'ftp://a.example/' }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(
      dispatchHost(ctx, 'destinations:save', { id: 'nope', name: 'Y', url: 'https://a.example/' }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  it('keeps saved destinations across a restart of the core', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bits-host-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const first = await createCore({ dataDir: dir });
    await first.commands.saveDestination({
      name: 'Keep',
      url: 'https://k.example/in/',
      type: 'upload-reply',
    });
    await first.close();
    const second = await createCore({ dataDir: dir });
    onTestFinished(() => second.close());
    expect(await second.queries.destinations()).toMatchObject([{ name: 'Keep', type: 'upload-reply' }]);
  });

  it('tells what the host is and can do', async () => {
    const ctx = await context();
    const info = await dispatchHost(ctx, 'app:info', {});
    expect(CHANNELS['app:info'].response.parse(info)).toMatchObject({
      version: '9.9.9',
      hostKind: 'serve',
      dataDir: ctx.core.dataDir,
      maxStageBytes: 1024,
    });
  });

  it('answers unknown channels, malformed payloads and host-less actions with clear errors', async () => {
    const ctx = await context();
    await expect(dispatchHost(ctx, 'jobs:fly' as never, {})).rejects.toMatchObject({
      code: 'unknown-channel',
    });
    await expect(dispatchHost(ctx, '__proto__' as never, {})).rejects.toMatchObject({
      code: 'unknown-channel',
    });
    await expect(dispatchHost(ctx, 'files:browse', { path: 42 })).rejects.toBeInstanceOf(ZodError);
    await expect(dispatchHost(ctx, 'files:stage', { fileName: 'a', size: 1 })).rejects.toMatchObject({
      code: 'unsupported',
      hint: expect.stringContaining('PUT /api/stage/'),
    });
    await expect(dispatchHost(ctx, 'replies:preview', { jobId: 'missing' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('opens only a finished job’s reply, and a host without a desktop says it cannot', async () => {
    const opened: string[] = [];
    const ctx = await context({ openPath: async (path) => void opened.push(path) });
    writeFileSync(join(ctx.dir, 'a.bin'), 'x');
    const job = await dispatchHost(ctx, 'jobs:add', {
      filePath: join(ctx.dir, 'a.bin'),
      url: 'http://127.0.0.1:9/up/a.bin',
      type: 'upload-reply',
      suspended: true,
    });
    await expect(dispatchHost(ctx, 'replies:open', { jobId: job.id })).rejects.toMatchObject({
      code: 'invalid-state',
    });
    expect(opened).toEqual([]);
    const serve = await context();
    await expect(serve.host.openPath('/x')).rejects.toBeInstanceOf(CoreError);
    await expect(serve.host.openPath('/x')).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('reveals a job’s own local file, and a host without a desktop says it cannot', async () => {
    const shown: string[] = [];
    const ctx = await context({ revealPath: async (path) => void shown.push(path) });
    writeFileSync(join(ctx.dir, 'a.bin'), 'x');
    const job = await dispatchHost(ctx, 'jobs:add', {
      filePath: join(ctx.dir, 'a.bin'),
      url: 'http://127.0.0.1:9/up/a.bin',
      suspended: true,
    });
    expect(await dispatchHost(ctx, 'files:reveal', { jobId: job.id })).toBeNull();
    expect(shown).toEqual([join(ctx.dir, 'a.bin')]);
    await expect(dispatchHost(ctx, 'files:reveal', { jobId: 'missing' })).rejects.toMatchObject({
      code: 'not-found',
    });
    const serve = await context();
    writeFileSync(join(serve.dir, 'b.bin'), 'x');
    const other = await dispatchHost(serve, 'jobs:add', {
      filePath: join(serve.dir, 'b.bin'),
      url: 'http://127.0.0.1:9/up/b.bin',
      suspended: true,
    });
    await expect(dispatchHost(serve, 'files:reveal', { jobId: other.id })).rejects.toMatchObject({
      code: 'unsupported',
    });
  });

  it('lists a folder of the host, folders first, within the allowed folders only', async () => {
    const ctx = await context();
    const root = join(ctx.dir, 'share');
    mkdirSync(join(root, 'sub'), { recursive: true });
    writeFileSync(join(root, 'b10.txt'), 'hello');
    writeFileSync(join(root, 'b9.txt'), 'hi');
    writeFileSync(join(root, '.hidden'), '');
    const confined = { ...ctx, host: { ...ctx.host, allowedFolders: [root] } };
    const listing = await dispatchHost(confined, 'files:browse', {});
    expect(listing.path).toBe(root);
    expect(listing.entries.map((e) => `${e.kind}:${e.name}:${e.size}`)).toEqual([
      'folder:sub:0',
      'file:b9.txt:2',
      'file:b10.txt:5',
    ]);
    expect(listing.parent).toBeUndefined();
    expect((await dispatchHost(confined, 'files:browse', { path: join(root, 'sub') })).parent).toBe(root);
    await expect(dispatchHost(confined, 'files:browse', { path: ctx.dir })).rejects.toMatchObject({
      code: 'not-allowed',
    });
    await expect(
      dispatchHost(confined, 'files:browse', { path: join(root, 'sub', '..', '..') }),
    ).rejects.toMatchObject({ code: 'not-allowed' });
    await expect(dispatchHost(ctx, 'files:browse', { path: join(root, 'nope') })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(dispatchHost(ctx, 'files:browse', { path: join(root, 'b9.txt') })).rejects.toMatchObject({
      code: 'invalid-input',
    });
    await expect(dispatchHost(ctx, 'files:browse', { path: 'relative/path' })).rejects.toMatchObject({
      code: 'invalid-input',
    });
    const limited = await dispatchHost(ctx, 'files:browse', { path: root, limit: 1, showHidden: true });
    expect(limited).toMatchObject({ truncated: true, entries: [{ name: 'sub' }] });
  });
});
