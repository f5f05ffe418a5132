import type { Settings } from '../../shared/jobs.js';
import { cancelUploadSession } from '../bits/cancel-session.js';
import { toBitsError } from '../bits/classify.js';
import type { TimerHandle } from '../bits/clock.js';
import type { HttpTransport } from '../bits/http/transport.js';
import { erasedSecrets, type JobRecord } from '../store/index.js';
import type { ResolvedDeps } from './engine-deps.js';
import { nextRetryDelay } from './retry-policy.js';

/**
 * Delivers Cancel-Session for cancelled jobs whose server still holds a partial upload.
 * Like Windows, it keeps trying through network trouble for up to 24 hours (the job's
 * cancel deadline), then gives up; the pending flag survives restarts in the store.
 */
export class CancelDelivery {
  private readonly timers = new Map<string, TimerHandle>();
  private readonly inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly attempts = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly deps: ResolvedDeps,
    private readonly settings: () => Settings,
    /** Called once the server has been told (or we gave up): the job can leave memory. */
    private readonly delivered: (record: JobRecord) => void = () => undefined,
  ) {}

  enqueue(record: JobRecord): void {
    if (this.stopped || this.inFlight.has(record.id)) return;
    this.schedule(record, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) this.deps.clock.clearTimeout(timer);
    this.timers.clear();
    for (const { controller } of this.inFlight.values()) controller.abort(new Error('shutting down'));
    await Promise.allSettled([...this.inFlight.values()].map(({ done }) => done));
  }

  private schedule(record: JobRecord, delayMs: number): void {
    if (this.stopped) return;
    const start = () => {
      this.timers.delete(record.id);
      const controller = new AbortController();
      const done = this.deliver(record, controller.signal)
        // Bookkeeping itself failing (a full disk) must not end the process: try again later.
        .catch(() => this.schedule(record, 60_000))
        .finally(() => this.inFlight.delete(record.id));
      this.inFlight.set(record.id, { controller, done });
    };
    if (delayMs <= 0) {
      start();
      return;
    }
    this.timers.set(record.id, this.deps.clock.setTimeout(start, delayMs));
  }

  private async deliver(record: JobRecord, signal: AbortSignal): Promise<void> {
    if (!record.session)
      return this.finish(record, 'No upload session was open; nothing to cancel on the server.');
    let transport: HttpTransport | undefined;
    try {
      transport = this.deps.transportFor(record, this.settings());
      const outcome = await cancelUploadSession({
        url: record.url,
        state: record.session,
        transport,
        auth: { headers: record.headers, credentials: record.credentials },
        clock: this.deps.clock,
        signal,
        onCheckpoint: (session) => {
          record.session = session;
          this.deps.store.updateJob(record.id, { session });
        },
      });
      const message =
        outcome === 'cancelled'
          ? 'The server discarded the partial upload.'
          : outcome === 'already-gone'
            ? 'The server had already discarded the upload session.'
            : 'The server refused the cancellation; its partial upload will expire on its own.';
      this.finish(record, message);
    } catch (error) {
      if (signal.aborted || this.stopped) return;
      const bitsError = toBitsError(error, 'cancel', `Cancel-Session ${record.url}`);
      const now = this.deps.clock.now();
      if (bitsError.classification === 'fatal' || now >= (record.cancelDeadline ?? now)) {
        this.finish(
          record,
          `Could not tell the server to discard the upload (${bitsError.message}); giving up.`,
        );
        return;
      }
      const attempt = (this.attempts.get(record.id) ?? 0) + 1;
      this.attempts.set(record.id, attempt);
      this.schedule(record, nextRetryDelay(attempt, this.settings().retry, this.deps.random));
    } finally {
      transport?.close();
    }
  }

  private finish(record: JobRecord, message: string): void {
    this.attempts.delete(record.id);
    // The server has been told (or never will be): the credentials are needed no more.
    const done = { cancelPending: false, cancelDeadline: undefined, ...erasedSecrets(record) };
    Object.assign(record, done);
    this.deps.store.transaction(() => {
      this.deps.store.updateJob(record.id, done);
      this.deps.store.appendEvent({ jobId: record.id, at: this.deps.clock.now(), kind: 'info', message });
    });
    this.delivered(record);
  }
}
