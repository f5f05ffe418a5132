import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isChannel } from '../../shared/contract/channels.js';
import { CoreError } from '../../shared/contract/core-api.js';
import { dispatchHost, type HostContext } from '../host/dispatch-host.js';
import { replyFileOf } from '../host/reply-files.js';
import { httpStatusFor, toWireError } from '../host/wire-error.js';
import { readJsonBody } from './read-body.js';
import { checkRemoteRequest, type RemotePolicy } from './remote-policy.js';
import { answerAndDiscard, securityHeaders, sendError, sendJson } from './response-headers.js';
import type { StagingArea } from './staging.js';

export interface ApiDeps {
  context: HostContext;
  staging: StagingArea;
  policy: RemotePolicy;
  maxBodyBytes: number;
  log: (error: unknown) => void;
}

/** Answers an /api request that passed the access guards. */
export async function handleApi(
  deps: ApiDeps,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://serve.invalid');
  try {
    const stage = /^\/api\/stage\/([^/]+)$/.exec(url.pathname);
    const download = /^\/api\/replies\/([^/]+)\/download$/.exec(url.pathname);
    if (stage) {
      requireMethod(request, 'PUT');
      const fileName = decodeURIComponent(stage[1]!);
      const size = Number(url.searchParams.get('size') ?? request.headers['content-length']);
      sendJson(response, 200, await deps.staging.receive(fileName, size, request));
    } else if (download) {
      requireMethod(request, 'GET');
      await sendReply(deps, decodeURIComponent(download[1]!), response);
    } else {
      requireMethod(request, 'POST');
      sendJson(response, 200, await runChannel(deps, url.pathname.slice('/api/'.length), request));
    }
  } catch (error) {
    const wire =
      error instanceof URIError
        ? { code: 'invalid-input', message: 'The URL is malformed.' }
        : toWireError(error, deps.log);
    if (request.complete) sendError(response, httpStatusFor(wire.code), wire);
    else answerAndDiscard(request, response, httpStatusFor(wire.code), wire);
  }
}

async function runChannel(deps: ApiDeps, channel: string, request: IncomingMessage): Promise<unknown> {
  if (!isChannel(channel)) {
    throw new CoreError('unknown-channel', `There is no channel named “${channel.slice(0, 100)}”.`);
  }
  const payload = await readJsonBody(request, deps.maxBodyBytes);
  if (channel === 'files:stage') {
    throw new CoreError('unsupported', 'Send the file itself with PUT /api/stage/<file name>?size=<bytes>.');
  }
  await checkRemoteRequest(channel, payload, deps.policy);
  const result = await dispatchHost(deps.context, channel, payload);
  return result ?? null;
}

async function sendReply(deps: ApiDeps, jobId: string, response: ServerResponse): Promise<void> {
  const reply = await replyFileOf(deps.context.core, jobId);
  const stream = createReadStream(reply.path);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  response.writeHead(200, {
    ...securityHeaders(),
    'Content-Type': 'application/octet-stream',
    'Content-Length': reply.bytes,
    'Content-Disposition': contentDisposition(reply.fileName),
    'Cache-Control': 'no-store',
  });
  stream.on('error', () => response.destroy()).pipe(response);
}

/** `attachment` with an ASCII fallback name and the exact name in RFC 5987 form. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_').trim() || 'reply';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function requireMethod(request: IncomingMessage, method: string): void {
  if (request.method !== method) {
    throw new CoreError('invalid-input', `This route answers ${method} requests, not ${request.method}.`);
  }
}
