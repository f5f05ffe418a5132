import { ERROR_CONTEXT, formatHresult } from '../../shared/bits-codes.js';
import { escapeControl } from '../../shared/display-text.js';
import { formatBytes } from '../../shared/format.js';
import type { Job, JobError } from '../../shared/jobs.js';
import { EXIT } from './exit-codes.js';

const CONTEXT_WORDS: Record<number, string> = {
  [ERROR_CONTEXT.NONE]: 'no particular part',
  [ERROR_CONTEXT.UNKNOWN]: 'an unknown part',
  [ERROR_CONTEXT.GENERAL_QUEUE_MANAGER]: 'the transfer queue on this computer',
  [ERROR_CONTEXT.QUEUE_MANAGER_NOTIFICATION]: 'a job notification on this computer',
  [ERROR_CONTEXT.LOCAL_FILE]: 'the local file',
  [ERROR_CONTEXT.REMOTE_FILE]: 'the server, handling the uploaded file',
  [ERROR_CONTEXT.GENERAL_TRANSPORT]: 'the network connection',
  [ERROR_CONTEXT.REMOTE_APPLICATION]: 'the server application that processes uploads',
};

/** BITS error contexts (§5.3) in words: where the error came from. */
export function contextInWords(context: number): string {
  return CONTEXT_WORDS[context] ?? `context ${context}`;
}

/** Exit code for a job that ended in error: local file 3, reply 4, anything else 1. */
export function exitCodeForError(error: JobError | undefined): number {
  // The reply phase wins: the upload itself succeeded, even if the reply could not be written locally.
  if (error?.phase === 'reply') return EXIT.replyFailed;
  if (error?.phase === 'local-file' || error?.context === ERROR_CONTEXT.LOCAL_FILE) return EXIT.localFile;
  return EXIT.failed;
}

/** The lines printed for a failed job: what happened, what to do, and the codes for support. */
export function describeJobError(error: JobError): string[] {
  // Messages carry server text (reason phrases, BITS-Error values): shown, never obeyed.
  const lines = [escapeControl(error.message)];
  if (error.hint) lines.push(`What to do: ${escapeControl(error.hint)}`);
  if (error.httpStatus !== undefined) lines.push(`HTTP status: ${error.httpStatus}`);
  lines.push(
    `BITS error ${error.code} (context ${formatHresult(error.context).replace(/^0x0+(?=.)/, '0x')}: ${contextInWords(error.context)})`,
  );
  return lines;
}

/** "the server has 1.50 MiB of 4.00 MiB" */
export function serverHas(job: Pick<Job, 'bytesAcked' | 'bytesTotal'>): string {
  return `the server has ${formatBytes(job.bytesAcked)} of ${formatBytes(job.bytesTotal)}`;
}
