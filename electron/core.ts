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
import { PrioritySchema, type Settings, SettingsSchema } from '../shared/jobs.js';
import type { Clock } from './bits/clock.js';
import type { FileSource } from './bits/file-source.js';
import type { HttpTransport } from './bits/http/transport.js';
import { destinationCommands } from './core-destinations.js';

/** For hosts that use a saved destination's secrets themselves (destinations:check). */
export { assertSameOrigin } from './core-destinations.js';

import { JobEngine } from './engine/engine.js';
import { toJob } from './engine/job-view.js';
import { replyFiles } from './engine/reply-files.js';
import { checkReplyFolderSetting } from './engine/reply-folder-setting.js';
import type { ReplyPathPolicy } from './engine/reply-path.js';
import {
  acquireDataDirLock,
  createJobStore,
  createSecretBox,
  DataDirLockedError,
  fileKeyStore,
  type JobRecord,
  type KeyStore,
  openDatabase,
  prepareDataDir,
  resolveDataDir,
  type SecretBox,
  unavailableSecretBox,
} from './store/index.js';

export interface CoreOptions {
  /** The data folder (--data-dir); else BITS_UPLOADER_DATA_DIR, else the OS per-user app data folder. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  transportFor?: (job: JobRecord, settings: Settings) => HttpTransport;
  fileFor?: (path: string) => FileSource;
  random?: () => number;
  /**
   * Where reply files may be written. 'anywhere' (default): any path the process may write,
   * except the data folder's own files and the job's source. 'replies-folder-only': only inside
   * the reply folder, and the reply folder setting cannot be changed; for hosts whose clients
   * are remote (`serve`), so that a client cannot choose where on this machine a file lands.
   */
  replyPathPolicy?: ReplyPathPolicy;
  /**
   * Where the key that seals saved passwords and header values comes from (see KeyStore's
   * contract in electron/store/key-store.ts). Default: `secret.key` in the data folder; the
   * desktop app passes one backed by Electron safeStorage.
   */
  keyStore?: KeyStore;
  /**
   * Folders `jobs:add` may upload from (real paths, links resolved); absent: any ordinary file.
   * Devices, FIFOs, sockets, folders and /proc, /sys, /dev are refused either way.
   */
  allowedRoots?: string[];
  /** Problems nobody asked about (a subscriber that failed); default: a process warning. */
  warn?: (message: string) => void;
  /** better-sqlite3's addon to load (the desktop app's Electron-ABI copy); default: node_modules'. */
  nativeBinding?: string;
  /** Open the folder without starting transfers: jobs added now start with the next instance. */
  holdTransfers?: boolean;
}

/** For hosts that let clients name paths (`files:browse`): the same confinement `add` applies. */
export { checkLocalFile, confinePath, isInside, resolveAllowedRoots } from './engine/local-file-policy.js';

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
    const secrets = await loadSecretBox(options.keyStore ?? fileKeyStore(dir), startupWarnings);
    // A job row or setting that cannot be read is replaced by a safe default: the user is told.
    store = createJobStore(opened.db, {
      onProblem: (problem) =>
        startupWarnings.push(
          problem.table === 'settings'
            ? `The saved setting “${problem.key}” could not be read; its default is used until you set it again.`
            : problem.action === 'secrets-unreadable'
              ? `The saved ${problem.fields.includes('credentials') ? 'password' : 'header values'} of job ${problem.key} cannot be read (${problem.detail}); enter ${problem.fields.includes('credentials') ? 'it' : 'them'} again.`
              : problem.table === 'destinations'
                ? `The saved headers or credentials of destination ${problem.key} are damaged; save them again.`
                : `The saved details of job ${problem.key} are damaged (${problem.fields.join(', ')}); it is shown as failed.`,
        ),
      secrets,
    });
    engine = new JobEngine({
      store,
      repliesDir,
      dataDir: dir,
      replyPathPolicy: options.replyPathPolicy,
      clock: options.clock,
      transportFor: options.transportFor,
      env: options.env,
      fileFor: options.fileFor,
      random: options.random,
      allowedRoots: options.allowedRoots,
      warn: options.warn,
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
      add: (input) =>
        run(async () => (await engine.add([destinations.applyTo(AddJobInputSchema.parse(input))]))[0]!),
      addMany: (inputs) =>
        run(() => engine.add(inputs.map((input) => destinations.applyTo(AddJobInputSchema.parse(input))))),
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
        run(async () => {
          const parsed = SettingsPatchSchema.parse(patch);
          const current = engine.settings;
          if (parsed.replyFolder !== undefined && parsed.replyFolder !== current.replyFolder) {
            parsed.replyFolder = await checkReplyFolderSetting(parsed.replyFolder, engine.replyRules());
          }
          return engine.updateSettings(
            SettingsSchema.parse({
              ...current,
              ...parsed,
              retry: { ...current.retry, ...parsed.retry },
              app: { ...current.app, ...parsed.app },
            }),
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
      destinationSecrets: (destinationId) => run(() => destinations.secrets(destinationId)),
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

/** The data folder's key; without one the core still starts, and jobs needing secrets wait for them. */
async function loadSecretBox(keyStore: KeyStore, warnings: string[]): Promise<SecretBox> {
  try {
    return createSecretBox(await keyStore.loadOrCreateKey());
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    warnings.push(
      `Saved passwords and header values cannot be used: ${why} Jobs that need them are shown as failed until they are given again.`,
    );
    return unavailableSecretBox(why);
  }
}
