import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCore } from './core.js';
import { engineHarness } from './engine/testing/engine-harness.js';

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'bits-reply-folder-'));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  const dataDir = join(root, 'data');
  const core = await createCore({ dataDir });
  onTestFinished(() => core.close());
  const source = join(root, 'source.bin');
  writeFileSync(source, 'x');
  const addDefault = () =>
    core.commands.add({
      filePath: source,
      url: 'http://127.0.0.1:9/reply/x',
      type: 'upload-reply',
      suspended: true,
    });
  return { root, dataDir, core, addDefault };
}

async function refusal(work: Promise<unknown>) {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!error) throw new Error('expected a refusal');
  return error as { name: string; code: string; message: string; hint?: string };
}

describe('settings: the reply folder is validated when it is set', () => {
  const cases: Array<[string, (root: string) => string, RegExp]> = [
    ['a folder under /proc', () => '/proc/x', /on a system file system \(such as \/proc, \/sys or \/dev\)/],
    ['a folder under /sys', () => '/sys/bits-replies', /on a system file system/],
    ['a file', (root) => join(root, 'source.bin'), /is a file, not a folder\.$/],
    ['a folder under a device file', () => '/dev/null/x', /not a folder|system file system/],
    [
      'a folder below a file',
      (root) => join(root, 'source.bin', 'sub'),
      /is inside something that is not a folder|is a file, not a folder/,
    ],
    ['a NUL byte', (root) => join(root, 'a\0b'), /^The folder name contains a NUL character\.$/],
    ['a relative folder', () => 'replies-here', /^The folder replies-here is a relative path/],
  ];
  for (const [what, folder, message] of cases) {
    it(`refuses ${what} with a plain message and a hint, and keeps the old setting`, async () => {
      const { root, core, addDefault } = await setup();
      const error = await refusal(core.commands.updateSettings({ replyFolder: folder(root) }));
      expect(error.name).toBe('CoreError');
      expect(error.code).toBe('invalid-input');
      expect(error.message).toMatch(message);
      expect(error.message).not.toMatch(/ENOTDIR|EEXIST|TypeError/);
      expect(error.hint).toBeTruthy();
      expect((await core.queries.settings()).replyFolder).toBe('');
      // The queue still works: the default reply folder is used.
      expect((await addDefault()).replyPath).toMatch(/replies/);
    });
  }

  it('refuses a folder whose name is taken by a broken symbolic link, in plain words', async () => {
    const { root, core } = await setup();
    symlinkSync(join(root, 'gone'), join(root, 'dangling'));
    const error = await refusal(core.commands.updateSettings({ replyFolder: join(root, 'dangling') }));
    expect(error.message).toBe(
      `Cannot create the folder ${join(root, 'dangling')}: something that is not a folder (a file or a broken link) is in the way.`,
    );
  });

  it('refuses a folder inside the data folder other than its replies folder', async () => {
    const { dataDir, core } = await setup();
    const error = await refusal(core.commands.updateSettings({ replyFolder: join(dataDir, 'sub') }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('inside the data folder');
  });

  it('refuses a folder it cannot write to', async () => {
    const { root, core } = await setup();
    const locked = join(root, 'locked');
    mkdirSync(locked, { mode: 0o500 });
    // Root ignores modes: an immutable folder is what it cannot write to.
    if (process.getuid?.() === 0) {
      execFileSync('chattr', ['+i', locked]);
      onTestFinished(() => void execFileSync('chattr', ['-i', locked]));
    }
    const error = await refusal(core.commands.updateSettings({ replyFolder: locked }));
    expect(error.message).toBe(`Cannot write in the folder ${locked}: permission denied.`);
  });

  it('creates a good absolute folder, stores it normalized, and names replies inside it', async () => {
    const { root, core, addDefault } = await setup();
    const wanted = join(root, 'answers', 'deep', '..', 'replies');
    const settings = await core.commands.updateSettings({ replyFolder: wanted });
    expect(settings.replyFolder).toBe(join(root, 'answers', 'replies'));
    expect(existsSync(join(root, 'answers', 'replies'))).toBe(true);
    expect((await addDefault()).replyPath?.startsWith(join(root, 'answers', 'replies'))).toBe(true);
    expect((await core.commands.updateSettings({ replyFolder: '' })).replyFolder).toBe('');
  });

  it('answers an add clearly, instead of hanging, when an older version stored /proc/x', async () => {
    const h = await engineHarness({ settings: { replyFolder: '/proc/x' } });
    const source = join(h.dir, 'source.bin');
    writeFileSync(source, 'x');
    const error = await refusal(
      h.add({ filePath: source, url: 'http://127.0.0.1:9/reply/x', type: 'upload-reply' }),
    );
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/system file system/);
  });
});
