import { lstat } from 'node:fs/promises';
import { type ClientCert, type Core, CoreError } from '../../shared/contract/core-api.js';
import type { UploadArgs } from './args.js';
import type { CliIo } from './cli-io.js';
import { exitCodeForError } from './error-report.js';
import { EXIT } from './exit-codes.js';
import { connectInstance, dataDirFor } from './instance.js';
import { INTERRUPTED, InterruptGate } from './interrupt-gate.js';
import { type FollowOutcome, JobFollower } from './job-follower.js';
import { JsonReporter } from './json-reporter.js';
import {
  checkReplyPath,
  connectionWarnings,
  localFileProblem,
  readCaFile,
  resolveClientCert,
  resolveCredentials,
  resolveProxyCredentials,
} from './local-checks.js';
import { LogReporter } from './log-reporter.js';
import type { UploadReporter } from './reporter.js';
import { replyIsGone, startOrResume } from './start-job.js';
import { TtyReporter } from './tty-reporter.js';

export function createReporter(json: boolean, io: CliIo): UploadReporter {
  if (json) return new JsonReporter(io.stdout, io.stderr, io.clock);
  return io.stderr.isTTY ? new TtyReporter(io.stderr, io.clock) : new LogReporter(io.stderr, io.clock);
}

/**
 * `bits-uploader upload`: runs the upload as a job of the core, so its database remembers
 * the server's position and an interrupted run resumes where it stopped. Returns the exit code.
 */
export async function runUpload(args: UploadArgs, io: CliIo): Promise<number> {
  const reporter = createReporter(args.json, io);
  try {
    const fileProblem = await localFileProblem(args.file);
    if (fileProblem) {
      reporter.problem(fileProblem, EXIT.localFile, 'Check the path and that you can read the file.');
      return EXIT.localFile;
    }
    if (args.caFile) await readCaFile(args.caFile, 'upload');
    if (args.replyPath) await checkReplyPath(args.replyPath);
    const overwrite = await mayReplaceReply(args, io);
    if (overwrite === 'refused') {
      reporter.problem(
        `A file already exists at ${args.replyPath}.`,
        EXIT.usage,
        'Add --overwrite to let the reply replace it, or choose another --reply path.',
      );
      return EXIT.usage;
    }
    for (const warning of connectionWarnings(args.url, args.headers, args.user)) reporter.warning(warning);
    const credentials = await resolveCredentials(args.user, io, 'upload');
    const proxyCredentials = await resolveProxyCredentials(args.proxyUser, io, 'upload');
    const clientCert = (await resolveClientCert(args.clientCert, io, 'upload'))?.files;

    const gate = new InterruptGate(io);
    try {
      const core = await openCore(args, io, reporter);
      if (typeof core === 'number') return core;
      try {
        return await follow(
          core,
          { ...args, overwrite },
          { credentials, proxyCredentials, clientCert },
          io,
          reporter,
          gate,
        );
      } finally {
        await core.close();
      }
    } finally {
      gate.release();
    }
  } finally {
    reporter.close();
  }
}

async function openCore(args: UploadArgs, io: CliIo, reporter: UploadReporter): Promise<Core | number> {
  try {
    return await io.openCore({ dataDir: args.dataDir, env: io.env });
  } catch (error) {
    if (error instanceof CoreError && error.code === 'locked') {
      // A running instance owns the folder: hand the job to it and follow it from here.
      const remote = await connectInstance(dataDirFor(args.dataDir, io));
      if (remote) {
        reporter.info(
          'Another BITS Uploader runs this data folder: the upload is handed to it and followed here.',
        );
        return remote;
      }
      reporter.problem(
        error.message,
        EXIT.locked,
        'Close the other BITS Uploader (app or command), or give this one its own folder with --data-dir.',
      );
      return EXIT.locked;
    }
    if (error instanceof CoreError && error.code === 'io') {
      reporter.problem(error.message, EXIT.localFile, 'Give a folder you can write to with --data-dir.');
      return EXIT.localFile;
    }
    throw error;
  }
}

