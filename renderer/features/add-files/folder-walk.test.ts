import { describe, expect, it } from 'vitest';
import { folderEntry } from '../../testing/folder-entries.js';
import { droppedItems, type EntryLike, walkDirectory } from './folder-walk.js';

const file = (name: string, size = 1) => new File(['x'.repeat(size)], name);

describe('walkDirectory', () => {
  it('walks nested folders, reading each until an empty batch, keeping relative paths', async () => {
    const tree = folderEntry('photos', [
      file('a.jpg'),
      file('b.jpg'),
      file('c.jpg'),
      folderEntry('sub', [file('d.jpg'), folderEntry('deeper', [file('e.jpg')]), file('f.jpg')]),
      file('g.jpg'),
    ]);
    const result = await walkDirectory(tree, { maxFiles: 100, maxDepth: 10 });
    expect(result.files.map((entry) => entry.relativePath)).toEqual([
      'photos/a.jpg',
      'photos/b.jpg',
      'photos/c.jpg',
      'photos/sub/d.jpg',
      'photos/sub/deeper/e.jpg',
      'photos/sub/f.jpg',
      'photos/g.jpg',
    ]);
    expect(result.truncated).toBe(false);
  });

  it('stops at its bounds, and reports what could not be read', async () => {
    const broken: EntryLike = {
      isFile: true,
      isDirectory: false,
      name: 'gone.bin',
      file: (_ok, fail) => fail?.(new DOMException('gone', 'NotFoundError')),
    };
    const tree = folderEntry('top', [broken, folderEntry('one', [folderEntry('two', [file('deep.bin')])])]);
    const shallow = await walkDirectory(tree, { maxFiles: 100, maxDepth: 2 });
    expect(shallow.skipped).toEqual([
      { relativePath: 'top/gone.bin', reason: 'not readable (NotFoundError)' },
      { relativePath: 'top/one/two', reason: 'deeper than 2 folders' },
    ]);
    expect(shallow.truncated).toBe(true);
    const few = await walkDirectory(folderEntry('f', [file('1'), file('2'), file('3')]), {
      maxFiles: 2,
      maxDepth: 5,
    });
    expect(few.files).toHaveLength(2);
    expect(few.truncated).toBe(true);
  });
});

describe('droppedItems', () => {
  it('takes entries from the items while the drop lasts, else the plain file list', () => {
    const folder = folderEntry('photos', []);
    const one = file('one.bin');
    const items = [
      { kind: 'file', getAsFile: () => one, webkitGetAsEntry: () => folder },
      { kind: 'string', getAsFile: () => null },
    ];
    expect(droppedItems({ items })).toEqual([{ entry: folder, file: one }]);
    expect(droppedItems({ files: [one] })).toEqual([{ entry: null, file: one }]);
    expect(droppedItems(null)).toEqual([]);
  });
});
