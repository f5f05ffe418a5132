import type { DirectoryEntryLike, EntryLike } from '../features/add-files/folder-walk.js';

/** A directory entry over a tree of Files, answering readEntries `batch` entries at a time like Chromium. */
export function folderEntry(name: string, children: Array<EntryLike | File>, batch = 2): DirectoryEntryLike {
  const entries: EntryLike[] = children.map((child) =>
    child instanceof File
      ? { isFile: true, isDirectory: false, name: child.name, file: (ok: (file: File) => void) => ok(child) }
      : child,
  );
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader() {
      let at = 0;
      return {
        readEntries(ok: (entries: EntryLike[]) => void) {
          const next = entries.slice(at, at + batch);
          at += batch;
          queueMicrotask(() => ok(next));
        },
      };
    },
  };
}
