import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AddJobInput, Core } from '../shared/contract/core-api.js';
import { type CoreOptions, createCore } from './core.js';

/** Nothing here is ever sent: the jobs are added suspended, to a port nobody listens on. */
const URL_BASE = 'http://127.0.0.1:9/reply/';

async function setup(options: Omit<CoreOptions, 'dataDir'> = {}) {
  const root = await mkdtemp(join(tmpdir(), 'bits-reply-paths-'));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  const dataDir = join(root, 'data');
  const core = await createCore({ ...options, dataDir });
  onTestFinished(() => core.close());
  const source = join(root, 'source.bin');
  writeFileSync(source, 'the file to upload');
  const add = (replyPath: string | undefined, extra: Partial<AddJobInput> = {}) =>
    core.commands.add({
      filePath: source,
      url: `${URL_BASE}${Math.random().toString(36).slice(2)}`,
      type: 'upload-reply',
      replyPath,
      suspended: true,
      ...extra,
    });
  return { root, dataDir, core, source, add };
}

async function refusal(work: Promise<unknown>): Promise<{ code: string; message: string; hint?: string }> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!error) throw new Error('expected a refusal');
  return error as { code: string; message: string; hint?: string };
}

async function jobCount(core: Core): Promise<number> {
  return (await core.queries.list()).total;
}

describe('reply paths never replace what they must not', () => {
  it('refuses the data folder’s database, WAL and lock file, but allows its replies folder', async () => {
    const { dataDir, core, add } = await setup();
    for (const name of ['bits-uploader.db', 'bits-uploader.db-wal', 'bits-uploader.lock', 'other.txt']) {
      const error = await refusal(add(join(dataDir, name), { overwriteReply: true }));
      expect(error.code).toBe('invalid-input');
      expect(error.message).toContain(`inside the data folder ${dataDir}`);
      expect(error.hint).toContain(join(dataDir, 'replies'));
    }
    expect(await jobCount(core)).toBe(0);
    const job = await add(join(dataDir, 'replies', 'mine.xml'));
    expect(job.replyPath).toBe(join(dataDir, 'replies', 'mine.xml'));
  });

  it('sees through a symbolic link to the data folder', async () => {
    const { root, dataDir, add } = await setup();
    symlinkSync(dataDir, join(root, 'alias'));
    const error = await refusal(add(join(root, 'alias', 'bits-uploader.db'), { overwriteReply: true }));
    expect(error.code).toBe('invalid-input');
  });

  it('refuses the job’s own source file, also through a linked folder', async () => {
    const { root, source, add } = await setup();
    const direct = await refusal(add(source, { overwriteReply: true }));
    expect(direct).toMatchObject({ code: 'invalid-input' });
    expect(direct.message).toContain('that is the file being uploaded');
    symlinkSync(root, join(root, 'same'));
    const linked = await refusal(add(join(root, 'same', 'source.bin'), { overwriteReply: true }));
    expect(linked.code).toBe('invalid-input');
    expect(readFileSync(source, 'utf8')).toBe('the file to upload');
  });

  it('replaces an existing file only when asked to', async () => {
    const { root, add } = await setup();
    const existing = join(root, 'receipt.xml');
    writeFileSync(existing, 'an older receipt');
    const error = await refusal(add(existing));
    expect(error).toMatchObject({ code: 'exists', message: `A file already exists at ${existing}.` });
    expect(error.hint).toMatch(/--overwrite/);
    const job = await add(existing, { overwriteReply: true });
    expect(job.replyPath).toBe(existing);
  });

  it('gives one reply path to one unfinished job: the second add is refused, naming the first', async () => {
    const { root, core, add } = await setup();
    const receipt = join(root, 'receipt.xml');
    const first = await add(receipt);
    const error = await refusal(add(receipt));
    expect(error.code).toBe('exists');
    expect(error.message).toContain(`already used by the unfinished job ${first.id}`);
    // Once the first job is over, the path is free again.
    await core.commands.cancel(first.id);
    expect((await add(receipt)).replyPath).toBe(receipt);
  });

  it('lets only one of two racing adds (or one add-many) take a reply path', async () => {
    const { root, core, source } = await setup();
    const receipt = join(root, 'race.xml');
    const input = (n: number): AddJobInput => ({
      filePath: source,
      url: `${URL_BASE}race-${n}`,
      type: 'upload-reply',
      replyPath: receipt,
      suspended: true,
    });
    const results = await Promise.allSettled([core.commands.add(input(1)), core.commands.add(input(2))]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await jobCount(core)).toBe(1);
    const many = await refusal(
      core.commands.addMany([input(3), { ...input(4), replyPath: join(root, 'b.xml') }, input(5)]),
    );
    expect(many.code).toBe('exists');
    expect(await jobCount(core)).toBe(1);
  });

  it('refuses an update to another job’s reply path or to the data folder', async () => {
    const { root, dataDir, core, add } = await setup();
    const first = await add(join(root, 'a.xml'));
    const second = await add(join(root, 'b.xml'));
    expect((await refusal(core.commands.update(second.id, { replyPath: join(root, 'a.xml') }))).code).toBe(
      'exists',
    );
    const inData = await refusal(
      core.commands.update(second.id, { replyPath: join(dataDir, 'bits-uploader.db'), overwriteReply: true }),
    );
    expect(inData.code).toBe('invalid-input');
    expect((await core.queries.get(second.id))?.job.replyPath).toBe(join(root, 'b.xml'));
    expect((await core.commands.update(first.id, { replyPath: join(root, 'a.xml') })).replyPath).toBe(
      join(root, 'a.xml'),
    );
  });

  it('refuses a reply path in a folder that does not exist, or naming a folder', async () => {
    const { root, add } = await setup();
    const missing = await refusal(add(join(root, 'nowhere', 'r.xml')));
    expect(missing).toMatchObject({
      code: 'invalid-input',
      message: `The folder for the reply file does not exist: ${join(root, 'nowhere')}.`,
    });
    mkdirSync(join(root, 'folder'));
    expect((await refusal(add(join(root, 'folder'), { overwriteReply: true }))).code).toBe('invalid-input');
    expect((await refusal(add(join(root, 'a\0b')))).message).toMatch(/NUL/);
  });
});

describe("replyPathPolicy 'replies-folder-only' (hosts serving remote clients)", () => {
  it('writes replies only inside the replies folder and keeps the reply folder setting fixed', async () => {
    const { root, dataDir, core, add } = await setup({ replyPathPolicy: 'replies-folder-only' });
    const outside = await refusal(add(join(root, 'receipt.xml')));
    expect(outside.code).toBe('invalid-input');
    expect(outside.message).toContain('saves replies only in its replies folder');
    const upward = await refusal(add('../../receipt.xml'));
    expect(upward.code).toBe('invalid-input');
    const relative = await add('receipt.xml');
    expect(relative.replyPath).toBe(join(dataDir, 'replies', 'receipt.xml'));
    const chosen = await add(undefined);
    expect(chosen.replyPath?.startsWith(join(dataDir, 'replies'))).toBe(true);
    const setting = await refusal(core.commands.updateSettings({ replyFolder: root }));
    expect(setting.code).toBe('invalid-input');
    expect((await core.queries.settings()).replyFolder).toBe('');
  });
});
