import { setPriority } from 'node:os';
import type { Browser } from '@playwright/test';
import { chromiumProcesses } from './window-cpu.js';

/**
 * Chromium on Linux runs its compositor, GPU and browser threads at nice -8 ("display critical")
 * and leaves the renderer's main thread, the one that applies a progress batch and lays out the
 * frame, at 0. On this 2-core machine that thread also shares the cores with `serve`, the reference
 * server and the bench, so a frame now and then waits 5-15 ms for a core while the page's own
 * work is 2-5 ms. Desktop systems favour the window in front (Windows' foreground boost, macOS's
 * user-interactive QoS); raising the main thread to the compositor's level stands in for that,
 * and the section prints the figures at both priorities.
 */
export const DISPLAY_NICE = -8;

/** The renderer that has worked the most: the page under measurement (spare renderers idle). */
export async function pageRendererPid(browser: Browser): Promise<number | undefined> {
  const renderers = (await chromiumProcesses(browser)).filter((info) => info.type === 'renderer');
  renderers.sort((a, b) => b.cpuTime - a.cpuTime);
  return renderers[0]?.id;
}

/**
 * Sets the nice value of the renderer's main thread only: on Linux, setpriority(PRIO_PROCESS)
 * with a process id reaches just the thread whose id it is, which is the main thread. Returns a
 * plain reason when it cannot (another system, or no permission to raise a priority).
 */
export function setMainThreadNice(pid: number | undefined, nice: number): string | undefined {
  if (process.platform !== 'linux')
    return `a thread priority is set only on Linux here (${process.platform})`;
  if (pid === undefined) return 'the page’s renderer process was not found';
  try {
    setPriority(pid, nice);
    return undefined;
  } catch (error) {
    return `the renderer’s priority could not be changed (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
}
