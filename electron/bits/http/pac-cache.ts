import { compilePac, type FindProxyForUrl } from './pac-evaluator.js';
import { readPacScript } from './pac-script.js';

interface Compiled {
  find: FindProxyForUrl;
  dispose(): void;
}

interface Entry {
  current?: Compiled;
  loading?: Promise<Compiled>;
  stale: boolean;
}

/**
 * PAC files by location, fetched and compiled once. After a failure (refresh()), the next use
 * fetches the file again; if that fails, the copy we had keeps working, so a PAC server that is
 * down for a moment does not stop uploads. Share one cache per process (like ConnectionMemory).
 */
export class PacCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly read: (location: string) => Promise<string> = readPacScript) {}

  async get(location: string): Promise<FindProxyForUrl> {
    let entry = this.entries.get(location);
    if (!entry) {
      entry = { stale: true };
      this.entries.set(location, entry);
    }
    if (entry.current && !entry.stale) return entry.current.find;
    entry.loading ??= this.load(location, entry);
    return (await entry.loading).find;
  }

  /** The PAC's choice failed: fetch the file again at its next use. */
  refresh(location: string): void {
    const entry = this.entries.get(location);
    if (entry) entry.stale = true;
  }

  close(): void {
    for (const entry of this.entries.values()) entry.current?.dispose();
    this.entries.clear();
  }

  private async load(location: string, entry: Entry): Promise<Compiled> {
    try {
      const compiled = await compilePac(await this.read(location), location);
      entry.current?.dispose();
      entry.current = compiled;
      entry.stale = false;
      return compiled;
    } catch (error) {
      if (!entry.current) throw error;
      // Keep the copy that worked; try the file again after the next failure.
      entry.stale = false;
      return entry.current;
    } finally {
      entry.loading = undefined;
    }
  }
}

/** The process-wide cache the engine and the CLI use. */
export const sharedPacCache = new PacCache();
