import type { AddJobRequest, CoreEvent, Move, UpdateJobRequest } from '../../shared/contract/core-api.js';
import { CoreError } from '../../shared/contract/core-api.js';
import type { Job, Priority, Settings } from '../../shared/jobs.js';
import { discardPartFiles } from '../bits/reply/part-file.js';
import type { JobRecord } from '../store/index.js';
import { BandwidthLimiter } from './bandwidth-limiter.js';
import { CancelDelivery } from './cancel-delivery.js';
import { type EngineDeps, type ResolvedDeps, resolveDeps } from './engine-deps.js';
import { JobBook } from './job-book.js';
import { createJobRecord, normalizedUrl, settingsPatch } from './job-factory.js';
import { JobLocks } from './job-locks.js';
import { JobRunner, type RunningJob } from './job-runner.js';
import { isActive, isFinal } from './job-states.js';
import { toJob } from './job-view.js';
import { resolveAllowedRoots } from './local-file-policy.js';
import { moveTarget } from './queue-order.js';
import { prepareReplyFolder } from './reply-folder.js';
import type { ReplyPathRules } from './reply-path.js';
import { ReplyPathIndex } from './reply-path-index.js';
import { restoreSecrets } from './restore-secrets.js';
import { effectivePolicy, noProgressError } from './retry-policy.js';
import { RetryTimers } from './retry-timers.js';
import { ScheduledLimit } from './scheduled-limit.js';
import { pickJobsToStart } from './scheduler.js';
import { checkFilesAtStartup } from './startup-checks.js';

/**
 * The job engine: a persistent BITS-style queue. Every change is written through to the
 * store before it is announced, so a crash at any point loses nothing but the request in
 * flight, which the server's cursor recovers.
 */
export class JobEngine {
  private readonly deps: ResolvedDeps;
  private readonly book: JobBook;
  private readonly running = new Map<string, RunningJob>();
  private readonly retries: RetryTimers;
  private readonly limiter: BandwidthLimiter;
  private readonly scheduledLimit: ScheduledLimit;
  private readonly runner: JobRunner;
  private readonly cancels: CancelDelivery;
  private readonly locks = new JobLocks();
  private settingsValue: Settings;
  private allowedRoots: readonly string[] = [];
  private scheduled = false;
  private stopped = false;
  readonly warnings: string[] = [];

  constructor(deps: EngineDeps) {
    this.deps = resolveDeps(deps);
    this.settingsValue = this.deps.store.getSettings();
    this.book = new JobBook(this.deps.store, this.deps.clock, this.deps.warn);
    this.retries = new RetryTimers(this.deps.clock, (record, gaveUp) => this.retryDue(record, gaveUp));
    this.limiter = new BandwidthLimiter(this.deps.clock, this.settingsValue.bandwidthLimitBps);
    this.scheduledLimit = new ScheduledLimit(this.deps.clock, this.limiter, () => this.settingsValue);
    this.scheduledLimit.apply();
    this.cancels = new CancelDelivery(
      this.deps,
      () => this.settingsValue,
      (record) => this.book.forget(record.id),
    );
    this.runner = new JobRunner(this.deps, {
      settings: () => this.settingsValue,
      limiter: this.limiter,
      apply: (record, event, message, patch) => this.book.apply(record, event, message, patch),
      progress: (event) => this.book.progress.push(event.jobId, event),
      timeline: (record, kind, message, extra) => this.book.timeline(record, kind, message, extra),
      armRetry: (record) => this.armRetry(record),
      checkpoint: (record, session, patch) => this.book.checkpoint(record, session, patch),
    });
  }

  /** The database's last refusal (a full disk), for hosts to show; undefined while writes succeed. */
  get lastWriteError(): string | undefined {
    return this.book.lastWriteError;
  }

  /** The bandwidth limit in force now (the schedule's for this hour, else the plain one); 0 = none. */
  get bandwidthLimitNow(): number {
    return this.scheduledLimit.current;
  }

  /** A copy: a caller that changes it changes nothing here. */
  get settings(): Settings {
    return structuredClone(this.settingsValue);
  }

