import { formatHresult, HRESULT } from '../../shared/bits-codes.js';
import type { AddJobInput, Core } from '../../shared/contract/core-api.js';
import type { Job } from '../../shared/jobs.js';
import type { UploadArgs } from './args.js';
import type { UploadReporter } from './reporter.js';
import { resumingLine } from './text-messages.js';

export interface Credentials {
  user: string;
  password: string;
}

/**
 * Whether an earlier job should be replaced rather than resumed: it stopped for good because
 * the file changed since it began (its session holds bytes of the old content).
 */
export function shouldStartOver(job: Job): boolean {
  // Only a change: a file that was missing and is back unchanged resumes where it stopped.
  return job.state === 'error' && job.error?.code === formatHresult(HRESULT.BG_E_LOCAL_FILE_CHANGED);
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
  proxyCredentials?: Credentials,
): Promise<{ job: Job; resumed: boolean }> {
  const type = args.replyPath ? 'upload-reply' : 'upload';
  let found = await core.queries.findUnfinished({ filePath: args.file, url: args.url, type });
  if (found && shouldStartOver(found)) {
    reporter.info(`Starting over: the file changed since the earlier attempt (${found.error?.message}).`);
    await core.commands.cancel(found.id);
    await core.commands.remove([found.id]).catch(() => undefined);
    found = undefined;
  }
  if (found) {
    reporter.info(resumingLine(found));
    // This run's settings apply from now on (a CA, a fixed header or a password given after a
    // failure must take effect); the job restarts its attempt only if something changed.
    let job = await core.commands.update(found.id, {
      headers: args.headers,
      credentials: credentials ?? null,
      caFile: args.caFile ?? null,
      fragmentSize: args.fragmentSize ?? null,
      proxy: args.proxy ?? null,
      proxyCredentials: proxyCredentials ?? null,
      ...(type === 'upload-reply' && args.replyPath ? { replyPath: args.replyPath } : {}),
    });
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
    proxy: args.proxy,
    proxyCredentials,
  };
  if (args.priority) input.priority = args.priority;
  return { job: await core.commands.add(input), resumed: false };
}
