import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { pickWithDialog } from './desktop-host.js';

describe('files:pick on the desktop', () => {
  it('shows the open dialog and says which picks are folders; a cancel picks nothing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bits-pick-'));
    onTestFinished(() => rm(root, { recursive: true, force: true }));
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'a.jpg'), 'aa');
    const asked: unknown[] = [];
    const dialog = async (options: { properties: string[] }) => {
      asked.push(options.properties);
      return { canceled: false, filePaths: [join(root, 'a.jpg'), join(root, 'sub')] };
    };
    expect(await pickWithDialog(dialog, 'files', 'linux')).toEqual({
      picked: [
        { path: join(root, 'a.jpg'), kind: 'file' },
        { path: join(root, 'sub'), kind: 'folder' },
      ],
    });
    await pickWithDialog(dialog, 'folders', 'linux');
    await pickWithDialog(dialog, 'files', 'darwin');
    expect(asked).toEqual([
      ['openFile', 'multiSelections'],
      ['openDirectory', 'multiSelections'],
      ['openFile', 'openDirectory', 'multiSelections'],
    ]);
    expect(await pickWithDialog(async () => ({ canceled: true, filePaths: ['/x'] }), 'files')).toEqual({
      picked: [],
    });
  });
});
