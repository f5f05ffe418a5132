/** What every child reports about its own resource use. */
export interface ChildReport {
  /** RSS right after the modules loaded, before any work: the process's floor. */
  startRssKiB: number;
  /** Peak RSS over the whole process life (getrusage ru_maxrss). */
  maxRssKiB: number;
  /** CPU time (user + system) this process spent during the timed part. */
  cpuMs: number;
  /** CPU time spent before it: Node's start-up and loading the modules. */
  startCpuMs: number;
}

export interface ChildMeter {
  startRss: number;
  cpu: NodeJS.CpuUsage;
}

/** Call right before the timed part. */
export function startMeter(): ChildMeter {
  return { startRss: process.memoryUsage().rss, cpu: process.cpuUsage() };
}

/** Call right after the timed part. */
export function readMeter(meter: ChildMeter): ChildReport {
  const cpu = process.cpuUsage(meter.cpu);
  return {
    startRssKiB: Math.round(meter.startRss / 1024),
    maxRssKiB: process.resourceUsage().maxRSS,
    cpuMs: (cpu.user + cpu.system) / 1000,
    startCpuMs: (meter.cpu.user + meter.cpu.system) / 1000,
  };
}

/** Prints the one JSON line the parent reads; any failure goes to stderr with exit code 1. */
export function runChild(main: () => Promise<unknown>): void {
  main().then(
    (report) => process.stdout.write(`${JSON.stringify(report)}\n`),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
