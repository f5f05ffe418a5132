import type { AddJobInput, Core } from '../../shared/contract/core-api.js';
import type { Job } from '../../shared/jobs.js';
import type { UploadArgs } from './args.js';
import type { UploadReporter } from './reporter.js';
import { resumingLine } from './text-messages.js';

export interface Credentials {
  user: string;
  password: string;
}

/** What this run asks for, to compare with a job left over from an earlier run. */
export interface Requested {
  headers: Array<[string, string]>;
  credentials?: Credentials;
}

function sameHeaderNames(job: Job, requested: Requested): boolean {
  const norm = (names: string[]) =>
    names
      .map((name) => name.toLowerCase())
      .sort()
      .join('\n');
  return norm(job.headerNames) === norm(requested.headers.map(([name]) => name));
}

/**
 * Whether a failed earlier job should be replaced rather than resumed: it stopped for good
 * because the file changed, or this run brings different credentials or headers (resuming
 * would reuse the stored ones and fail the same way). Only a job in 'error' is replaced.
 */
export function shouldStartOver(job: Job, requested: Requested): boolean {
  if (job.state !== 'error') return false;
  // The file changed since that upload began: its session holds bytes of the old content.
  if (job.error?.phase === 'local-file') return true;
  if (job.hasCredentials !== (requested.credentials !== undefined)) return true;
  if (!sameHeaderNames(job, requested)) return true;
  const authFailed = job.error?.httpStatus === 401 || job.error?.httpStatus === 407;
  return authFailed && requested.credentials !== undefined;
}

/** Settings of this run that a resumed job will not use, worth telling the user about. */
export function ignoredSettings(job: Job, requested: Requested): string[] {
  const ignored: string[] = [];
  if (job.hasCredentials !== (requested.credentials !== undefined)) ignored.push('--user');
  if (!sameHeaderNames(job, requested)) ignored.push('--header');
  return ignored;
}

const RESUMABLE = new Set(['suspended', 'error', 'transient-error']);

/**
 * Finds the unfinished job for this file, URL and type and resumes it, or adds a new one.
 * The caller has subscribed already, so no event of the job is missed.
 */
export async function startOrResume(
  core: Core,
  args: UploadArgs,
  credentials: Credentials | undefined,
  reporter: UploadReporter,
): Promise<{ job: Job; resumed: boolean }> {
  const type = args.replyPath ? 'upload-reply' : 'upload';
  const requested: Requested = { headers: args.headers, credentials };
  let found = await core.queries.findUnfinished({ filePath: args.file, url: args.url, type });
  if (found && shouldStartOver(found, requested)) {
    reporter.info(
      found.error?.phase === 'local-file'
        ? `Starting over: the file changed since the earlier attempt (${found.error.message}).`
        : `Starting over: the earlier attempt failed (${found.error?.message ?? 'error'}) and this run gives different credentials or headers.`,
    );
    await core.commands.cancel(found.id);
    await core.commands.remove([found.id]).catch(() => undefined);
    found = undefined;
  }
  if (found) {
    reporter.info(resumingLine(found));
    const ignored = ignoredSettings(found, requested);
    if (ignored.length > 0) {
      reporter.warning(
        `The ${ignored.join(' and ')} given now differ from the interrupted upload's; it continues with the ones it started with.`,
      );
    }
    let job = found;
    if (args.priority && job.priority !== args.priority)
      job = await core.commands.setPriority(job.id, args.priority);
    if (RESUMABLE.has(job.state)) job = await core.commands.resume(job.id);
    else if (job.state === 'transferred') job = await core.commands.complete(job.id);
    return { job, resumed: true };
  }
  const input: AddJobInput = {
    filePath: args.file,
    url: args.url,
    type,
    headers: args.headers,
    credentials,
    replyPath: args.replyPath,
    fragmentSize: args.fragmentSize,
    caFile: args.caFile,
  };
  if (args.priority) input.priority = args.priority;
  return { job: await core.commands.add(input), resumed: false };
}
