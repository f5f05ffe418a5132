import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { AddJobInput, CoreEvent } from '../../../shared/contract/core-api.js';
import { AddJobInputSchema } from '../../../shared/contract/core-api.js';
import { DEFAULT_SETTINGS, type Job, type Settings } from '../../../shared/jobs.js';
import type { Clock } from '../../bits/clock.js';
import type { HttpTransport } from '../../bits/http/transport.js';
import { createJobStore, type JobRecord, type JobStore, openDatabase } from '../../store/index.js';
import { testSecretBox } from '../../store/testing/job-fixtures.js';
import { JobEngine } from '../engine.js';

export interface HarnessOptions {
  clock?: Clock;
  transportFor?: (job: JobRecord) => HttpTransport;
  settings?: Partial<Settings>;
}

/**
 * A real engine on a real SQLite file in a temp folder, torn down when the test ends;
 * `restart()` simulates closing and reopening the app on the same data.
 */
export async function engineHarness(options: HarnessOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bits-engine-'));
  const events: CoreEvent[] = [];
  const warnings: string[] = [];
  let store: JobStore;
  let engine: JobEngine;
  const open = async () => {
    // One key across restarts, as a data folder's key file gives a real host.
    store = createJobStore(openDatabase(join(dir, 'jobs.db')).db, { secrets: testSecretBox() });
    engine = new JobEngine({
      store,
      repliesDir: join(dir, 'replies'),
      clock: options.clock,
      transportFor: options.transportFor,
      random: () => 0.5,
      warn: (message) => warnings.push(message),
    });
    engine.subscribe((event) => events.push(event));
    await engine.start();
  };
  if (options.settings) {
    const seed = createJobStore(openDatabase(join(dir, 'jobs.db')).db);
    seed.saveSettings({ ...DEFAULT_SETTINGS, ...options.settings });
    seed.close();
  }
  await open();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await engine.stop();
    store.close();
  };
  onTestFinished(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  const harness = {
    dir,
    events,
    warnings,
    get engine() {
      return engine;
    },
    get store() {
      return store;
    },
    add: async (input: AddJobInput) => (await engine.add([AddJobInputSchema.parse(input)]))[0]!,
    job: (id: string) => store.getJob(id)!,
    /** Resolves with the job once a change event satisfies the predicate (or it already does). */
    waitFor: (id: string, predicate: (job: Job) => boolean, timeoutMs = 20_000) =>
      new Promise<Job>((resolve, reject) => {
        const timer = setTimeout(() => {
          unsubscribe();
          reject(new Error(`timed out waiting for job ${id}; it is ${store.getJob(id)?.state}`));
        }, timeoutMs);
        const check = (job: Job) => {
          if (job.id !== id || !predicate(job)) return;
          clearTimeout(timer);
          unsubscribe();
          resolve(job);
        };
        const unsubscribe = engine.subscribe((event) => {
          if (event.type === 'job-changed') check(event.job);
        });
        const now = store.getJob(id);
        if (now) {
          const current = events
            .filter((event) => event.type === 'job-changed' && event.job.id === id)
            .at(-1);
          if (current?.type === 'job-changed') check(current.job);
        }
      }),
    states: (id: string) =>
      events.flatMap((event) =>
        event.type === 'job-changed' && event.job.id === id ? [event.job.state] : [],
      ),
    restart: async () => {
      await close();
      closed = false;
      await open();
    },
    close,
  };
  return harness;
}