  /** Loads the queue and picks up where the last run stopped. */
  async start(): Promise<void> {
    this.allowedRoots = await resolveAllowedRoots(this.deps.allowedRoots);
    for (const record of this.deps.store.loadUnfinished()) {
      if (isFinal(record.state)) {
        if (record.cancelPending) this.cancels.enqueue(record);
        continue;
      }
      this.book.jobs.set(record.id, record);
      if (isActive(record.state)) {
        this.book.apply(
          record,
          'interrupted',
          'The app stopped during the transfer; resuming from the server’s position',
        );
      } else if (record.state === 'transient-error') {
        this.armRetry(record);
      }
    }
    // Files that vanished or changed while the app was closed are found before anything runs,
    // so a host asking about a job right after start sees its real state.
    const now = () => this.deps.clock.now();
    const problems = await checkFilesAtStartup(
      [...this.book.jobs.values()],
      now,
      (record, message, error) => {
        if (this.running.has(record.id) || (record.state !== 'queued' && record.state !== 'transient-error'))
          return;
        this.clearRetry(record.id);
        this.book.apply(record, 'fatal-failure', message, { error });
      },
    );
    if (problems > 0)
      this.warnings.push(`${problems} job(s) could not continue because their file vanished or changed.`);
    this.schedule();
  }

  subscribe(listener: (event: CoreEvent) => void): () => void {
    return this.book.subscribe(listener);
  }

  // ---- commands ---------------------------------------------------------------------------

  async add(inputs: AddJobRequest[]): Promise<Job[]> {
    this.ensureRunning();
    const now = this.deps.clock.now();
    const replies = this.replyRules();
    if (inputs.some((input) => input.type === 'upload-reply' && !input.replyPath)) {
      // Bounded and with plain errors, whatever folder an older version let the settings hold.
      replies.replyFolder = (await prepareReplyFolder(replies.replyFolder)).path;
    }
    const records = await Promise.all(
      inputs.map((input) =>
        createJobRecord(input, {
          id: this.deps.newId(),
          now,
          queueOrder: 0,
          replies,
          allowedRoots: this.allowedRoots,
        }),
      ),
    );
    this.ensureRunning();
    if (records.some((record) => record.replyPath !== undefined)) {
      const index = new ReplyPathIndex(this.book.jobs.values());
      for (const record of records) {
        index.assertFree(record);
        index.add(record);
      }
    }
    // Queue positions are taken only now, with no await before the insert: two adds running at
    // once (a drop of files while another is still being checked) never share a position.
    const { max } = this.deps.store.orderBounds();
    records.forEach((record, index) => {
      record.queueOrder = max + 1 + index;
    });
    this.book.insert(records, now);
    this.schedule();
    return records.map(toJob);
  }

  /** New connection settings; a transfer under way restarts its attempt with them (same session). */
  async update(id: string, changes: UpdateJobRequest): Promise<Job> {
    this.mustRun(id, 'update');
    return this.locks.run(id, async () => {
      // A job whose saved secrets cannot be read may be updated: that is how it gets them again.
      const record = this.mustRun(id, 'update');
      const patch = await settingsPatch(record, changes, this.replyRules());
      // The job may have been cancelled or removed, or the app closed, during the file check.
      this.ensureUnchanged(id, record);
      restoreSecrets(record, patch);
      if (Object.keys(patch).length === 0) return toJob(record);
      if (patch.replyPath) new ReplyPathIndex(this.book.jobs.values(), id).assertFree(patch);
      if (this.running.has(id) && isActive(record.state)) {
        // Saved first: if the database refuses, the transfer carries on as it was.
        this.book.apply(record, 'interrupted', 'Settings changed; continuing with the new ones', patch, {
          mustSave: true,
        });
        this.stopRun(id);
        this.schedule();
      } else {
        this.book.patch(record, patch, 'Settings changed', { mustSave: true });
      }
      return toJob(record);
    });
  }

  suspend(id: string): Job {
    const record = this.mustGet(id);
    // A held job has nothing left to transfer: it stays held until complete() or cancel().
    if (record.state === 'transferred') return toJob(record);
    this.stopRun(id);
    this.clearRetry(id);
    this.runner.forget(id);
    this.book.apply(record, 'suspend', 'Suspended');
    return toJob(record);
  }

  resume(id: string): Job {
    const record = this.mustRun(id);
    this.clearRetry(id);
    // Resuming a job that gave up (or was waiting) starts a fresh retry story, like Windows' Resume.
    const fresh =
      record.state === 'error' || record.state === 'transient-error'
        ? { nextRetryAt: undefined, attempts: 0, noProgressSince: undefined }
        : record.state === 'suspended'
          ? { nextRetryAt: undefined }
          : {};
    this.book.apply(record, 'resume', 'Resumed', fresh);
    this.schedule();
    return toJob(record);
  }

