import { errorFromTransport, toBitsError } from '../classify.js';
import { type BitsError, isAbortError } from '../errors.js';
import type { HttpResponse, HttpTransport } from '../http/transport.js';
import { TransportError } from '../http/transport.js';
import type { OriginPolicy } from '../origin-policy.js';
import { redirectError, replyStatusError, responseEvidence } from './reply-errors.js';

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface ReplyRequestContext {
  transport: HttpTransport;
  policy: OriginPolicy;
  /** The reply URL itself: redirects within its own origin are safe even when it is not trusted. */
  replyUrl: URL;
  signal?: AbortSignal;
  timeouts: { sendTimeoutMs: number; responseTimeoutMs: number };
}

export interface SentRequest {
  response: HttpResponse;
  /** Where the answer finally came from, after redirects. */
  url: URL;
  /** For error evidence, e.g. "GET http://host/r.bin (bytes=0-99)". */
  description: string;
}

/** Any failure of the exchange itself as a reply-phase BitsError; aborts keep their own code. */
export function exchangeError(error: unknown, description: string): BitsError {
  if (error instanceof TransportError) return errorFromTransport(error, 'reply', description);
  if (isAbortError(error)) {
    return errorFromTransport(
      new TransportError('aborted', 'aborted', { cause: error }),
      'reply',
      description,
    );
  }
  return toBitsError(error, 'reply', description);
}

/**
 * Lets go of a response whose body we do not need. A body known to be empty (HEAD, 204, 304,
 * Content-Length: 0) is read to its end, which hands the keep-alive connection back cleanly;
 * anything else goes through discard(), which may close the connection instead.
 */
export async function release(method: string, response: HttpResponse): Promise<void> {
  const empty =
    method === 'HEAD' ||
    response.status === 204 ||
    response.status === 304 ||
    response.headers.get('Content-Length')?.trim() === '0';
  if (!empty) {
    await response.discard();
    return;
  }
  try {
    for await (const _ of response.body()) {
      // Nothing should arrive; anything that does is not ours to keep.
    }
  } catch {
    await response.discard().catch(() => undefined);
  }
}

/**
 * Sends one HEAD or GET for the reply, following redirects only to origins that may see the job's
 * credentials (or that stay on the reply URL's own origin, where nothing secret is sent anyway).
 * Returns the first non-redirect answer; its body is the caller's to read or discard.
 */
export async function sendReplyRequest(
  ctx: ReplyRequestContext,
  method: 'HEAD' | 'GET',
  headers: Array<[string, string]>,
  note?: string,
): Promise<SentRequest> {
  let url = ctx.replyUrl;
  for (let redirects = 0; ; redirects++) {
    const description = `${method} ${url.href}${note ? ` (${note})` : ''}`;
    let response: HttpResponse;
    try {
      response = await ctx.transport.request({
        method,
        url,
        // Looked up per hop: a redirect may move us to an origin that must not see the secrets.
        headers: [...headers, ...ctx.policy.headersFor(url)],
        sendTimeoutMs: ctx.timeouts.sendTimeoutMs,
        responseTimeoutMs: ctx.timeouts.responseTimeoutMs,
        signal: ctx.signal,
      });
    } catch (error) {
      throw exchangeError(error, description);
    }
    if (!REDIRECT_STATUSES.has(response.status)) return { response, url, description };

    const location = response.headers.get('Location');
    const evidence = responseEvidence(description, response);
    await release(method, response);
    if (location === undefined || location.trim() === '') throw replyStatusError(description, response);
    let target: URL;
    try {
      target = new URL(location.trim(), url);
    } catch {
      throw redirectError(response.status, JSON.stringify(location), 'which is not a valid URL', evidence);
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw redirectError(response.status, target.href, 'which is not an http or https URL', evidence);
    }
    if (target.username !== '' || target.password !== '') {
      throw redirectError(response.status, target.origin, 'a URL carrying a user name or password', evidence);
    }
    if (!ctx.policy.isTrusted(target) && target.origin !== ctx.replyUrl.origin) {
      throw redirectError(
        response.status,
        target.href,
        'a different server than the one the file was uploaded to',
        evidence,
      );
    }
    if (redirects + 1 > MAX_REDIRECTS) {
      throw redirectError(
        response.status,
        target.href,
        `after ${MAX_REDIRECTS} redirects already`,
        evidence,
        'The server redirects in a loop or too many times; ask its administrator.',
      );
    }
    target.hash = '';
    url = target;
  }
}
