import type { Job } from '../../../shared/contract/core-api.js';

/** A job as the core reports it, for the shell's tests. */
export function makeJob(id: string, changes: Partial<Job> = {}): Job {
  return {
    id,
    type: 'upload',
    state: 'queued',
    priority: 'normal',
    filePath: `/data/${id}.bin`,
    fileName: `${id}.bin`,
    url: `https://intake.example.com/bits/${id}.bin`,
    headerNames: [],
    hasCredentials: false,
    holdCompletion: false,
    bytesTotal: 1000,
    bytesAcked: 0,
    attempts: 0,
    createdAt: 1,
    updatedAt: 1,
    queueOrder: 1,
    ...changes,
  };
}
