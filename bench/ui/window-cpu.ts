import type { Browser } from '@playwright/test';
import { cpuSeconds } from '../support/serve-child.js';

/**
 * What the open window costs in CPU while it shows progress: every Chromium process (Chromium
 * reports their CPU time over CDP) and `serve`, which feeds the window its events. Shares are of
 * one core over the watch.
 */
export interface WindowCpu {
  seconds: number;
  /** Percent of one core by Chromium's process type: renderer, GPU, browser, and each utility by its service (network.mojom.NetworkService). */
  chromium: Record<string, number>;
  serve: number;
}

export interface ProcessInfo {
  type: string;
  id: number;
  cpuTime: number;
}

interface Reading {
  at: number;
  chromium: ProcessInfo[];
  serve: number;
}

/** Every Chromium process with its type and the CPU seconds it used so far (CDP SystemInfo). */
export async function chromiumProcesses(browser: Browser): Promise<ProcessInfo[]> {
  const session = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as {
      processInfo: ProcessInfo[];
    };
    return processInfo;
  } finally {
    await session.detach();
  }
}

export async function readCpu(browser: Browser, servePid: number): Promise<Reading> {
  return { at: performance.now(), chromium: await chromiumProcesses(browser), serve: cpuSeconds(servePid) };
}

/** From two readings: a process that started between them counts from zero, one that ended is left out. */
export function cpuBetween(before: Reading, after: Reading): WindowCpu {
  const seconds = (after.at - before.at) / 1000;
  const earlier = new Map(before.chromium.map((info) => [info.id, info.cpuTime]));
  const chromium: Record<string, number> = {};
  for (const info of after.chromium) {
    const used = info.cpuTime - (earlier.get(info.id) ?? 0);
    chromium[info.type] = (chromium[info.type] ?? 0) + (used / seconds) * 100;
  }
  return { seconds, chromium, serve: ((after.serve - before.serve) / seconds) * 100 };
}
