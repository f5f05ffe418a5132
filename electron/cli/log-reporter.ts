import type { ProgressEvent } from '../../shared/contract/core-api.js';
import { escapeControl } from '../../shared/display-text.js';
import { formatBytes } from '../../shared/format.js';
import type { Job, JobError, JobState } from '../../shared/jobs.js';
import type { Clock } from '../bits/clock.js';
import type { OutputStream } from './cli-io.js';
import type { JobChange, UploadReporter } from './reporter.js';
import { failureLines, interruptedLine, startedLine, stateLine, successLines } from './text-messages.js';

/** Log lines every this many percent, so a long upload in CI shows it is alive. */
const MILESTONE_PERCENT = 10;

/** Plain lines for a stderr that is not a terminal (CI logs, files): no carriage returns. */
export class LogReporter implements UploadReporter {
  private lastState: JobState | undefined;
  private lastMilestone = -1;
  private replyAnnounced = false;

  constructor(
    private readonly out: OutputStream,
    private readonly clock: Clock,
  ) {}

  info(message: string): void {
    this.line(message);
  }

  warning(message: string): void {
    this.line(`Warning: ${message}`);
  }

  started(job: Job): void {
    this.line(startedLine(job));
    this.lastState = job.state;
    this.lastMilestone = milestone(job);
  }

  update(job: Job, progress: ProgressEvent | undefined, change: JobChange): void {
    if (change === 'state' && job.state !== this.lastState) {
      this.lastState = job.state;
      const line = stateLine(job, this.clock.now());
      if (line) this.line(line);
      return;
    }
    if (change !== 'progress' || !progress) return;
    if (progress.phase === 'reply') {
      if (!this.replyAnnounced) this.line('Downloading the reply.');
      this.replyAnnounced = true;
      return;
    }
    const reached = milestone(job);
    if (reached > this.lastMilestone && reached < 100) {
      this.lastMilestone = reached;
      this.line(`Uploaded ${reached}% (${formatBytes(job.bytesAcked)} of ${formatBytes(job.bytesTotal)}).`);
    }
  }

  succeeded(job: Job): void {
    for (const line of successLines(job)) this.line(line);
  }

  failed(_job: Job, error: JobError): void {
    for (const line of failureLines(error)) this.line(line);
  }

  problem(message: string, _exitCode: number, hint?: string): void {
    this.line(`Error: ${escapeControl(message)}`);
    if (hint) this.line(`  What to do: ${escapeControl(hint)}`);
  }

  interrupted(job: Job | undefined): void {
    this.line(interruptedLine(job));
  }

  close(): void {}

  private line(text: string): void {
    this.out.write(`${text}\n`);
  }
}

function milestone(job: Job): number {
  if (job.bytesTotal <= 0) return 0;
  const percent = Math.floor((job.bytesAcked / job.bytesTotal) * 100);
  return percent - (percent % MILESTONE_PERCENT);
}
