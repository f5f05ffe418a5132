import { stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { AddJobRequest, UpdateJobRequest } from '../../shared/contract/core-api.js';
import { CoreError } from '../../shared/contract/core-api.js';
import { parseDestination } from '../bits/destination.js';
import { parseHeaderLine } from '../bits/origin-policy.js';
import type { JobRecord } from '../store/index.js';
import { jobProxyOptions } from './job-proxy.js';
import { fileNameOf } from './job-view.js';

export interface NewJobContext {
  id: string;
  now: number;
  queueOrder: number;
  repliesDir: string;
}

/** Validates an add request against the real world (the file exists, the URL is usable) and builds the row. */
export async function createJobRecord(input: AddJobRequest, context: NewJobContext): Promise<JobRecord> {
  const filePath = resolve(input.filePath);
  const info = await stat(filePath).catch((error: NodeJS.ErrnoException) => {
    throw new CoreError(
      'invalid-input',
      error.code === 'ENOENT'
        ? `There is no file at ${filePath}.`
        : `Cannot read ${filePath}: ${error.message}.`,
    );
  });
  if (!info.isFile())
    throw new CoreError('invalid-input', `${filePath} is not a file (folders cannot be uploaded).`);
  validateUrl(input.url);
  const headers = validHeaders(input.headers);
  if (input.caFile) await checkCaFile(input.caFile);
  if (input.type === 'upload' && input.replyPath) {
    throw new CoreError('invalid-input', 'A reply path only applies to upload-reply jobs.');
  }
  return {
    id: context.id,
    type: input.type,
    state: input.suspended ? 'suspended' : 'queued',
    priority: input.priority,
    queueOrder: context.queueOrder,
    filePath,
    url: input.url,
    headers,
    credentials: input.credentials,
    replyPath: input.type === 'upload-reply' ? replyPathFor(input, filePath, context) : undefined,
    holdCompletion: input.holdCompletion,
    options: {
      retry: input.retry,
      fragmentSize: input.fragmentSize,
      caFile: input.caFile ? resolve(input.caFile) : undefined,
      ...jobProxyOptions(input.proxy, input.proxyCredentials),
    },
    bytesTotal: info.size,
    bytesAcked: 0,
    attempts: 0,
    cancelPending: false,
    createdAt: context.now,
    updatedAt: context.now,
  };
}

function validateUrl(raw: string): void {
  try {
    parseDestination(raw);
  } catch (error) {
    throw new CoreError('invalid-input', (error as Error).message);
  }
}

/** The user's chosen path, or a name the app chooses in the reply folder (never one the server chose). */
function replyPathFor(input: AddJobRequest, filePath: string, context: NewJobContext): string {
  if (input.replyPath) return isAbsolute(input.replyPath) ? input.replyPath : resolve(input.replyPath);
  const safe = fileNameOf(filePath)
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .slice(0, 120);
  return join(context.repliesDir, `${safe}.${context.id.slice(0, 8)}.reply`);
}

function validHeaders(headers: Array<[string, string]>): Array<[string, string]> {
  return headers.map(([name, value]) => {
    try {
      return parseHeaderLine(`${name}: ${value}`);
    } catch (error) {
      throw new CoreError('invalid-input', (error as Error).message);
    }
  });
}

async function checkCaFile(caFile: string): Promise<void> {
  const ca = await stat(caFile).catch(() => {
    throw new CoreError('invalid-input', `The CA certificate file ${caFile} does not exist.`);
  });
  if (!ca.isFile()) throw new CoreError('invalid-input', `The CA certificate ${caFile} is not a file.`);
}

/**
 * The record fields that change when a job's connection settings do, validated like add(), or
 * an empty object when nothing differs (so an unchanged re-run does not restart a transfer).
 */
export async function settingsPatch(
  record: JobRecord,
  changes: UpdateJobRequest,
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
  if (canonical(options) !== canonical(record.options)) {
    patch.options = options;
  }
  if (changes.replyPath !== undefined) {
    if (record.type !== 'upload-reply')
      throw new CoreError('invalid-input', 'A reply path only applies to upload-reply jobs.');
    const replyPath = resolve(changes.replyPath);
    if (replyPath !== record.replyPath) {
      if (record.session?.replyDone) {
        throw new CoreError('invalid-state', `The reply was already saved at ${record.replyPath}.`);
      }
      patch.replyPath = replyPath;
    }
  }
  return patch;
}

/** Options as text independent of key order and of keys set to undefined. */
function canonical(options: object): string {
  const entries = Object.entries(options).filter(([, value]) => value !== undefined);
  return JSON.stringify(entries.sort(([a], [b]) => a.localeCompare(b)));
}
