import type { ProgressEvent } from '../../shared/contract/core-api.js';
import { escapeControl } from '../../shared/display-text.js';
import type { Job, JobError } from '../../shared/jobs.js';
import type { Clock, TimerHandle } from '../bits/clock.js';
import type { OutputStream } from './cli-io.js';
import { progressView, renderProgressLine, renderRetryLine, truncate } from './progress-render.js';
import type { JobChange, UploadReporter } from './reporter.js';
import { retrySummary } from './retry-wording.js';
import { writeControl } from './safe-output.js';
import { failureLines, interruptedLine, startedLine, successLines } from './text-messages.js';

/** At most ~10 redraws a second: more only costs CPU and flickers on slow terminals. */
export const FRAME_MS = 100;

/**
 * One live line on a terminal's stderr, redrawn in place with a carriage return; messages
 * are printed above it, and the final state of the line stays on screen.
 */
export class TtyReporter implements UploadReporter {
  private job: Job | undefined;
  private progress: ProgressEvent | undefined;
  private live = false;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private pending: TimerHandle | undefined;
  private ticker: TimerHandle | undefined;

  constructor(
    private readonly out: OutputStream,
    private readonly clock: Clock,
  ) {}

  info(message: string): void {
    this.above(message);
  }

  warning(message: string): void {
    this.above(`Warning: ${message}`);
  }

  started(job: Job): void {
    this.above(startedLine(job));
    this.job = job;
    this.drawNow();
  }

  update(job: Job, progress: ProgressEvent | undefined, change: JobChange): void {
    this.job = job;
    if (progress) this.progress = progress;
    if (change === 'state') {
      if (job.state === 'transient-error') this.startTicker();
      else this.stopTicker();
    }
    this.draw();
  }

  succeeded(job: Job): void {
    this.finish(job);
    for (const line of successLines(job)) this.out.write(`${line}\n`);
  }

  failed(job: Job, error: JobError): void {
    this.finish(job);
    for (const line of failureLines(error)) this.out.write(`${line}\n`);
  }

  problem(message: string, _exitCode: number, hint?: string): void {
    this.endLine();
    this.out.write(`Error: ${escapeControl(message)}\n`);
    if (hint) this.out.write(`  What to do: ${escapeControl(hint)}\n`);
  }

  interrupted(_job: Job | undefined): void {
    this.close();
    this.endLine();
    this.out.write(`${interruptedLine(_job)}\n`);
  }

  close(): void {
    this.stopTicker();
    if (this.pending !== undefined) this.clock.clearTimeout(this.pending);
    this.pending = undefined;
  }

  /** The line as it should look now. */
  currentLine(): string {
    const columns = this.out.columns ?? 80;
    const job = this.job;
    if (!job) return '';
    if (job.state === 'transient-error') {
      const summary = retrySummary(job, this.clock.now());
      if (summary) return truncate(summary, Math.max(20, columns) - 1);
      const left = job.nextRetryAt === undefined ? undefined : (job.nextRetryAt - this.clock.now()) / 1000;
      return renderRetryLine(left, job.error?.message ?? 'the connection failed', columns);
    }
    return renderProgressLine(progressView(job, this.progress), columns);
  }

  private finish(job: Job): void {
    this.close();
    this.job = job;
    this.drawNow();
    this.endLine();
  }

  private draw(): void {
    const wait = this.lastDrawAt + FRAME_MS - this.clock.now();
    if (wait <= 0) {
      this.drawNow();
      return;
    }
    // Coalesce: one redraw when the frame is due shows whatever is newest by then.
    this.pending ??= this.clock.setTimeout(() => {
      this.pending = undefined;
      this.drawNow();
    }, wait);
  }

  private drawNow(): void {
    if (!this.job) return;
    writeControl(this.out, '\r');
    this.out.write(this.currentLine());
    writeControl(this.out, '\x1b[K');
    this.live = true;
    this.lastDrawAt = this.clock.now();
  }

  private above(text: string): void {
    if (this.live) {
      writeControl(this.out, '\r');
      writeControl(this.out, '\x1b[K');
      this.out.write(`${text}\n`);
      this.live = false;
      this.drawNow();
    } else {
      this.out.write(`${text}\n`);
    }
  }

  private endLine(): void {
    if (this.live) this.out.write('\n');
    this.live = false;
  }

  /** The retry countdown ticks once a second even when no event arrives. */
  private startTicker(): void {
    if (this.ticker !== undefined) return;
    const tick = () => {
      this.ticker = this.clock.setTimeout(tick, 1000);
      this.draw();
    };
    this.ticker = this.clock.setTimeout(tick, 1000);
  }

  private stopTicker(): void {
    if (this.ticker !== undefined) this.clock.clearTimeout(this.ticker);
    this.ticker = undefined;
  }
}
