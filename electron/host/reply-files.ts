import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Core, CoreError } from '../../shared/contract/core-api.js';

export interface ReplyFileRef {
  jobId: string;
  /** The reply file's own name (what a download is called). */
  fileName: string;
  path: string;
  bytes: number;
}

/**
 * The reply file of a finished upload-reply job: the only files hosts open, preview or send
 * to a browser, since the app wrote them itself.
 */
export async function replyFileOf(core: Core, jobId: string): Promise<ReplyFileRef> {
  const detail = await core.queries.get(jobId);
  if (!detail) throw new CoreError('not-found', `There is no job ${jobId}.`);
  const { job } = detail;
  if (job.type !== 'upload-reply') {
    throw new CoreError(
      'invalid-state',
      `Job ${jobId} (${job.fileName}) is a plain upload: it has no reply.`,
    );
  }
  if (!job.replyPath || (job.state !== 'transferred' && job.state !== 'acknowledged')) {
    throw new CoreError('invalid-state', `The reply of ${job.fileName} has not been received yet.`);
  }
  const info = await stat(job.replyPath).catch(() => undefined);
  if (!info?.isFile()) {
    throw new CoreError(
      'not-found',
      `The reply of ${job.fileName} is no longer at ${job.replyPath}.`,
      'It was moved or deleted outside BITS Uploader.',
    );
  }
  return { jobId, fileName: basename(job.replyPath), path: job.replyPath, bytes: info.size };
}
