/** What every child reports about its own memory. */
export interface ChildReport {
  /** RSS right after the modules loaded, before any work: the process's floor. */
  startRssKiB: number;
  /** Peak RSS over the whole process life (getrusage ru_maxrss). */
  maxRssKiB: number;
}

export function reportMemory(startRss: number): ChildReport {
  return { startRssKiB: Math.round(startRss / 1024), maxRssKiB: process.resourceUsage().maxRSS };
}
