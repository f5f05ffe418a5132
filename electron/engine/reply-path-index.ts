import { CoreError } from '../../shared/contract/core-api.js';
import type { JobRecord } from '../store/index.js';
import { isFinal } from './job-states.js';
import { pathKey } from './reply-path.js';

/**
 * The reply paths and source files of unfinished jobs, by path key: no two unfinished jobs share
 * a reply path, and no reply lands on a file another job is uploading. Built and consulted with
 * no await between the check and the insert, so two adds racing each other cannot both pass.
 */
export class ReplyPathIndex {
  private readonly replies = new Map<string, JobRecord>();
  private readonly sources = new Map<string, JobRecord>();

  /** `except`: the job being changed, which does not collide with itself. */
  constructor(
    records: Iterable<JobRecord>,
    private readonly except?: string,
  ) {
    for (const record of records) this.add(record);
  }

  add(record: JobRecord): void {
    if (record.id === this.except || isFinal(record.state)) return;
    if (record.replyPath !== undefined) keepFirst(this.replies, pathKey(record.replyPath), record);
    keepFirst(this.sources, pathKey(record.filePath), record);
  }

  assertFree(candidate: { replyPath?: string }): void {
    if (candidate.replyPath === undefined) return;
    const key = pathKey(candidate.replyPath);
    const holder = this.replies.get(key);
    if (holder) {
      throw new CoreError(
        'exists',
        `The reply path ${candidate.replyPath} is already used by the unfinished job ${holder.id} (${holder.filePath} to ${holder.url}, ${holder.state}).`,
        'Choose another path for this reply, or let that job finish (or cancel it) first.',
      );
    }
    const uploading = this.sources.get(key);
    if (uploading) {
      throw new CoreError(
        'invalid-input',
        `The reply cannot be saved at ${candidate.replyPath}: the unfinished job ${uploading.id} is uploading that file.`,
        'Choose another path for the reply.',
      );
    }
  }
}

function keepFirst(map: Map<string, JobRecord>, key: string, record: JobRecord): void {
  if (!map.has(key)) map.set(key, record);
}
