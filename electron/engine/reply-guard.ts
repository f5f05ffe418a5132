import { ERROR_CONTEXT, HRESULT } from '../../shared/bits-codes.js';
import { CoreError } from '../../shared/contract/core-api.js';
import type { Settings } from '../../shared/jobs.js';
import { BitsError } from '../bits/errors.js';
import type { JobRecord } from '../store/index.js';
import type { ResolvedDeps } from './engine-deps.js';
import { checkReplyPlace } from './reply-path.js';

/**
 * Checked before every attempt, not only when a path is chosen: a job saved by an older version
 * (or a data folder moved or linked since) may name the database or the job's own file. Such a
 * job stops with a plain local-file error before anything is sent or written.
 */
export async function guardReplyPlace(
  record: JobRecord,
  deps: ResolvedDeps,
  settings: Settings,
): Promise<void> {
  if (!record.replyPath) return;
  try {
    await checkReplyPlace(record.replyPath, record.filePath, {
      dataDir: deps.dataDir,
      repliesDir: deps.repliesDir,
      replyFolder: settings.replyFolder || deps.repliesDir,
      policy: deps.replyPathPolicy,
    });
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    throw new BitsError(error.message, {
      code: HRESULT.E_FAIL,
      context: ERROR_CONTEXT.LOCAL_FILE,
      classification: 'fatal',
      phase: 'local-file',
      hint: `${error.hint ?? ''} Change the job's reply path, or remove the job.`.trim(),
    });
  }
}
