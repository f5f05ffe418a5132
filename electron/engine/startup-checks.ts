import { stat } from 'node:fs/promises';
import { ERROR_CONTEXT, formatHresult, HRESULT } from '../../shared/bits-codes.js';
import type { JobError } from '../../shared/jobs.js';
import type { JobRecord } from '../store/index.js';

/**
 * After a restart, finds queued jobs whose file vanished or changed while the app was closed,
 * so they show a clear error at once instead of when their turn comes. Runs in batches so a
 * queue of thousands does not flood the file system.
 */
export async function checkFilesAtStartup(
  jobs: readonly JobRecord[],
  now: () => number,
  report: (record: JobRecord, message: string, error: JobError) => void,
): Promise<number> {
  let problems = 0;
  const candidates = jobs.filter((job) => job.state === 'queued' || job.state === 'transient-error');
  for (let start = 0; start < candidates.length; start += 128) {
    const batch = candidates.slice(start, start + 128);
    await Promise.all(
      batch.map(async (job) => {
        const problem = await fileProblem(job);
        if (!problem) return;
        problems++;
        report(job, problem, {
          message: problem,
          hint: 'Put the original file back, or remove this job and add the file again.',
          code: formatHresult(HRESULT.BG_E_LOCAL_FILE_CHANGED),
          context: ERROR_CONTEXT.LOCAL_FILE,
          classification: 'fatal',
          phase: 'local-file',
          at: now(),
        });
      }),
    );
  }
  return problems;
}

async function fileProblem(job: JobRecord): Promise<string | undefined> {
  // The server has every byte already: later edits to the local copy no longer matter.
  if (job.session?.uploadComplete) return undefined;
  try {
    const info = await stat(job.filePath);
    const expectedSize = job.session?.fileSize ?? job.bytesTotal;
    if (info.size !== expectedSize) {
      return `The file ${job.filePath} changed while the app was closed (size ${expectedSize} → ${info.size} bytes).`;
    }
    // A session, even with nothing acknowledged yet, was made for the content as it was then.
    if (job.session && Math.trunc(info.mtimeMs) !== job.session.fileMtimeMs) {
      return `The file ${job.filePath} was modified while the app was closed.`;
    }
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `The file ${job.filePath} no longer exists (moved or deleted while the app was closed).`
      : `The file ${job.filePath} cannot be read: ${(error as Error).message}.`;
  }
}
