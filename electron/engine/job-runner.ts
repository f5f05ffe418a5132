import { ERROR_CONTEXT, formatHresult, HRESULT } from '../../shared/bits-codes.js';
import type { ProgressEvent } from '../../shared/contract/core-api.js';
import type { Settings } from '../../shared/jobs.js';
import type { SessionState } from '../../shared/session-state.js';
import { toBitsError } from '../bits/classify.js';
import { BitsError } from '../bits/errors.js';
import type { HttpTransport } from '../bits/http/transport.js';
import { UploadDigest } from '../bits/upload-digest.js';
import { runUploadSession } from '../bits/upload-session.js';
import type { JobRecord } from '../store/index.js';
import type { BandwidthLimiter } from './bandwidth-limiter.js';
import type { ResolvedDeps } from './engine-deps.js';
import { failureFacts } from './failure-facts.js';
import type { JobEventType } from './job-states.js';
import { toJobError } from './job-view.js';
import { ProgressTracker } from './progress-tracker.js';
import { guardReplyPlace } from './reply-guard.js';
import { effectivePolicy, noProgressError, noProgressExpired, retryDelay } from './retry-policy.js';

export interface RunningJob {
  controller: AbortController;
  host: string;
  done: Promise<void>;
}

/** What the runner needs from the engine: state changes go through the engine so they are persisted and announced. */
export interface RunnerHooks {
  settings(): Settings;
  limiter: BandwidthLimiter;
  apply(record: JobRecord, event: JobEventType, message: string, patch?: Partial<JobRecord>): void;
  progress(event: ProgressEvent): void;
  timeline(
    record: JobRecord,
    kind: 'info' | 'error',
    message: string,
    extra?: { httpStatus?: number; code?: string; context?: number },
  ): void;
  armRetry(record: JobRecord): void;
  /** The per-fragment write (session state and cursor); false if the database refused it. */
  checkpoint(record: JobRecord, session: SessionState, patch?: Partial<JobRecord>): boolean;
}

/** Runs one attempt of a job through the protocol client and turns its outcome into job state. */
export class JobRunner {
  /** Each job's running SHA-256, kept across its attempts so every byte is hashed once. */
  private readonly digests = new Map<string, UploadDigest>();
  /**
   * The re-send tally of an attempt that failed before its next checkpoint (a fragment refused or
   * its Ack lost), for the job's next attempt. Kept apart from the stored record: what is announced
   * about a job is always what is stored.
   */
  private readonly resendTallies = new Map<string, { sentEnd: number; resentBytes: number }>();

  constructor(
    private readonly deps: ResolvedDeps,
    private readonly hooks: RunnerHooks,
  ) {}

  launch(record: JobRecord, host: string): RunningJob {
    const controller = new AbortController();
    this.hooks.apply(record, 'start', `Connecting to ${host}`);
    const done = this.attempt(record, controller.signal);
    return { controller, host, done };
  }

  private async attempt(record: JobRecord, signal: AbortSignal): Promise<void> {
    const { deps, hooks } = this;
    const settings = hooks.settings();
    const tracker = new ProgressTracker();
    const replyTracker = new ProgressTracker();
    let inFlight = 0;
    // Whether this attempt moved the server's cursor: a failure after progress is retried at once.
    let progressed = false;
    let transport: HttpTransport | undefined;

    const markTransferring = () => {
      if (!signal.aborted && record.state === 'connecting')
        hooks.apply(record, 'transferring', 'Transferring');
    };
    const reportProgress = (phase: 'upload' | 'reply', replyBytes?: number, replyTotal?: number) => {
      if (signal.aborted) return;
      const now = deps.clock.now();
      // The reply download has its own pace: speed and time left follow its bytes, not the upload's.
      const pace = phase === 'reply' ? replyTracker : tracker;
      if (phase === 'reply') replyTracker.sample(replyBytes ?? 0, replyTotal ?? replyBytes ?? 0, now);
      else tracker.sample(record.bytesAcked + inFlight, record.bytesTotal, now);
      hooks.progress({
        type: 'progress',
        jobId: record.id,
        phase,
        bytesAcked: record.bytesAcked,
        bytesTotal: record.bytesTotal,
        bytesInFlight: inFlight,
        replyBytes,
        replyTotal,
        speedBps: pace.speedBps,
        etaSeconds: phase === 'reply' && replyTotal === undefined ? undefined : pace.etaSeconds,
      });
    };

    try {
      await guardReplyPlace(record, deps, settings);
      if (signal.aborted) return;
      transport = deps.transportFor(record, settings);
      const outcome = await runUploadSession({
        url: record.url,
        kind: record.type,
        file: deps.fileFor(record.filePath),
        transport,
        clock: deps.clock,
        auth: { headers: record.headers, credentials: record.credentials },
        replyPath: record.replyPath,
        replyFile: { owner: record.id, overwrite: record.options.overwriteReply ?? false },
        replyLimits: { maxBytes: settings.replyMaxBytes, maxTimeMs: settings.replyMaxTimeMs },
        state: this.withTally(record),
        digest: this.digestOf(record.id),
        fragmentSize: record.options.fragmentSize ?? (settings.fragmentSize || undefined),
        // The stall detector: a request that moves no bytes for this long is aborted and retried.
        timeouts: { sendTimeoutMs: settings.stallTimeoutMs },
        signal,
        onCheckpoint: (state) => {
          if (this.checkpoint(record, state)) progressed = true;
        },
        onFragmentSent: (tally) => this.resendTallies.set(record.id, tally),
        onProgress: (progress) => {
          inFlight = 0;
          markTransferring();
          reportProgress(progress.phase, progress.replyBytes, progress.replyTotal);
        },
        onBodyProgress: (sent) => {
          inFlight = sent;
          markTransferring();
          reportProgress('upload');
        },
        throttle: {
          active: () => hooks.limiter.rate > 0,
          consume: (bytes) => hooks.limiter.consume(bytes, signal),
          limitBps: () => hooks.limiter.rate,
        },
        onEvent: (event) => {
          if (event.type === 'warning') hooks.timeline(record, 'info', event.message);
          else if (event.type === 'session-restarted')
            hooks.timeline(record, 'info', `Started a new upload session: ${event.reason}`);
          else if (event.type === 'host-fallback')
            hooks.timeline(record, 'info', `Farm node unreachable for too long; back to ${event.to}`);
          else if (event.type === 'fragment-size-reduced') {
            hooks.timeline(
              record,
              'info',
              `The server refused large requests; fragment size reduced to ${event.to} bytes`,
            );
          } else if (event.type === 'cursor-moved' && event.cursor < event.expected) {
            hooks.timeline(record, 'info', `The server lost data; resending from byte ${event.cursor}`);
          }
        },
      });
      if (signal.aborted) return;
      this.forget(record.id);
      hooks.apply(
        record,
        'transferred',
        record.type === 'upload-reply' ? 'Uploaded; reply saved' : 'Uploaded',
        {
          session: outcome.state,
          bytesAcked: record.bytesTotal,
          replyBytes: outcome.replyBytes,
          error: undefined,
          attempts: 0,
          nextRetryAt: undefined,
          noProgressSince: undefined,
        },
      );
      if (!record.holdCompletion)
        hooks.apply(record, 'complete', 'Completed', { completedAt: deps.clock.now() });
    } catch (error) {
      if (signal.aborted) return;
      this.failed(record, toBitsError(error, 'upload', `BITS_POST ${record.url}`), progressed);
    } finally {
      transport?.close();
    }
  }

