import type { BitsBridge } from '../../shared/contract/bridge.js';
import type { ProgressEvent } from '../../shared/contract/core-api.js';
import type { StreamMessage } from '../../shared/contract/events.js';
import { DEFAULT_SETTINGS, type Job } from '../../shared/jobs.js';

/**
 * Electron's preload bridge, which cannot run here (no Electron binary): tests script what
 * `invoke` answers and push stream messages. Everything above it is the real renderer.
 */
export class FakeBridge implements BitsBridge {
  readonly calls: Array<{ channel: string; payload: unknown }> = [];
  readonly handlers = new Map<string, (payload: unknown) => unknown>();
  listener: ((message: StreamMessage) => void) | undefined;
  subscribedSince: Array<number | undefined> = [];
  paths = new Map<unknown, string>();

  constructor(jobs: Job[] = [], capabilities: Partial<Record<string, boolean>> = {}) {
    // Pages like main does: `offset` and `limit` (at most 1000) are honoured.
    this.handlers.set('jobs:list', (payload) => {
      const { offset = 0, limit = 100 } = payload as { offset?: number; limit?: number };
      return { jobs: jobs.slice(offset, offset + limit), total: jobs.length };
    });
    this.handlers.set('settings:get', () => DEFAULT_SETTINGS);
    this.handlers.set('destinations:list', () => []);
    // Main answers the jobs it added; tests that care set their own handler.
    this.handlers.set('jobs:add-many', (payload) =>
      (payload as { jobs: Array<{ filePath: string; url: string }> }).jobs.map((job) =>
        makeJob({ filePath: job.filePath, url: job.url }),
      ),
    );
    this.handlers.set('app:info', () => ({
      version: '0.0.0',
      dataDir: '/data',
      hostKind: 'desktop',
      maxStageBytes: 0,
      capabilities: {
        canOpenFiles: true,
        canRevealFiles: true,
        canBrowseHostFiles: false,
        canStageUploads: false,
        canDownloadReplies: false,
        hasNativeFileDialog: true,
        ...capabilities,
      },
    }));
  }

  async invoke(channel: string, payload: unknown): Promise<unknown> {
    this.calls.push({ channel, payload });
    const handler = this.handlers.get(channel);
    if (!handler) return null;
    return handler(payload);
  }

  subscribe(since: number | undefined, listener: (message: StreamMessage) => void): () => void {
    this.subscribedSince.push(since);
    this.listener = listener;
    return () => {
      this.listener = undefined;
    };
  }

  pathForFile(file: unknown): string {
    return this.paths.get(file) ?? '';
  }

  push(message: StreamMessage): void {
    this.listener?.(message);
  }

  /** Pushes one progress event of the upload phase; nothing in flight and 1 B/s unless given. */
  pushProgress(
    seq: number,
    jobId: string,
    progress: Partial<Omit<ProgressEvent, 'type' | 'jobId'>> &
      Pick<ProgressEvent, 'bytesAcked' | 'bytesTotal'>,
  ): void {
    this.push({
      kind: 'event',
      seq,
      event: { type: 'progress', jobId, phase: 'upload', bytesInFlight: 0, speedBps: 1, ...progress },
    });
  }

  callsTo(channel: string): unknown[] {
    return this.calls.filter((call) => call.channel === channel).map((call) => call.payload);
  }
}

let counter = 0;

/** A job as main would send it; override what the test is about. */
export function makeJob(overrides: Partial<Job> = {}): Job {
  counter++;
  const fileName = overrides.fileName ?? `file-${counter}.bin`;
  return {
    id: `job-${counter}`,
    type: 'upload',
    state: 'queued',
    priority: 'normal',
    filePath: `/home/ann/${fileName}`,
    fileName,
    url: `https://intake.example.com/bits/${fileName}`,
    headerNames: [],
    hasCredentials: false,
    holdCompletion: false,
    bytesTotal: 10 * 1024 * 1024,
    bytesAcked: 0,
    attempts: 0,
    createdAt: 1_000 + counter,
    updatedAt: 1_000 + counter,
    queueOrder: counter,
    ...overrides,
  };
}
