import type { AddJobInput, Core, CoreEvent, ProgressEvent } from '../../../shared/contract/core-api.js';
import { CoreError } from '../../../shared/contract/core-api.js';
import { DEFAULT_SETTINGS, type Job, type JobState } from '../../../shared/jobs.js';

/** A job as the core would report it; tests override what matters. */
export function makeJob(patch: Partial<Job> = {}): Job {
  const filePath = patch.filePath ?? '/data/file.bin';
  return {
    id: 'job-1',
    type: 'upload',
    state: 'queued',
    priority: 'normal',
    filePath,
    fileName: filePath.split('/').pop()!,
    url: 'http://server.example/up/file.bin',
    headerNames: [],
    hasCredentials: false,
    holdCompletion: false,
    bytesTotal: 4096,
    bytesAcked: 0,
    attempts: 0,
    createdAt: 1,
    updatedAt: 1,
    queueOrder: 1,
    ...patch,
  };
}

/**
 * A scriptable Core: records commands, and lets the test play the engine by emitting
 * job changes and progress. `onAdd` runs inside add() before it returns (the real engine
 * emits events that early too).
 */
export class FakeCore implements Core {
  readonly calls: string[] = [];
  readonly added: AddJobInput[] = [];
  readonly listeners = new Set<(event: CoreEvent) => void>();
  startupWarnings: string[] = [];
  dataDir = '/fake/data';
  unfinished: Job | undefined;
  job: Job | undefined;
  closed = 0;
  onAdd?: (job: Job) => void;
  /** What close() waits for (a test can hold it open to try a second Ctrl-C). */
  closing: Promise<void> = Promise.resolve();
  addError: Error | undefined;
  private clockTime = 10;

  subscribe(listener: (event: CoreEvent) => void): () => void {
    this.calls.push('subscribe');
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed++;
    this.calls.push('close');
    await this.closing;
  }

  emit(event: CoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Changes the job and announces it, as the engine does after every state change. */
  change(patch: Partial<Job>): Job {
    this.job = { ...this.job!, ...patch, updatedAt: ++this.clockTime };
    this.emit({ type: 'job-changed', job: this.job });
    return this.job;
  }

  state(state: JobState, patch: Partial<Job> = {}): Job {
    return this.change({ ...patch, state });
  }

  progress(patch: Partial<ProgressEvent>): void {
    const job = this.job!;
    this.emit({
      type: 'progress',
      jobId: job.id,
      phase: 'upload',
      bytesAcked: job.bytesAcked,
      bytesTotal: job.bytesTotal,
      bytesInFlight: 0,
      speedBps: 0,
      ...patch,
    });
  }

  private update(id: string, name: string, patch: Partial<Job> = {}): Job {
    this.calls.push(`${name} ${id}`);
    if (!this.job || this.job.id !== id) throw new CoreError('not-found', `There is no job ${id}.`);
    this.job = { ...this.job, ...patch, updatedAt: ++this.clockTime };
    this.emit({ type: 'job-changed', job: this.job });
    return this.job;
  }

  readonly commands: Core['commands'] = {
    add: async (input) => {
      this.calls.push('add');
      this.added.push(input);
      if (this.addError) throw this.addError;
      this.job = makeJob({
        id: 'job-new',
        filePath: input.filePath,
        url: input.url,
        type: input.type ?? 'upload',
        priority: input.priority ?? 'normal',
        replyPath: input.replyPath,
        hasCredentials: input.credentials !== undefined,
        headerNames: (input.headers ?? []).map(([name]) => name),
        updatedAt: ++this.clockTime,
      });
      this.emit({ type: 'job-changed', job: this.job });
      const snapshot = this.job;
      this.onAdd?.(snapshot);
      return snapshot;
    },
    addMany: async () => [],
    update: async (id, changes) =>
      this.update(id, 'update', {
        ...(changes.headers ? { headerNames: changes.headers.map(([name]) => name) } : {}),
        ...(changes.credentials !== undefined ? { hasCredentials: changes.credentials !== null } : {}),
        ...(changes.replyPath ? { replyPath: changes.replyPath } : {}),
      }),
    suspend: async (id) => this.update(id, 'suspend', { state: 'suspended' }),
    resume: async (id) => this.update(id, 'resume', { state: 'queued' }),
    cancel: async (id) => this.update(id, 'cancel', { state: 'cancelled' }),
    complete: async (id) => this.update(id, 'complete', { state: 'acknowledged' }),
    retry: async (id) => this.update(id, 'retry', { state: 'queued' }),
    setPriority: async (id, priority) => this.update(id, 'setPriority', { priority }),
    move: async (id) => this.update(id, 'move'),
    remove: async (ids) => {
      this.calls.push(`remove ${ids.join(',')}`);
      return { removed: ids };
    },
    removeFinished: async () => ({ removed: [] }),
    suspendAll: async () => ({ changed: 0 }),
    resumeAll: async () => ({ changed: 0 }),
    updateSettings: async () => DEFAULT_SETTINGS,
    saveDestination: async () => {
      throw new CoreError('unsupported', 'The fake core keeps no destinations.');
    },
    removeDestination: async () => ({ removed: [] }),
  };

  readonly queries: Core['queries'] = {
    list: async () => ({ jobs: this.job ? [this.job] : [], total: this.job ? 1 : 0 }),
    get: async (id) => (this.job?.id === id ? { job: this.job, events: [] } : undefined),
    findUnfinished: async (match) => {
      this.calls.push(`findUnfinished ${match.type}`);
      if (this.unfinished) this.job = this.unfinished;
      return this.unfinished;
    },
    destinations: async () => [],
    destinationSecrets: async () => {
      throw new CoreError('not-found', 'The fake core keeps no destinations.');
    },
    replies: async () => [],
    settings: async () => DEFAULT_SETTINGS,
  };
}
