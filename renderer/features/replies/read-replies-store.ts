import { createStore } from 'zustand/vanilla';

/** At most this many read ids are remembered per host (the oldest are forgotten first). */
const MAX_REMEMBERED = 5_000;
const KEY_PREFIX = 'bits-uploader.replies-read.';

export interface ReadRepliesState {
  /** The host the ids belong to (its data folder): one browser may talk to several hosts. */
  scope: string | undefined;
  read: ReadonlySet<string>;
  /** Switches to a host's read list (loaded from storage). */
  setScope(scope: string): void;
  markRead(jobIds: readonly string[]): void;
}

/**
 * Which replies the user has looked at (previewed, opened, downloaded), by job id, kept in
 * localStorage per host: the window's own memory, not main's truth.
 */
export function createReadRepliesStore(storage?: Storage) {
  const load = (scope: string): string[] => {
    try {
      const value: unknown = JSON.parse(storage?.getItem(KEY_PREFIX + scope) ?? '[]');
      return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  };
  return createStore<ReadRepliesState>()((set, get) => ({
    scope: undefined,
    read: new Set(),
    setScope: (scope) => {
      if (get().scope === scope) return;
      set({ scope, read: new Set(load(scope)) });
    },
    markRead: (jobIds) => {
      const { read, scope } = get();
      const fresh = jobIds.filter((id) => !read.has(id));
      if (fresh.length === 0) return;
      const next = [...read, ...fresh].slice(-MAX_REMEMBERED);
      set({ read: new Set(next) });
      if (scope === undefined) return;
      try {
        storage?.setItem(KEY_PREFIX + scope, JSON.stringify(next));
      } catch {
        // A full or refused storage only costs the memory across reloads.
      }
    },
  }));
}

export type ReadRepliesStore = ReturnType<typeof createReadRepliesStore>;