  /** The stored session with the tally of a failed attempt laid over it (a copy). */
  private withTally(record: JobRecord): SessionState | undefined {
    const tally = this.resendTallies.get(record.id);
    if (!record.session || !tally) return record.session;
    return { ...record.session, ...tally };
  }

  /** The job stopped (finished, failed for good, suspended, cancelled): end its hash thread. */
  forget(id: string): void {
    this.resendTallies.delete(id);
    const digest = this.digests.get(id);
    this.digests.delete(id);
    void digest?.close();
  }

  /** The engine stops: no job's hash thread outlives it. */
  async close(): Promise<void> {
    const digests = [...this.digests.values()];
    this.digests.clear();
    await Promise.all(digests.map((digest) => digest.close()));
  }

  private digestOf(id: string): UploadDigest {
    let digest = this.digests.get(id);
    if (!digest) {
      digest = new UploadDigest();
      this.digests.set(id, digest);
    }
    return digest;
  }

  /** The per-fragment write: one small transaction with the session state and the server's cursor. */
  private checkpoint(record: JobRecord, state: SessionState): boolean {
    const advanced = progressMark(state) > (record.session ? progressMark(record.session) : 0);
    // Progress resets the retry counter and the no-progress timer (§10.5).
    const resetRetries = advanced && (record.attempts !== 0 || record.noProgressSince !== undefined);
    const saved = this.hooks.checkpoint(
      record,
      state,
      resetRetries ? { attempts: 0, noProgressSince: undefined } : {},
    );
    if (!saved) {
      throw new BitsError('Could not save the upload’s progress in the queue database.', {
        code: HRESULT.E_FAIL,
        context: ERROR_CONTEXT.GENERAL_QUEUE_MANAGER,
        classification: 'transient',
        phase: 'upload',
        hint: 'Free some disk space where BITS Uploader keeps its data; the upload continues from the server’s position.',
      });
    }
    return advanced;
  }

  private failed(record: JobRecord, error: BitsError, progressed: boolean): void {
    const { hooks, deps } = this;
    const now = deps.clock.now();
    const policy = effectivePolicy(hooks.settings().retry, record.options.retry);
    hooks.timeline(record, 'error', error.hint ? `${error.message} ${error.hint}` : error.message, {
      httpStatus: error.httpStatus,
      code: formatHresult(error.code),
      context: error.context,
    });
    if (error.classification === 'fatal') {
      this.forget(record.id);
      hooks.apply(record, 'fatal-failure', error.message, { error: toJobError(error, now) });
      return;
    }
    const noProgressSince = record.noProgressSince ?? now;
    if (noProgressExpired(noProgressSince, now, policy)) {
      const gaveUp = noProgressError(noProgressSince, now, toJobError(error, now));
      this.forget(record.id);
      hooks.apply(record, 'fatal-failure', gaveUp.message, { error: gaveUp });
      return;
    }
    // `attempts` counts failures in a row without progress: the back-off grows only with it.
    const facts = failureFacts(error, progressed, record.attempts, now);
    const { delayMs } = retryDelay(facts, policy, deps.random);
    const when = delayMs < 1000 ? 'Retrying now.' : `Retrying in ${Math.round(delayMs / 1000)} s.`;
    hooks.apply(record, 'transient-failure', `${error.message} ${when}`, {
      error: toJobError(error, now),
      attempts: facts.streak,
      nextRetryAt: now + delayMs,
      noProgressSince,
    });
    hooks.armRetry(record);
  }
}

/**
 * How far an upload has come, for "did it make progress?": the furthest cursor ever reached
 * (re-sending what a lost session had is not progress), then the upload and reply completing.
 */
function progressMark(state: SessionState): number {
  return (
    Math.max(state.bestAcked ?? 0, state.acked) + (state.uploadComplete ? 1 : 0) + (state.replyDone ? 1 : 0)
  );
}
