import { ZodError } from 'zod';
import {
  AddJobInputSchema,
  type Core,
  CoreError,
  type CoreEvent,
  JobIdSchema,
  ListQuerySchema,
  MoveSchema,
  type ReplyFile,
  SettingsPatchSchema,
  UpdateJobInputSchema,
} from '../shared/contract/core-api.js';
import { PrioritySchema, SettingsSchema } from '../shared/jobs.js';
import type { Clock } from './bits/clock.js';
import type { FileSource } from './bits/file-source.js';
import type { HttpTransport } from './bits/http/transport.js';
import { destinationCommands } from './core-destinations.js';
import { JobEngine } from './engine/engine.js';
import { toJob } from './engine/job-view.js';
import { replyFiles } from './engine/reply-files.js';
import {
  acquireDataDirLock,
  createJobStore,
  DataDirLockedError,
  type JobRecord,
  openDatabase,
  prepareDataDir,
  resolveDataDir,
} from './store/index.js';

export interface CoreOptions {
  /** The data folder (--data-dir); else BITS_UPLOADER_DATA_DIR, else the OS per-user app data folder. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  transportFor?: (job: JobRecord) => HttpTransport;
  fileFor?: (path: string) => FileSource;
  random?: () => number;
  /** better-sqlite3's addon to load (the desktop app's Electron-ABI copy); default: node_modules'. */
  nativeBinding?: string;
  /** Open the folder without starting transfers: jobs added now start with the next instance. */
  holdTransfers?: boolean;
}

/**
 * The composition every host shares: one data folder (locked to this process), its SQLite
 * database, and the job engine, behind the plain-data Core API validated with zod.
 */
export async function createCore(options: CoreOptions = {}): Promise<Core> {
  const wanted = resolveDataDir({ flag: options.dataDir, env: options.env });
  let prepared: ReturnType<typeof prepareDataDir>;
  try {
    prepared = prepareDataDir(wanted);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'a file is in the way' : (error as Error).message;
    throw new CoreError('io', `Cannot use the data folder ${wanted}: ${reason}.`);
  }
  const { dir, dbPath, repliesDir } = prepared;
  let lock: { release(): void };
  try {
    lock = acquireDataDirLock(dir);
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new CoreError('locked', error.message);
    throw error;
  }
  const startupWarnings: string[] = [];
  let engine: JobEngine | undefined;
  let store: ReturnType<typeof createJobStore> | undefined;
  try {
    const opened = openDatabase(dbPath, { nativeBinding: options.nativeBinding });
    if (opened.recovered) startupWarnings.push(opened.recovered.message);
    // A job row or setting that cannot be read is replaced by a safe default: the user is told.
    store = createJobStore(opened.db, {
      onProblem: (problem) =>
        startupWarnings.push(
          problem.table === 'settings'
            ? `The saved setting “${problem.key}” could not be read; its default is used until you set it again.`
            : problem.table === 'destinations'
              ? `The saved headers or credentials of destination ${problem.key} are damaged; save them again.`
              : `The saved details of job ${problem.key} are damaged (${problem.fields.join(', ')}); it is shown as failed.`,
        ),
    });
    engine = new JobEngine({
      store,
      repliesDir,
      clock: options.clock,
      transportFor: options.transportFor,
      fileFor: options.fileFor,
      random: options.random,
      holdTransfers: options.holdTransfers,
    });
    await engine.start();
    startupWarnings.push(...engine.warnings);
  } catch (error) {
    // Never leave a half-started engine uploading behind a released lock.
    await engine?.stop().catch(() => undefined);
    store?.close();
    lock.release();
    throw error;
  }

  let closed = false;
  const run = async <T>(work: () => T | Promise<T>): Promise<T> => {
    if (closed) throw new CoreError('invalid-state', 'BITS Uploader is shutting down.');
    try {
      return await work();
    } catch (error) {
      if (error instanceof ZodError) {
        throw new CoreError(
          'invalid-input',
          error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
        );
      }
      throw error;
    }
  };
  const id = (value: string) => JobIdSchema.parse(value);
  const destinations = destinationCommands(store, () => (options.clock ?? Date).now());

  return {
    dataDir: dir,
    startupWarnings,
    subscribe: (listener: (event: CoreEvent) => void) => engine.subscribe(listener),
    commands: {
      add: (input) => run(async () => (await engine.add([AddJobInputSchema.parse(input)]))[0]!),
      addMany: (inputs) => run(() => engine.add(inputs.map((input) => AddJobInputSchema.parse(input)))),
      update: (jobId, changes) => run(() => engine.update(id(jobId), UpdateJobInputSchema.parse(changes))),
      suspend: (jobId) => run(() => engine.suspend(id(jobId))),
      resume: (jobId) => run(() => engine.resume(id(jobId))),
      cancel: (jobId) => run(() => engine.cancel(id(jobId))),
      complete: (jobId) => run(() => engine.complete(id(jobId))),
      retry: (jobId) => run(() => engine.retry(id(jobId))),
      setPriority: (jobId, priority) =>
        run(() => engine.setPriority(id(jobId), PrioritySchema.parse(priority))),
      move: (jobId, where) => run(() => engine.move(id(jobId), MoveSchema.parse(where))),
      remove: (ids) => run(() => engine.remove(ids.map(id))),
      removeFinished: () => run(() => engine.removeFinished()),
      suspendAll: () => run(() => engine.suspendAll()),
      resumeAll: () => run(() => engine.resumeAll()),
      updateSettings: (patch) =>
        run(() => {
          const parsed = SettingsPatchSchema.parse(patch);
          const current = engine.settings;
          return engine.updateSettings(
            SettingsSchema.parse({ ...current, ...parsed, retry: { ...current.retry, ...parsed.retry } }),
          );
        }),
      saveDestination: (input) => run(() => destinations.save(input)),
      removeDestination: (destinationId) => run(() => destinations.remove(destinationId)),
    },
    queries: {
      list: (query) =>
        run(() => {
          const page = store.listJobs(ListQuerySchema.parse(query ?? {}));
          return { jobs: page.records.map(toJob), total: page.total };
        }),
      get: (jobId) =>
        run(() => {
          const record = store.getJob(id(jobId));
          return record ? { job: toJob(record), events: store.listEvents(record.id) } : undefined;
        }),
      findUnfinished: (match) => run(() => engine.findUnfinished(match)),
      replies: () => run((): Promise<ReplyFile[]> => replyFiles(store)),
      settings: () => run(() => engine.settings),
      destinations: () => run(() => destinations.list()),
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await engine.stop();
      } finally {
        store.close();
        lock.release();
      }
    },
  };
}