  /** Retry now: skips the back-off delay of a job in (transient) error. */
  retry(id: string): Job {
    const record = this.mustRun(id);
    if (record.state !== 'error' && record.state !== 'transient-error') {
      throw new CoreError(
        'invalid-state',
        `Only a job in error can be retried; this one is ${record.state}.`,
      );
    }
    this.clearRetry(id);
    this.book.apply(record, 'resume', 'Retrying now', {
      nextRetryAt: undefined,
      attempts: 0,
      noProgressSince: undefined,
    });
    this.schedule();
    return toJob(record);
  }

  cancel(id: string): Job {
    const record = this.mustGet(id);
    this.stopRun(id);
    this.clearRetry(id);
    this.runner.forget(id);
    // The server only needs telling while it holds an open session for us (§3.5, §10.3).
    const open = record.session?.sessionId !== undefined && record.state !== 'transferred';
    const now = this.deps.clock.now();
    this.book.apply(record, 'cancel', 'Cancelled', {
      completedAt: now,
      cancelPending: open,
      cancelDeadline: open
        ? now + Math.min(24 * 3600_000, this.settingsValue.retry.noProgressTimeoutMs || 24 * 3600_000)
        : undefined,
    });
    if (open) this.cancels.enqueue(record);
    // A cancelled job's half-downloaded reply is worthless: leave no temp files beside the reply path.
    if (record.replyPath) void discardPartFiles(record.replyPath, record.id);
    return toJob(record);
  }

  complete(id: string): Job {
    const record = this.mustGet(id);
    this.book.apply(record, 'complete', 'Completed', { completedAt: this.deps.clock.now() });
    return toJob(record);
  }

  setPriority(id: string, priority: Priority): Job {
    const record = this.mustGet(id);
    this.book.patch(record, { priority }, `Priority set to ${priority}`);
    this.schedule();
    return toJob(record);
  }

  move(id: string, where: Move): Job {
    const record = this.mustGet(id);
    const target = moveTarget([...this.book.jobs.values()], record, where);
    if (target.queueOrder === record.queueOrder) return toJob(record);
    for (const other of target.others) this.book.patch(other.record, { queueOrder: other.queueOrder });
    this.book.patch(record, { queueOrder: target.queueOrder });
    this.schedule();
    return toJob(record);
  }

  remove(ids: string[]): { removed: string[] } {
    const removable: string[] = [];
    for (const id of ids) {
      const record = this.book.jobs.get(id) ?? this.deps.store.getJob(id);
      if (!record) continue;
      if (!isFinal(record.state)) {
        throw new CoreError(
          'invalid-state',
          `“${toJob(record).fileName}” is still ${record.state}: cancel it before removing it.`,
        );
      }
      if (!record.cancelPending) removable.push(id);
    }
    return this.book.delete(removable);
  }

  removeFinished(): { removed: string[] } {
    const ids: string[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = this.deps.store.listJobs({ states: ['acknowledged', 'cancelled'], offset, limit: 1000 });
      ids.push(...page.records.filter((record) => !record.cancelPending).map((record) => record.id));
      if (page.records.length < 1000) break;
    }
    return this.book.delete(ids);
  }

  suspendAll(): { changed: number } {
    let changed = 0;
    for (const record of [...this.book.jobs.values()]) {
      if (isFinal(record.state) || record.state === 'suspended' || record.state === 'transferred') continue;
      this.suspend(record.id);
      changed++;
    }
    return { changed };
  }

  resumeAll(): { changed: number } {
    let changed = 0;
    for (const record of [...this.book.jobs.values()]) {
      if (record.state !== 'suspended') continue;
      this.resume(record.id);
      changed++;
    }
    return { changed };
  }

  updateSettings(settings: Settings): Settings {
    this.deps.store.saveSettings(settings);
    // The engine keeps its own copy: the caller's object stays theirs to change.
    this.settingsValue = structuredClone(settings);
    this.scheduledLimit.apply();
    this.book.emit({ type: 'settings-changed', settings: this.settingsValue });
    this.schedule();
    return this.settings;
  }

  // ---- queries ---------------------------------------------------------------------------

