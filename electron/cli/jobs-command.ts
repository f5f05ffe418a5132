import { basename, join } from 'node:path';
import { type AddJobInput, type Core, CoreError } from '../../shared/contract/core-api.js';
import { fileUrlFor } from '../../shared/destination-url.js';
import { FINAL_STATES, JOB_STATES, type Job } from '../../shared/jobs.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { openInstance } from './instance.js';
import { renderJobDetail, renderJobTable } from './jobs-render.js';
import { waitForJobs } from './jobs-wait.js';
import { localFileProblem, resolveCredentials } from './local-checks.js';
import type { JobsCommand, JobVerb } from './remote-args.js';

/** `bits-uploader jobs ...`: through the running instance, else on the data folder directly. */
export async function runJobs(command: JobsCommand, io: CliIo): Promise<number> {
  if (command.verb === 'add') {
    for (const file of command.files) {
      const problem = await localFileProblem(file);
      if (problem) {
        io.stderr.write(`bits-uploader: ${problem}\n`);
        return EXIT.localFile;
      }
    }
  }
  const credentials = command.verb === 'add' ? await resolveCredentials(command.user, io, 'jobs') : undefined;
  let opened: Awaited<ReturnType<typeof openInstance>>;
  try {
    opened = await openInstance(command.dataDir, io);
  } catch (error) {
    return reportCoreError(error, io);
  }
  const { core, remote } = opened;
  try {
    switch (command.verb) {
      case 'add':
        return await add(core, command, credentials, io);
      case 'list':
        return await list(core, command, io);
      case 'show': {
        const detail = await core.queries.get(command.id);
        if (!detail) throw new CoreError('not-found', `There is no job ${command.id}.`);
        io.stdout.write(command.json ? `${JSON.stringify(detail)}\n` : renderJobDetail(detail));
        return EXIT.ok;
      }
      case 'wait':
        if (!remote) {
          io.stderr.write(
            'bits-uploader: no instance runs these jobs, so they cannot finish. Start `bits-uploader serve` or the app first.\n',
          );
          return EXIT.failed;
        }
        return await waitForJobs(core, command.ids, command.json, io);
      default:
        return await act(core, command.verb, command.all ? undefined : command.ids, command.json, io);
    }
  } catch (error) {
    return reportCoreError(error, io);
  } finally {
    await core.close();
  }
}

async function add(
  core: Core,
  command: Extract<JobsCommand, { verb: 'add' }>,
  credentials: { user: string; password: string } | undefined,
  io: CliIo,
): Promise<number> {
  const inputs = command.files.map((file): AddJobInput => {
    const name = basename(file);
    const input: AddJobInput = {
      filePath: file,
      url: fileUrlFor(command.url, name),
      type: command.replyDir ? 'upload-reply' : 'upload',
      headers: command.headers,
      credentials,
      suspended: command.suspended,
    };
    if (command.replyDir) input.replyPath = join(command.replyDir, `${name}.reply`);
    if (command.priority) input.priority = command.priority;
    return input;
  });
  const jobs = await core.commands.addMany(inputs);
  for (const job of jobs) {
    io.stdout.write(command.json ? `${JSON.stringify(job)}\n` : `${job.id}  ${job.state}  ${job.url}\n`);
  }
  return EXIT.ok;
}

async function list(core: Core, command: Extract<JobsCommand, { verb: 'list' }>, io: CliIo): Promise<number> {
  const jobs: Job[] = [];
  let total = 0;
  for (let offset = 0; ; offset += 1000) {
    const page = await core.queries.list({ states: command.states, offset, limit: 1000 });
    jobs.push(...page.jobs);
    total = page.total;
    if (page.jobs.length === 0 || jobs.length >= total) break;
  }
  io.stdout.write(command.json ? `${JSON.stringify({ jobs, total })}\n` : renderJobTable(jobs, total));
  return EXIT.ok;
}

/** What `--all` means per verb: a count of changed jobs, or the ids to act on one by one. */
const ALL: Record<JobVerb, (core: Core) => Promise<{ changed: number } | { removed: string[] } | string[]>> =
  {
    suspend: (core) => core.commands.suspendAll(),
    resume: (core) => core.commands.resumeAll(),
    remove: (core) => core.commands.removeFinished(),
    // Every job not yet done for good: the unfinished states, derived so a new state is included.
    cancel: (core) =>
      idsIn(
        core,
        JOB_STATES.filter((state) => !FINAL_STATES.has(state)),
      ),
    complete: (core) => idsIn(core, ['transferred']),
    retry: (core) => idsIn(core, ['error', 'transient-error']),
  };

async function idsIn(core: Core, states: Job['state'][]): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await core.queries.list({ states, offset, limit: 1000 });
    ids.push(...page.jobs.map((job) => job.id));
    if (page.jobs.length === 0 || ids.length >= page.total) return ids;
  }
}

async function act(
  core: Core,
  verb: JobVerb,
  ids: string[] | undefined,
  json: boolean,
  io: CliIo,
): Promise<number> {
  const targets = ids ?? (await ALL[verb](core));
  if ('changed' in targets) {
    io.stdout.write(json ? `${JSON.stringify(targets)}\n` : `${targets.changed} job(s) changed.\n`);
    return EXIT.ok;
  }
  if (verb === 'remove' || 'removed' in targets) {
    const removed = 'removed' in targets ? targets.removed : (await core.commands.remove(targets)).removed;
    io.stdout.write(json ? `${JSON.stringify({ removed })}\n` : `${removed.length} job(s) removed.\n`);
    return 'removed' in targets || removed.length === targets.length ? EXIT.ok : EXIT.failed;
  }
  let failed = 0;
  for (const id of targets) {
    try {
      const job = await core.commands[verb](id);
      io.stdout.write(json ? `${JSON.stringify(job)}\n` : `${job.id}  ${job.state}\n`);
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      failed++;
      io.stderr.write(`bits-uploader: ${id}: ${error.message}\n`);
    }
  }
  return failed === 0 ? EXIT.ok : EXIT.failed;
}
/** A CoreError in plain words on stderr, with the exit code scripts expect. */
export function reportCoreError(error: unknown, io: CliIo): number {
  if (!(error instanceof CoreError)) throw error;
  io.stderr.write(`bits-uploader: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
  if (error.code === 'locked') return EXIT.locked;
  return error.code === 'invalid-input' ? EXIT.usage : error.code === 'io' ? EXIT.localFile : EXIT.failed;
}
