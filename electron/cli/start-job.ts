import { formatHresult, HRESULT } from '../../shared/bits-codes.js';
import type { AddJobInput, ClientCert, Core } from '../../shared/contract/core-api.js';
import type { Job, JobError } from '../../shared/jobs.js';
import type { UploadArgs } from './args.js';
import type { UploadReporter } from './reporter.js';
import { resumingLine } from './text-messages.js';

export interface Credentials {
  user: string;
  password: string;
}

/** The upload went through but the server no longer has its reply: only a new upload gets one. */
export function replyIsGone(error: JobError | undefined): boolean {
  return error?.phase === 'reply' && (error.httpStatus === 404 || error.httpStatus === 410);
}

/**
 * Why an earlier job should be replaced rather than resumed, or undefined to resume it: it
 * stopped for good because the file changed since it began (its session holds bytes of the old
 * content), or because its reply expired on the server (retrying the reply URL cannot help).
 */
export function startOverReason(job: Job): string | undefined {
  if (job.state !== 'error') return undefined;
  // Only a change: a file that was missing and is back unchanged resumes where it stopped.
  if (job.error?.code === formatHresult(HRESULT.BG_E_LOCAL_FILE_CHANGED)) {
    return `the file changed since the earlier attempt (${job.error.message})`;
  }
  if (replyIsGone(job.error)) {
    return `the server no longer has the earlier upload's reply (HTTP ${job.error?.httpStatus}); uploading again for a new one`;
  }
  return undefined;
}

export function shouldStartOver(job: Job): boolean {
  return startOverReason(job) !== undefined;
}

/** Drops a job for good: cancelled (the server is told, in the background) and removed from the list. */
async function dropJob(core: Core, job: Job): Promise<void> {
  await core.commands.cancel(job.id);
  await core.commands.remove([job.id]).catch(() => undefined);
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
  overwriteReply = args.overwrite ?? false,
  proxyCredentials?: Credentials,
  clientCert?: ClientCert,
): Promise<{ job: Job; resumed: boolean }> {
  const type = args.replyPath ? 'upload-reply' : 'upload';
  let found = await core.queries.findUnfinished({ filePath: args.file, url: args.url, type });
  const reason =
    found && (args.restart ? 'as --restart asks, the earlier job is dropped' : startOverReason(found));
  if (found && reason) {
    reporter.info(`Starting over: ${reason}.`);
    await dropJob(core, found);
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
      proxyPac: args.proxyPac ?? null,
      clientCert: clientCert ?? null,
      pins: args.pins ?? null,
      ...(type === 'upload-reply' && args.replyPath ? { replyPath: args.replyPath, overwriteReply } : {}),
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
    ...(type === 'upload-reply' ? { overwriteReply } : {}),
    fragmentSize: args.fragmentSize,
    caFile: args.caFile,
    proxy: args.proxy,
    proxyCredentials,
    proxyPac: args.proxyPac,
    clientCert,
    pins: args.pins,
  };
  if (args.priority) input.priority = args.priority;
  return { job: await core.commands.add(input), resumed: false };
}