async function follow(
  core: Core,
  args: UploadArgs,
  secrets: {
    credentials: { user: string; password: string } | undefined;
    proxyCredentials: { user: string; password: string } | undefined;
    clientCert: ClientCert | undefined;
  },
  io: CliIo,
  reporter: UploadReporter,
  gate: InterruptGate,
): Promise<number> {
  const follower = new JobFollower({
    reporter,
    clock: io.clock,
    giveUpAfterMs: args.giveUpAfterSeconds === undefined ? undefined : args.giveUpAfterSeconds * 1000,
    onHeld: (job) => {
      core.commands.complete(job.id).catch(() => undefined);
    },
  });
  // Subscribe first, then add or resume: the follower replays what it saw before knowing the id.
  const unsubscribe = core.subscribe(follower.listener);
  try {
    for (const warning of core.startupWarnings) reporter.warning(warning);
    let started: Awaited<ReturnType<typeof startOrResume>>;
    try {
      started = await startOrResume(
        core,
        args,
        secrets.credentials,
        reporter,
        undefined,
        secrets.proxyCredentials,
        secrets.clientCert,
      );
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      const usage = error.code === 'invalid-input' || error.code === 'exists';
      const local = error.code === 'io' || error.code === 'not-allowed';
      const code = usage ? EXIT.usage : local ? EXIT.localFile : EXIT.failed;
      reporter.problem(error.message, code, error.hint);
      return code;
    }
    reporter.started(started.job, started.resumed);
    follower.track(started.job);
    await mentionOtherUploads(core, started.job.id, reporter);
    const handedOff = (core as { disconnected?: Promise<void> }).disconnected;
    const result = gate.interrupted
      ? INTERRUPTED
      : await Promise.race([
          follower.outcome,
          gate.signal,
          handedOff ? handedOff.then((): typeof GONE => GONE) : new Promise<never>(() => {}),
        ]);
    if (result === GONE) {
      follower.silence();
      reporter.problem(
        'The BITS Uploader running the upload stopped before it finished.',
        EXIT.failed,
        'The job resumes when that instance starts again (or run this command again).',
      );
      return EXIT.failed;
    }
    if (result === INTERRUPTED && handedOff) {
      // The job belongs to the running instance: only the following stops.
      follower.silence();
      reporter.info(
        `Stopped following; the upload continues in the running BITS Uploader. Follow it again with: bits-uploader jobs wait ${started.job.id}`,
      );
      return EXIT.interrupted;
    }
    if (result === INTERRUPTED) {
      // Closing stops the transfer; the job stays in the database, resumable by the same command.
      follower.silence();
      await core.close();
      reporter.interrupted(follower.current);
      return EXIT.interrupted;
    }
    return conclude(result, reporter);
  } finally {
    unsubscribe();
    follower.dispose();
  }
}

const GONE = Symbol('instance gone');

function conclude(outcome: FollowOutcome, reporter: UploadReporter): number {
  if (outcome.kind === 'acknowledged') {
    reporter.succeeded(outcome.job);
    return EXIT.ok;
  }
  const code = outcome.kind === 'cancelled' ? EXIT.failed : exitCodeForError(outcome.error);
  reporter.failed(outcome.job, outcome.error, code);
  if (outcome.kind !== 'cancelled' && replyIsGone(outcome.error)) {
    reporter.info(
      'Run the same command again to upload the file again for a new reply (this job is then dropped).',
    );
  }
  return code;
}

/**
 * Whether the reply may replace a file already at --reply: --overwrite says yes, a terminal is
 * asked, anything else is refused (a script must say so explicitly).
 */
async function mayReplaceReply(args: UploadArgs, io: CliIo): Promise<boolean | 'refused'> {
  if (args.overwrite) return true;
  if (!args.replyPath) return false;
  const existing = await lstat(args.replyPath).catch(() => undefined);
  if (!existing) return false;
  if (!io.stdinIsTTY || !io.confirm) return 'refused';
  return (
    (await io.confirm(`${args.replyPath} already exists. Replace it with the server's reply?`)) || 'refused'
  );
}

/**
 * The data folder is shared with the app: its other unfinished uploads carry on while this
 * command runs (and share the transfer slots). Say so, instead of leaving a slow start unexplained.
 */
async function mentionOtherUploads(core: Core, ownId: string, reporter: UploadReporter): Promise<void> {
  const states = ['queued', 'connecting', 'transferring', 'transient-error'] as const;
  const waiting = await core.queries.list({ states: [...states], limit: 1 });
  const own = (await core.queries.get(ownId))?.job.state;
  const others = waiting.total - (own && (states as readonly string[]).includes(own) ? 1 : 0);
  if (others > 0) {
    reporter.info(
      `${others} other unfinished upload${others === 1 ? '' : 's'} in this data folder continue${others === 1 ? 's' : ''} while this command runs.`,
    );
  }
}
