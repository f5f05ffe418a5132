import { resolve } from 'node:path';
import type { AddJobRequest, UpdateJobRequest } from '../../shared/contract/core-api.js';
import { CoreError } from '../../shared/contract/core-api.js';
import { parseDestination } from '../bits/destination.js';
import { parseHeaderLine } from '../bits/origin-policy.js';
import type { JobRecord } from '../store/index.js';
import { jobProxyOptions } from './job-proxy.js';
import { jobClientCert, jobProxyPac } from './job-tls.js';
import { checkLocalFile } from './local-file-policy.js';
import { checkReplyPath, defaultReplyPath, type ReplyPathRules, refuseExisting } from './reply-path.js';

export interface NewJobContext {
  id: string;
  now: number;
  queueOrder: number;
  /** Where replies may go; default names go to its replyFolder. */
  replies: ReplyPathRules;
  /** Real paths of the folders uploads are confined to; empty: anywhere (see local-file-policy). */
  allowedRoots: readonly string[];
}

/** Validates an add request against the real world (the file exists, the URL is usable) and builds the row. */
export async function createJobRecord(input: AddJobRequest, context: NewJobContext): Promise<JobRecord> {
  const checked = await checkLocalFile(input.filePath, context.allowedRoots);
  // Confined jobs keep the real path that was checked, so a link changed later cannot redirect them.
  const filePath = context.allowedRoots.length > 0 ? checked.realPath : resolve(input.filePath);
  const url = normalizedUrl(input.url);
  const headers = validHeaders(input.headers);
  if (input.caFile) await checkCaFile(input.caFile);
  if (input.type === 'upload' && input.replyPath) {
    throw new CoreError('invalid-input', 'A reply path only applies to upload-reply jobs.');
  }
  const replyPath =
    input.type !== 'upload-reply'
      ? undefined
      : input.replyPath
        ? await checkReplyPath(
            input.replyPath,
            { filePath, overwrite: input.overwriteReply },
            context.replies,
          )
        : await defaultReplyPath(filePath, context.id, context.replies.replyFolder);
  return {
    id: context.id,
    type: input.type,
    state: input.suspended ? 'suspended' : 'queued',
    priority: input.priority,
    queueOrder: context.queueOrder,
    filePath,
    url,
    headers,
    credentials: input.credentials,
    replyPath,
    holdCompletion: input.holdCompletion,
    options: {
      retry: input.retry,
      fragmentSize: input.fragmentSize,
      caFile: input.caFile ? resolve(input.caFile) : undefined,
      overwriteReply: input.overwriteReply || undefined,
      ...jobProxyOptions(input.proxy, input.proxyCredentials),
      proxyPac: input.proxyPac ? jobProxyPac(input.proxyPac) : undefined,
      clientCert: input.clientCert ? await jobClientCert(input.clientCert) : undefined,
      pins: input.pins,
    },
    bytesTotal: checked.size,
    bytesAcked: 0,
    attempts: 0,
    cancelPending: false,
    createdAt: context.now,
    updatedAt: context.now,
  };
}

/** The URL as the protocol will use it: what is stored, shown and matched is what is sent. */
export function normalizedUrl(raw: string): string {
  try {
    return parseDestination(raw).href;
  } catch (error) {
    throw new CoreError('invalid-input', (error as Error).message);
  }
}

function validHeaders(headers: Array<[string, string]>): Array<[string, string]> {
  return headers.map(([name, value]) => {
    let parsed: [string, string];
    try {
      parsed = parseHeaderLine(`${name}: ${value}`);
    } catch (error) {
      throw new CoreError('invalid-input', (error as Error).message);
    }
    // A ':' in the name would be re-split into another name and value: refuse, never reinterpret.
    if (parsed[0] !== name) {
      throw new CoreError(
        'invalid-input',
        `${JSON.stringify(name.slice(0, 100))} is not a valid header name.`,
      );
    }
    return parsed;
  });
}

async function checkCaFile(caFile: string): Promise<void> {
  // Not confined to the allowed folders (certificates live in system folders), but never a device.
  await checkLocalFile(caFile, [], 'CA certificate file').catch((error: CoreError) => {
    throw error.message.startsWith('There is no file')
      ? new CoreError('invalid-input', `The CA certificate file ${caFile} does not exist.`)
      : error;
  });
}

/**
 * The record fields that change when a job's connection settings do, validated like add(), or
 * an empty object when nothing differs (so an unchanged re-run does not restart a transfer).
 */
export async function settingsPatch(
  record: JobRecord,
  changes: UpdateJobRequest,
  replies: ReplyPathRules,
): Promise<Partial<JobRecord>> {
  const patch: Partial<JobRecord> = {};
  if (changes.headers !== undefined) {
    const headers = validHeaders(changes.headers);
    if (JSON.stringify(headers) !== JSON.stringify(record.headers)) patch.headers = headers;
  }
  if (changes.credentials !== undefined) {
    const credentials = changes.credentials ?? undefined;
    if (JSON.stringify(credentials) !== JSON.stringify(record.credentials)) patch.credentials = credentials;
  }
  const options = { ...record.options };
  if (changes.fragmentSize !== undefined) options.fragmentSize = changes.fragmentSize ?? undefined;
  if (changes.caFile !== undefined) {
    if (changes.caFile !== null) await checkCaFile(changes.caFile);
    options.caFile = changes.caFile === null ? undefined : resolve(changes.caFile);
  }
  if (changes.proxy !== undefined || changes.proxyCredentials !== undefined) {
    const proxy = changes.proxy === undefined ? record.options.proxy : (changes.proxy ?? undefined);
    const credentials =
      changes.proxyCredentials === undefined
        ? record.options.proxyCredentials
        : (changes.proxyCredentials ?? undefined);
    delete options.proxy;
    delete options.proxyCredentials;
    Object.assign(options, jobProxyOptions(proxy, credentials));
  }
  if (changes.proxyPac !== undefined) {
    options.proxyPac = changes.proxyPac === null ? undefined : jobProxyPac(changes.proxyPac);
  }
  if (changes.clientCert !== undefined) {
    options.clientCert = changes.clientCert === null ? undefined : await jobClientCert(changes.clientCert);
  }
  if (changes.pins !== undefined) options.pins = changes.pins ?? undefined;
  if (changes.replyPath !== undefined || changes.overwriteReply !== undefined) {
    if (record.type !== 'upload-reply')
      throw new CoreError('invalid-input', 'A reply path only applies to upload-reply jobs.');
  }
  if (changes.overwriteReply !== undefined) options.overwriteReply = changes.overwriteReply || undefined;
  if (changes.replyPath !== undefined) {
    // A new path needs its own permission to replace a file there: the old one does not carry over.
    const overwrite = changes.overwriteReply ?? false;
    // The job's own path (given again by a re-run) is not "an existing file" to be asked about.
    const replyPath = await checkReplyPath(
      changes.replyPath,
      { filePath: record.filePath, overwrite: true },
      replies,
    );
    if (replyPath !== record.replyPath) {
      if (!overwrite) await refuseExisting(replyPath);
      if (record.session?.replyDone) {
        throw new CoreError('invalid-state', `The reply was already saved at ${record.replyPath}.`);
      }
      patch.replyPath = replyPath;
      options.overwriteReply = overwrite || undefined;
    }
  }
  if (canonical(options) !== canonical(record.options)) patch.options = options;
  return patch;
}

/** Options as text independent of key order and of keys set to undefined. */
function canonical(options: object): string {
  const entries = Object.entries(options).filter(([, value]) => value !== undefined);
  return JSON.stringify(entries.sort(([a], [b]) => a.localeCompare(b)));
}