  findUnfinished(match: { filePath: string; url: string; type: string }): Job | undefined {
    let url: string;
    try {
      url = normalizedUrl(match.url);
    } catch {
      return undefined;
    }
    for (const record of this.book.jobs.values()) {
      if (isFinal(record.state)) continue;
      if (record.filePath === match.filePath && record.url === url && record.type === match.type) {
        return toJob(record);
      }
    }
    return undefined;
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** Stops every transfer (each resumes at the next start) and all timers. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.retries.clearAll();
    this.scheduledLimit.stop();
    const runs = [...this.running.entries()];
    for (const [id, run] of runs) {
      run.controller.abort(new Error('the app is shutting down'));
      const record = this.book.jobs.get(id);
      if (record && isActive(record.state)) {
        this.book.apply(record, 'interrupted', 'Stopped when the app closed; it resumes at the next start');
      }
    }
    await Promise.allSettled(runs.map(([, run]) => run.done));
    await this.runner.close();
    await this.cancels.stop();
    this.book.progress.clear();
  }

  // ---- internals -------------------------------------------------------------------------

  /** Where reply files may go, as the settings and the host's policy say now. */
  replyRules(): ReplyPathRules {
    return {
      dataDir: this.deps.dataDir,
      repliesDir: this.deps.repliesDir,
      replyFolder: this.settingsValue.replyFolder || this.deps.repliesDir,
      policy: this.deps.replyPathPolicy,
    };
  }

  private ensureRunning(): void {
    if (this.stopped) throw new CoreError('invalid-state', 'The engine has been stopped.');
  }

  /** After an await: the job is still the one the command started on, and the engine still runs. */
  private ensureUnchanged(id: string, record: JobRecord): void {
    if (this.stopped) {
      throw new CoreError('invalid-state', 'BITS Uploader is shutting down; the change was not saved.');
    }
    if (this.book.jobs.get(id) !== record || isFinal(record.state)) {
      throw new CoreError(
        'invalid-state',
        `The job “${toJob(record).fileName}” was ${record.state === 'cancelled' ? 'cancelled' : 'finished'} meanwhile; the change was not applied.`,
      );
    }
  }

  /** A job that may run again: not one whose saved details were damaged (it would run without them). */
  private mustRun(id: string, purpose: 'run' | 'update' = 'run'): JobRecord {
    const record = this.mustGet(id);
    if (record.damaged) throw new CoreError('invalid-state', record.error?.message ?? 'This job is damaged.');
    if (record.secretsUnreadable && purpose === 'run') {
      throw new CoreError(
        'invalid-state',
        record.error?.message ?? 'The saved password cannot be read.',
        record.error?.hint,
      );
    }
    return record;
  }

  private mustGet(id: string): JobRecord {
    this.ensureRunning();
    return this.book.unfinished(id);
  }

  private stopRun(id: string): void {
    this.running.get(id)?.controller.abort(new Error('stopped by the user'));
  }

  private armRetry(record: JobRecord): void {
    this.retries.arm(record, effectivePolicy(this.settingsValue.retry, record.options.retry));
  }

  private clearRetry(id: string): void {
    this.retries.clear(id);
  }

  /** A retry timer fired: try again, or give up if the no-progress deadline came first. */
  private retryDue(record: JobRecord, gaveUp: boolean): void {
    if (this.stopped || record.state !== 'transient-error') return;
    if (gaveUp) {
      const now = this.deps.clock.now();
      const error = noProgressError(record.noProgressSince ?? now, now, record.error);
      this.runner.forget(record.id);
      this.book.apply(record, 'no-progress-timeout', error.message, { error, nextRetryAt: undefined });
      return;
    }
    this.book.apply(record, 'retry-due', 'Retrying');
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.stopped || this.deps.holdTransfers) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (!this.stopped) this.startDueJobs();
    });
  }

  private startDueJobs(): void {
    const queued = [];
    for (const record of this.book.jobs.values()) {
      if (record.state === 'queued' && !this.running.has(record.id)) {
        queued.push({
          id: record.id,
          priority: record.priority,
          queueOrder: record.queueOrder,
          host: hostOf(record),
        });
      }
    }
    const running = [...this.running.values()].map((run) => ({ host: run.host }));
    for (const pick of pickJobsToStart(queued, running, this.settingsValue)) {
      const record = this.book.jobs.get(pick.id)!;
      const run = this.runner.launch(record, pick.host);
      this.running.set(record.id, run);
      void run.done
        .catch(() => undefined)
        .finally(() => {
          if (this.running.get(record.id) === run) this.running.delete(record.id);
          this.schedule();
        });
    }
  }
}

/** Parsed once per job: the scheduler looks at every queued job on every change. */
const hosts = new WeakMap<JobRecord, string>();

function hostOf(record: JobRecord): string {
  let host = hosts.get(record);
  if (host === undefined) {
    try {
      host = new URL(record.url).host.toLowerCase();
    } catch {
      host = record.url;
    }
    hosts.set(record, host);
  }
  return host;
}
