import { readdirSync, readlinkSync } from 'node:fs';
import { type JobEventType, transition } from '../../electron/engine/job-states.js';
import type { JobState } from '../../shared/jobs.js';

const EVENTS: JobEventType[] = [
  'start',
  'transferring',
  'transient-failure',
  'fatal-failure',
  'transferred',
  'complete',
  'cancel',
  'suspend',
  'resume',
  'retry-due',
  'interrupted',
  'no-progress-timeout',
];

/** True when one event of the state machine takes a job from `from` to `to`. */
export function allowedTransition(from: JobState, to: JobState): boolean {
  return EVENTS.some((event) => {
    const result = transition(from, event);
    return result.ok && result.state === to;
  });
}

/** Open file descriptors of this process (Linux). */
export function openDescriptors(): number {
  return readdirSync('/proc/self/fd').length;
}

/**
 * The descriptor count once sockets a closed core let go of are really gone (their close is
 * asynchronous): polls briefly for it to come back to `baseline`, and returns what it settled at.
 */
export async function settledDescriptors(baseline: number): Promise<number> {
  let count = openDescriptors();
  for (let i = 0; i < 100 && count > baseline; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    count = openDescriptors();
  }
  return count;
}

/** What each open descriptor points at, for a failure message (a leaked upload file shows by name). */
export function describeDescriptors(): string[] {
  return readdirSync('/proc/self/fd').map((fd) => {
    try {
      return `${fd} → ${readlinkSync(`/proc/self/fd/${fd}`)}`;
    } catch {
      return `${fd} → (closed)`;
    }
  });
}
