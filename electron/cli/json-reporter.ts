import type { ProgressEvent } from '../../shared/contract/core-api.js';
import { toDisplayJson } from '../../shared/display-text.js';
import type { Job, JobError } from '../../shared/jobs.js';
import type { Clock } from '../bits/clock.js';
import type { OutputStream } from './cli-io.js';
import { contextInWords } from './error-report.js';
import type { JobChange, UploadReporter } from './reporter.js';
import { retryCause } from './retry-wording.js';
import { interruptedLine } from './text-messages.js';

/**
 * --json: one JSON object per line on stdout and nothing else there. Absent values are null
 * (not left out) so every line of one kind has the same shape.
 */
export class JsonReporter implements UploadReporter {
  constructor(
    private readonly out: OutputStream,
    private readonly err: OutputStream,
    private readonly clock: Clock,
  ) {}

  info(message: string): void {
    this.emit({ event: 'info', message });
  }

  warning(message: string): void {
    this.emit({ event: 'warning', message });
    this.err.write(`Warning: ${message}\n`);
  }

  started(job: Job, resumed: boolean): void {
    this.emit({
      event: 'start',
      jobId: job.id,
      file: job.filePath,
      url: job.url,
      type: job.type,
      state: job.state,
      bytesAcked: job.bytesAcked,
      bytesTotal: job.bytesTotal,
      resumed,
    });
  }

  update(job: Job, progress: ProgressEvent | undefined, change: JobChange): void {
    if (change === 'state') {
      const retrying = job.state === 'transient-error';
      this.emit({
        event: 'state',
        jobId: job.id,
        state: job.state,
        bytesAcked: job.bytesAcked,
        bytesTotal: job.bytesTotal,
        retryInSeconds:
          retrying && job.nextRetryAt !== undefined
            ? Math.max(0, Math.ceil((job.nextRetryAt - this.clock.now()) / 1000))
            : null,
        message: retrying ? (job.error?.message ?? null) : null,
        retryCause: retrying ? (retryCause(job) ?? null) : null,
      });
    } else if (change === 'progress' && progress) {
      this.emit({
        event: 'progress',
        jobId: job.id,
        phase: progress.phase,
        bytesAcked: progress.bytesAcked,
        bytesTotal: progress.bytesTotal,
        bytesInFlight: progress.bytesInFlight,
        speedBps: progress.speedBps,
        etaSeconds: progress.etaSeconds ?? null,
        replyBytes: progress.replyBytes ?? null,
        replyTotal: progress.replyTotal ?? null,
      });
    }
  }

  succeeded(job: Job): void {
    this.emit({
      event: 'done',
      jobId: job.id,
      bytesTotal: job.bytesTotal,
      replyPath: job.replyPath ?? null,
      sha256: job.sha256 ?? null,
    });
  }

  failed(job: Job, error: JobError, exitCode: number): void {
    this.emit({
      event: 'error',
      jobId: job.id,
      message: error.message,
      hint: error.hint ?? null,
      code: error.code,
      context: error.context,
      contextText: contextInWords(error.context),
      httpStatus: error.httpStatus ?? null,
      phase: error.phase,
      exitCode,
    });
  }

  problem(message: string, exitCode: number, hint?: string): void {
    this.emit({ event: 'error', message, hint: hint ?? null, code: null, httpStatus: null, exitCode });
  }

  interrupted(job: Job | undefined): void {
    this.emit({
      event: 'interrupted',
      bytesAcked: job?.bytesAcked ?? null,
      bytesTotal: job?.bytesTotal ?? null,
    });
    this.err.write(`${interruptedLine(job)}\n`);
  }

  close(): void {}

  private emit(record: Record<string, unknown>): void {
    // Lossless: a consumer parses the server's exact text, a terminal gets no raw control byte.
    this.out.write(`${toDisplayJson(record)}\n`);
  }
}
