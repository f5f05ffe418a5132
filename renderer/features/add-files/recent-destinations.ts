import type { JobType } from '../../../shared/jobs.js';

/** A destination files were recently queued to (remembered in this browser/window only). */
export interface RecentDestination {
  url: string;
  type: JobType;
}

const KEY = 'bits-uploader.recent-destinations';
export const MAX_RECENT = 8;

/** The recent destinations, newest first; whatever the storage holds that is not one is ignored. */
export function readRecent(storage: Storage | undefined): RecentDestination[] {
  try {
    const value: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
    if (!Array.isArray(value)) return [];
    return value
      .filter(
        (entry): entry is RecentDestination =>
          typeof entry?.url === 'string' && (entry.type === 'upload' || entry.type === 'upload-reply'),
      )
      .slice(0, MAX_RECENT);
  } catch {
    return [];
  }
}

/** Puts a destination first (once), keeping the last eight. */
export function rememberRecent(
  storage: Storage | undefined,
  destination: RecentDestination,
): RecentDestination[] {
  const url = destination.url.trim();
  const next = [
    { url, type: destination.type },
    ...readRecent(storage).filter((entry) => entry.url !== url),
  ].slice(0, MAX_RECENT);
  try {
    storage?.setItem(KEY, JSON.stringify(next));
  } catch {
    // A full or disabled storage only loses the list, never the add.
  }
  return next;
}

/** localStorage where the page has one (tests and private windows may not). */
export function pageStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
