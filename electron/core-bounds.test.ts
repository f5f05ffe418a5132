import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ZodError } from 'zod';
import { dispatch } from '../shared/contract/channels.js';
import { createCore } from './core.js';
import { JobEngine } from './engine/engine.js';
import { createJobStore, openDatabase } from './store/index.js';

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'bits-bounds-'));
  const core = await createCore({ dataDir: join(dir, 'data') });
  onTestFinished(async () => {
    await core.close();
    await rm(dir, { recursive: true, force: true });
  });
  const file = join(dir, 'a.bin');
  writeFileSync(file, 'abc');
  return { core, dir, file };
}

describe('what the core stores of a URL, and URLs that can never work', () => {
  it('refuses ten 10 MB URLs in one add-many and stores nothing', async () => {
    const { core, file } = await setup();
    const huge = `http://127.0.0.1:9/${'a'.repeat(10 * 1024 * 1024)}`;
    const jobs = Array.from({ length: 10 }, () => ({ filePath: file, url: huge }));
    await expect(dispatch(core, 'jobs:add-many', { jobs })).rejects.toBeInstanceOf(ZodError);
    await expect(core.commands.addMany(jobs)).rejects.toMatchObject({ code: 'invalid-input' });
    expect((await core.queries.list()).total).toBe(0);
  });

  it('stores and echoes the normalized URL, and finds the job again by what the user typed', async () => {
    const { core, file } = await setup();
    const typed = 'HTTP://LocalHost:80/up/a b.bin#frag';
    const job = await core.commands.add({ filePath: file, url: typed, suspended: true });
    expect(job.url).toBe('http://localhost/up/a%20b.bin');
    expect((await core.queries.get(job.id))?.job.url).toBe('http://localhost/up/a%20b.bin');
    expect((await core.queries.findUnfinished({ filePath: file, url: typed, type: 'upload' }))?.id).toBe(
      job.id,
    );
  });

  it('refuses port 0, a missing host and other schemes when added, with a clear message', async () => {
    const { core, file } = await setup();
    for (const [url, message] of [
      ['http://127.0.0.1:0/up', /port 0/],
      ['https://example.com:0/up', /port 0/],
      ['http://', /not a valid URL/],
      ['ftp://example.com/up', /http:\/\/ or https:\/\//],
      ['file:///etc/passwd', /http:\/\/ or https:\/\//],
    ] as const) {
      await expect(core.commands.add({ filePath: file, url }), url).rejects.toMatchObject({
        code: 'invalid-input',
        message: expect.stringMatching(message),
      });
    }
    expect((await core.queries.list()).total).toBe(0);
  });

  it('never re-splits a header name containing ":" even when the engine is called directly', async () => {
    const { dir, file } = await setup();
    const store = createJobStore(openDatabase(join(dir, 'direct.db')).db);
    const engine = new JobEngine({ store, repliesDir: join(dir, 'replies') });
    onTestFinished(async () => {
      await engine.stop();
      store.close();
    });
    await engine.start();
    const input = {
      filePath: file,
      url: 'http://s/a',
      type: 'upload' as const,
      priority: 'normal' as const,
      holdCompletion: false,
      overwriteReply: false,
      suspended: true,
    };
    await expect(engine.add([{ ...input, headers: [['X-A:b', 'c']] }])).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/not a valid header name/),
    });
    const [job] = await engine.add([{ ...input, headers: [['X-A', 'b: c']] }]);
    expect(store.getJob(job!.id)?.headers).toEqual([['X-A', 'b: c']]);
  });
});
