import { createStore } from 'zustand/vanilla';
import { LIST_FOLDER_MAX_DEPTH, LIST_FOLDER_MAX_FILES } from '../../../shared/contract/folder-limits.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { type DroppedItem, type WalkResult, walkDirectory } from './folder-walk.js';
import { baseName, destinationProblem } from './plan-jobs.js';
import { pageStorage, type RecentDestination, readRecent, rememberRecent } from './recent-destinations.js';
import { type Candidate, type SubmitDeps, skippedNotice, submitCandidates } from './submit.js';

export interface FileAdder {
  /** Dropped or picked files: queued from their paths (desktop) or staged on the host first (browser). */
  addFiles(files: readonly File[]): Promise<void>;
  /** A drop's items: files, and folders (walked in the browser, or listed by the host on desktop). */
  addDrop(items: readonly DroppedItem[]): Promise<void>;
  /** A path typed by the user, on the host's own disk. */
  addHostPath(path: string): Promise<boolean>;
  /**
   * Host paths (pasted, picked in a dialog or the host browser); folders are listed by the host.
   * 'unknown' (a pasted path) asks the host to list it: a folder is expanded, anything else is a file.
   */
  addHostPaths(paths: ReadonlyArray<{ path: string; kind: 'file' | 'folder' | 'unknown' }>): Promise<boolean>;
  /** The destinations files were queued to lately (newest first). */
  readonly recent: ReturnType<typeof createRecentStore>;
}

function createRecentStore(storage: Storage | undefined) {
  return createStore<{ recent: RecentDestination[] }>()(() => ({ recent: readRecent(storage) }));
}

/** User actions that add work; every refusal becomes a notice that says what to do. */
export function createFileAdder(deps: SubmitDeps, storage: Storage | undefined = pageStorage()): FileAdder {
  const { transport, ui, host } = deps;
  const notify = (message: string, hint?: string) => ui.getState().notify(message, hint);
  const recent = createRecentStore(storage);

  /** Checks the destination before anything is walked or staged: a typo must not cost a 2 GB upload. */
  function destinationReady(): boolean {
    const problem = destinationProblem(ui.getState().destinationUrl);
    if (problem) notify(problem.message, problem.hint);
    return !problem;
  }

  async function submit(candidates: Candidate[], skipped: WalkResult['skipped'], truncated = false) {
    if (skipped.length > 0) {
      const notice = skippedNotice(skipped);
      notify(notice.message, notice.hint);
    }
    if (truncated) {
      notify(
        `Only the first ${candidates.length.toLocaleString('en')} files were taken.`,
        `A drop adds at most ${LIST_FOLDER_MAX_FILES.toLocaleString('en')} files, ${LIST_FOLDER_MAX_DEPTH} folders deep; add the rest separately.`,
      );
    }
    const added = await submitCandidates(deps, candidates);
    if (added > 0) {
      const { destinationUrl, jobType } = ui.getState();
      recent.setState({ recent: rememberRecent(storage, { url: destinationUrl, type: jobType }) });
    }
    return added > 0;
  }

  /** A browser File: its host path on desktop, else (serve) staged if this host takes browser files. */
  function fileCandidate(file: File, name: string, refused: File[]): Candidate | undefined {
    const path = transport.pathForFile(file);
    if (path !== '') return { name, size: file.size, path };
    if (!host.getState().appInfo?.capabilities.canStageUploads) {
      refused.push(file);
      return undefined;
    }
    return { name, size: file.size, file };
  }

  function refuseBrowserFiles(refused: File[]) {
    if (refused.length === 0) return;
    notify(
      `${refused.length === 1 ? `“${refused[0]!.name}”` : `${refused.length} files`} could not be added: this host cannot take files from the browser.`,
      'Type the file’s path on the host instead.',
    );
  }

  /** Whether the host lists `path` as a folder; a file, a missing path or a refusal says no (jobs:add then words it). */
  async function isHostFolder(path: string): Promise<boolean> {
    try {
      await transport.invoke('files:list-folder', { path, maxFiles: 1, maxDepth: 1 });
      return true;
    } catch {
      return false;
    }
  }

  async function listOnHost(path: string, candidates: Candidate[], skipped: WalkResult['skipped']) {
    try {
      const listing = await transport.invoke('files:list-folder', { path });
      for (const file of listing.files) {
        candidates.push({ name: `${listing.name}/${file.relativePath}`, size: file.size, path: file.path });
      }
      for (const entry of listing.skipped) {
        skipped.push({ relativePath: `${listing.name}/${entry.relativePath}`, reason: entry.reason });
      }
      return listing.truncated;
    } catch (error) {
      const problem = toTransportError(error, `Listing ${path} failed`);
      notify(`The folder “${baseName(path)}” was not added: ${problem.message}`, problem.hint);
      return false;
    }
  }

  const adder: FileAdder = {
    recent,
    async addFiles(files) {
      if (files.length === 0 || !destinationReady()) return;
      await adder.addDrop(files.map((file) => ({ entry: null, file })));
    },
    async addDrop(items) {
      if (items.length === 0 || !destinationReady()) return;
      const candidates: Candidate[] = [];
      const skipped: WalkResult['skipped'] = [];
      const refused: File[] = [];
      let truncated = false;
      const walked: WalkResult = { files: [], skipped, truncated: false };
      for (const { entry, file } of items) {
        if (entry?.isDirectory) {
          // Desktop: the folder has a host path and the host lists it (links not followed there).
          const path = file ? transport.pathForFile(file) : '';
          if (path !== '') truncated = (await listOnHost(path, candidates, skipped)) || truncated;
          else if (!host.getState().appInfo?.capabilities.canStageUploads)
            refused.push(file ?? new File([], entry.name));
          else
            await walkDirectory(
              entry,
              { maxFiles: LIST_FOLDER_MAX_FILES, maxDepth: LIST_FOLDER_MAX_DEPTH },
              walked,
            );
        } else if (file) {
          // A folder picked with <input webkitdirectory> names each file's place in it.
          const candidate = fileCandidate(file, file.webkitRelativePath || file.name, refused);
          if (candidate) candidates.push(candidate);
        }
      }
      for (const { file, relativePath } of walked.files)
        candidates.push({ name: relativePath, size: file.size, file });
      refuseBrowserFiles(refused);
      await submit(candidates, skipped, truncated || walked.truncated);
    },
    async addHostPath(path) {
      const trimmed = path.trim();
      if (!trimmed) {
        notify('Type the path of a file on the host first.');
        return false;
      }
      return adder.addHostPaths([{ path: trimmed, kind: 'file' }]);
    },
    async addHostPaths(paths) {
      if (paths.length === 0 || !destinationReady()) return false;
      const candidates: Candidate[] = [];
      const skipped: WalkResult['skipped'] = [];
      let truncated = false;
      for (const { path, kind } of paths) {
        if (kind === 'folder') truncated = (await listOnHost(path, candidates, skipped)) || truncated;
        else if (kind === 'unknown' && (await isHostFolder(path)))
          truncated = (await listOnHost(path, candidates, skipped)) || truncated;
        else candidates.push({ name: baseName(path), path });
      }
      return submit(candidates, skipped, truncated);
    },
  };
  return adder;
}
