import type { z } from 'zod';
import {
  CHANNELS,
  type Channel,
  type ChannelResponse,
  dispatch,
  type HOST_CHANNELS,
  type HostChannel,
  isChannel,
  isHostChannel,
} from '../../shared/contract/channels.js';
import { type Core, CoreError } from '../../shared/contract/core-api.js';
import { assertSameOrigin } from '../core.js';
import { browseFolder } from './browse-folder.js';
import { checkDestination } from './check-destination.js';
import type { HostServices } from './host-services.js';
import { listFolder } from './list-folder.js';
import { replyFileOf } from './reply-files.js';
import { previewReply } from './reply-preview.js';

/** What a host-level channel runs on: the core and the host's own services. */
export interface HostContext {
  core: Core;
  host: HostServices;
}

type HostHandlers = {
  [C in HostChannel]: (
    context: HostContext,
    request: z.output<(typeof HOST_CHANNELS)[C]['request']>,
  ) => Promise<ChannelResponse<C>>;
};

const HOST_HANDLERS: HostHandlers = {
  'replies:open': async ({ core, host }, { jobId }) => {
    await host.openPath((await replyFileOf(core, jobId)).path);
    return null;
  },
  'replies:reveal': async ({ core, host }, { jobId }) => {
    await host.revealPath((await replyFileOf(core, jobId)).path);
    return null;
  },
  'replies:preview': async ({ core }, { jobId }) => previewReply(await replyFileOf(core, jobId)),
  'replies:download': async ({ core }, { jobId }) => {
    const { fileName, bytes } = await replyFileOf(core, jobId);
    return { fileName, bytes };
  },
  'destinations:check': async ({ core, host }, { destinationId, ...request }) => {
    const network = {
      settings: await core.queries.settings(),
      env: host.env ?? process.env,
      createTransport: host.createTransport,
    };
    if (destinationId === undefined) return checkDestination(request, network);
    // The saved headers, password, certificate and pins fill in what the client did not give (it never saw them).
    const saved = await core.queries.destinationSecrets(destinationId);
    assertSameOrigin(request.url, saved.url);
    return checkDestination(
      {
        ...request,
        headers: request.headers.length > 0 ? request.headers : saved.headers,
        credentials: request.credentials ?? saved.credentials,
        clientCert: request.clientCert ?? saved.clientCert,
        pins: request.pins ?? saved.pins,
      },
      network,
    );
  },
  'files:browse': ({ host }, request) => browseFolder({ ...request, allowed: host.allowedFolders }),
  'files:list-folder': ({ host }, request) => listFolder({ ...request, allowed: host.allowedFolders }),
  'files:pick': async ({ host }, { kind }) => {
    if (!host.pickFiles) {
      throw new CoreError(
        'unsupported',
        'This host has no desktop to show an open dialog on.',
        'Browse the host’s files, or send files from this browser.',
      );
    }
    return host.pickFiles(kind);
  },
  'files:stage': async ({ host }) => {
    throw new CoreError(
      'unsupported',
      'Files are staged by sending their bytes, not through this channel.',
      host.maxStageBytes > 0
        ? 'Send the file with PUT /api/stage/<file name>?size=<bytes>.'
        : 'This host reads files from their paths: add them with jobs:add.',
    );
  },
  'files:reveal': async ({ core, host }, { jobId }) => {
    const detail = await core.queries.get(jobId);
    if (!detail) throw new CoreError('not-found', 'That job is gone, so there is no file of it to show.');
    await host.revealPath(detail.job.filePath);
    return null;
  },
  'app:info': async ({ core, host }) => ({
    version: host.version,
    dataDir: core.dataDir,
    hostKind: host.kind,
    capabilities: host.capabilities,
    maxStageBytes: host.maxStageBytes,
  }),
};

/**
 * Every host's one entry for a contract call (Electron IPC, HTTP, the control socket): an
 * unknown name is 'unknown-channel', the payload is validated against the channel's schema
 * (a ZodError means the sender broke the contract), then the core or the host runs it.
 */
export async function dispatchHost<C extends Channel>(
  context: HostContext,
  channel: C,
  payload: unknown,
): Promise<ChannelResponse<C>> {
  if (typeof channel !== 'string' || !isChannel(channel)) {
    throw new CoreError('unknown-channel', `There is no channel named “${String(channel).slice(0, 100)}”.`);
  }
  if (!isHostChannel(channel)) return dispatch(context.core, channel, payload) as Promise<ChannelResponse<C>>;
  const request = CHANNELS[channel].request.parse(payload ?? {});
  const handler = HOST_HANDLERS[channel] as (
    context: HostContext,
    request: unknown,
  ) => Promise<ChannelResponse<C>>;
  return handler(context, request);
}

/** For hosts without a desktop (serve): opening or revealing a file on the host cannot work. */
export function unsupportedOnThisHost(what: string): Promise<never> {
  return Promise.reject(
    new CoreError(
      'unsupported',
      `This BITS Uploader runs without a desktop, so it cannot ${what}.`,
      'Download the reply to open it on your computer.',
    ),
  );
}
