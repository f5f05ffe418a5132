/**
 * Dropped folders in a browser: DataTransferItem.webkitGetAsEntry() gives a tree of entries
 * (the File and Directory Entries API). Only the shapes used here are typed, so a test (or the
 * e2e page) can hand in an object that mirrors a tree of File objects.
 */
export interface FileEntryLike {
  readonly isFile: true;
  readonly isDirectory: false;
  readonly name: string;
  file(success: (file: File) => void, failure?: (error: unknown) => void): void;
}

export interface DirectoryEntryLike {
  readonly isFile: false;
  readonly isDirectory: true;
  readonly name: string;
  createReader(): {
    readEntries(success: (entries: EntryLike[]) => void, failure?: (error: unknown) => void): void;
  };
}

export type EntryLike = FileEntryLike | DirectoryEntryLike;

/** One dropped thing, taken from the drop event while its DataTransfer is still readable. */
export interface DroppedItem {
  entry: EntryLike | null;
  file: File | null;
}

/** The parts of a DataTransfer read here (a real one, or a page's stand-in). */
export interface DataTransferLike {
  readonly files?: ArrayLike<File> | null;
  readonly items?: ArrayLike<{
    kind: string;
    getAsFile(): File | null;
    webkitGetAsEntry?(): unknown;
  }> | null;
}

/**
 * What a drop carries. It must run inside the drop handler: the browser empties the
 * DataTransfer as soon as the handler returns, so entries are taken now and walked later.
 */
export function droppedItems(transfer: DataTransferLike | null | undefined): DroppedItem[] {
  const items = transfer?.items ? Array.from(transfer.items) : [];
  const withEntries = items
    .filter((item) => item.kind === 'file')
    .map((item) => ({
      entry: (item.webkitGetAsEntry?.() as EntryLike | null | undefined) ?? null,
      file: item.getAsFile(),
    }));
  if (withEntries.length > 0) return withEntries;
  return Array.from(transfer?.files ?? []).map((file) => ({ entry: null, file }));
}

/** A file found below a dropped folder: "photos/sub/b.jpg" keeps the folder's own name on top. */
export interface WalkedFile {
  file: File;
  relativePath: string;
}

export interface WalkResult {
  files: WalkedFile[];
  /** Relative paths of what could not be read, with why. */
  skipped: Array<{ relativePath: string; reason: string }>;
  /** True when the bounds stopped the walk. */
  truncated: boolean;
}

export interface WalkLimits {
  maxFiles: number;
  maxDepth: number;
}

/** Walks a dropped folder's tree depth first, in the order the browser lists it. */
export async function walkDirectory(
  root: DirectoryEntryLike,
  limits: WalkLimits,
  result: WalkResult = { files: [], skipped: [], truncated: false },
): Promise<WalkResult> {
  await walk(root, root.name, 1, limits, result);
  return result;
}

async function walk(
  folder: DirectoryEntryLike,
  prefix: string,
  depth: number,
  limits: WalkLimits,
  result: WalkResult,
): Promise<void> {
  let entries: EntryLike[];
  try {
    entries = await readAll(folder);
  } catch (error) {
    result.skipped.push({ relativePath: prefix, reason: `not readable (${reasonOf(error)})` });
    return;
  }
  for (const entry of entries) {
    if (result.truncated) return;
    const relativePath = `${prefix}/${entry.name}`;
    if (entry.isDirectory) {
      if (depth >= limits.maxDepth) {
        result.truncated = true;
        result.skipped.push({ relativePath, reason: `deeper than ${limits.maxDepth} folders` });
        continue;
      }
      await walk(entry, relativePath, depth + 1, limits, result);
      continue;
    }
    if (result.files.length >= limits.maxFiles) {
      result.truncated = true;
      return;
    }
    try {
      result.files.push({ file: await fileOf(entry), relativePath });
    } catch (error) {
      result.skipped.push({ relativePath, reason: `not readable (${reasonOf(error)})` });
    }
  }
}

/** readEntries answers in batches (Chromium: 100 at a time) and an empty batch at the end. */
async function readAll(folder: DirectoryEntryLike): Promise<EntryLike[]> {
  const reader = folder.createReader();
  const all: EntryLike[] = [];
  for (;;) {
    const batch = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function fileOf(entry: FileEntryLike): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'name' in error) return String((error as { name: unknown }).name);
  return String(error);
}
