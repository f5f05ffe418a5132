import { stat } from 'node:fs/promises';
import type { ReplyFile } from '../../shared/contract/core-api.js';
import type { JobStore } from '../store/index.js';
import { fileNameOf } from './job-view.js';

/** Reply files of finished upload-reply jobs that still exist on disk, newest first. */
export async function replyFiles(store: JobStore, limit = 1000): Promise<ReplyFile[]> {
  const page = store.listJobs({
    states: ['transferred', 'acknowledged'],
    sort: 'created',
    direction: 'desc',
    limit,
  });
  const files: ReplyFile[] = [];
  for (const record of page.records) {
    if (record.type !== 'upload-reply' || !record.replyPath) continue;
    const info = await stat(record.replyPath).catch(() => undefined);
    if (!info?.isFile()) continue;
    files.push({
      jobId: record.id,
      fileName: fileNameOf(record.filePath),
      replyPath: record.replyPath,
      bytes: info.size,
      completedAt: record.completedAt,
    });
  }
  return files;
}
