import {
  ERROR_CONTEXT,
  formatHresult,
  HRESULT,
  httpStatusToHresult,
  parseHresult,
} from '../../shared/bits-codes.js';
import { BitsError, type ErrorClass, type ErrorEvidence, type ErrorPhase } from './errors.js';
import { challengeValues, offeredSchemes, parseChallenges } from './http/auth/challenge.js';
import { chooseScheme, SPOKEN } from './http/auth/negotiator.js';
import { errorFromProxy } from './http/proxy-errors.js';
import type { HeaderBag } from './http/transport.js';
import { TransportError } from './http/transport.js';
import { explainTls } from './tls-explain.js';

/** The BITS error code an Ack carries: BITS-Error-Code first, then BITS-Error (§5.1). */
export function ackErrorCode(headers: HeaderBag): number | undefined {
  return parseHresult(headers.get('BITS-Error-Code')) ?? parseHresult(headers.get('BITS-Error'));
}

export function ackErrorContext(headers: HeaderBag): number | undefined {
  return parseHresult(headers.get('BITS-Error-Context'));
}

/**
 * Transient or fatal for a failed HTTP answer (§5.6.1). Server-application errors (context 0x7)
 * follow the documented application table; the BITS server's own errors follow our [REC] table.
 */
export function classifyStatus(
  status: number,
  code: number | undefined,
  context: number | undefined,
): ErrorClass {
  if (code === HRESULT.ERROR_DISK_FULL || code === HRESULT.ERROR_DISK_FULL_AS_PRINTED) return 'transient';
  if (code === HRESULT.BG_E_TOO_LARGE) return 'fatal';
  if (context === ERROR_CONTEXT.REMOTE_APPLICATION) {
    if (status >= 300 && status < 400)
      return [300, 301, 302, 303, 304, 305, 307].includes(status) ? 'fatal' : 'transient';
    if (status >= 400 && status < 500) return status === 408 || status === 409 ? 'transient' : 'fatal';
    if (status >= 500 && status < 600) return status === 501 || status === 505 ? 'fatal' : 'transient';
    return 'transient';
  }
  if (status === 408 || status === 429) return 'transient';
  if (status >= 500 && status < 600) return status === 501 || status === 505 ? 'fatal' : 'transient';
  return 'fatal';
}

/** Plain words for an HTTP failure, and what the user can do about it. */
function describeStatus(
  status: number,
  code: number | undefined,
  context: number | undefined,
): [string, string?] {
  if (context === ERROR_CONTEXT.REMOTE_APPLICATION) {
    return [
      `The server accepted the file, but the application behind it reported an error (HTTP ${status}).`,
      'The server-side program that processes uploads failed. Contact the server administrator if it keeps happening.',
    ];
  }
  if (code === HRESULT.ERROR_DISK_FULL || code === HRESULT.ERROR_DISK_FULL_AS_PRINTED) {
    return ['The server is out of disk space.', 'The upload will resume once the server has room again.'];
  }
  if (code === HRESULT.BG_E_TOO_LARGE) {
    return [
      'The file is larger than this server accepts (BITSMaximumUploadSize).',
      'Ask the server administrator to raise the upload limit, or send a smaller file.',
    ];
  }
  if (status === 501 && code === HRESULT.E_ACCESSDENIED) {
    return [
      'BITS uploads are not enabled at this URL (HTTP 501).',
      'Ask the administrator to enable BITS uploads on the IIS virtual directory, or check the URL.',
    ];
  }
  switch (status) {
    case 400:
      return [
        'The server rejected the request as malformed (HTTP 400).',
        'The server did not understand this request; check the URL and any custom headers.',
      ];
    case 401:
      return [
        'The server requires authentication (HTTP 401).',
        'Give a user name and password (--user name:password; a domain account as DOMAIN\\user or user@domain), or check that they are right.',
      ];
    case 403:
      return [
        'The server refused the upload: access denied, or a file with that name already exists and may not be overwritten (HTTP 403).',
        'Check your permissions on the server, or upload under another name.',
      ];
    case 404:
      return [
        'The server has no BITS upload endpoint at this URL, or the file is larger than its limit (HTTP 404).',
        'Check the URL; on IIS 7+ a 404 can also mean BITS uploads are not enabled or the size limit was hit.',
      ];
    case 405:
    case 501:
      return [
        `The server (or a proxy) does not accept the BITS_POST method (HTTP ${status}).`,
        'This URL is not a BITS upload endpoint, or a proxy or URL filter (e.g. UrlScan) blocks BITS_POST.',
      ];
    case 407:
      return ['A proxy requires authentication (HTTP 407).', 'Configure proxy credentials.'];
    case 408:
      return ['The server timed out waiting (HTTP 408).', 'The upload will be retried.'];
    case 409:
      return [
        'A file with that name already exists on the server and may not be overwritten (HTTP 409).',
        'Upload under another name, or ask the administrator to allow overwrites.',
      ];
    case 411:
      return ['The server says the request had no length (HTTP 411).', 'A proxy may be rewriting requests.'];
    case 413:
      return [
        'The server refuses even the smallest fragment size (HTTP 413).',
        'The server or a proxy limits request sizes below what BITS can work with.',
      ];
    case 429:
      return ['The server is busy and asked us to slow down (HTTP 429).', 'The upload will be retried.'];
    case 505:
      return ['The server does not support HTTP/1.1 (HTTP 505).', 'BITS needs an HTTP/1.1 server.'];
    default:
      if (status >= 300 && status < 400) {
        return [
          `The server redirected the request (HTTP ${status}); BITS uploads are never redirected.`,
          'Use the final URL of the upload endpoint directly.',
        ];
      }
      if (status >= 500) {
        return [`The server had a problem (HTTP ${status}).`, 'The upload will be retried.'];
      }
      return [`The server answered HTTP ${status}.`];
  }
}

/**
 * IIS answers 403.7 ("client certificate required") or 403.16/403.17 (not trusted, expired)
 * when it asks for certificates after the handshake; the sub-status shows in the text or body.
 */
function clientCertStatus(failure: StatusFailure): [string, string] | undefined {
  if (failure.status !== 403) return undefined;
  const text = `${failure.statusText} ${failure.evidence.body ?? ''}`;
  if (/\b403\.7\b|client certificate (is )?required/i.test(text)) {
    return [
      'The server requires a client certificate (HTTP 403.7).',
      'Give your certificate with --cert <file.pem> --key <file.pem>, or --pfx <file.p12>.',
    ];
  }
  if (/\b403\.1[67]\b/.test(text)) {
    return [
      'The server refused the client certificate: it is not trusted or has expired (HTTP 403.16/403.17).',
      'Check that the certificate is the one the server expects and is still valid.',
    ];
  }
  return undefined;
}

export interface StatusFailure {
  status: number;
  statusText: string;
  headers: HeaderBag;
  /** What authentication tried before this 401 (HttpResponse.authAttempts). */
  authAttempts?: readonly string[];
  phase: ErrorPhase;
  evidence: ErrorEvidence;
}

/**
 * Whether a 401 came after more than one way of authenticating failed (Kerberos, then NTLM):
 * its message then names each; a single refused scheme keeps the plain "rejected" words.
 */
export function triedSeveralWays(attempts: readonly string[] | undefined): attempts is readonly string[] {
  return (attempts?.length ?? 0) > 1;
}

/** Turns a failed HTTP answer into a classified BitsError carrying the server's code and context. */
export function errorFromStatus(failure: StatusFailure): BitsError {
  const { status, headers, phase } = failure;
  const serverCode = ackErrorCode(headers);
  const context = ackErrorContext(headers);
  const code = serverCode && serverCode !== 0 ? serverCode : httpStatusToHresult(status);
  let [message, hint] = clientCertStatus(failure) ?? describeStatus(status, serverCode, context);
  if (serverCode !== undefined && serverCode !== 0) message += ` BITS error ${formatHresult(serverCode)}.`;
  if (status >= 300 && status < 400 && headers.get('Location'))
    message += ` Location: ${headers.get('Location')}`;
  if (status === 401 && triedSeveralWays(failure.authAttempts)) {
    message = `The server refused every way this client tried to authenticate (HTTP 401): ${failure.authAttempts.join('; then ')}.`;
    hint =
      'Check the user name and password (--user name:password; a domain account as DOMAIN\\user or user@domain). For Kerberos, check that you have a ticket for this realm (kinit, klist) and that the server name in the URL is the one its service principal names.';
  } else if (status === 401 || status === 407) {
    const challenges = parseChallenges(challengeValues(headers.raw, status === 407));
    const offered = offeredSchemes(challenges);
    if (offered.length > 0 && !chooseScheme(challenges, { kerberos: true })) {
      message = `${status === 407 ? 'A proxy' : 'The server'} asks for ${offered.join(', ')} authentication, which this client does not support (HTTP ${status}).`;
      hint = `This client speaks ${SPOKEN.join(', ')}; ask the administrator to enable one of them.`;
    } else if (offered.length > 0) {
      // Scheme names are tokens: nothing a hostile server puts in the header reaches the words.
      message += ` It asks for ${offered.join(', ')}.`;
    }
  }
  return new BitsError(message, {
    code,
    context: context ?? ERROR_CONTEXT.REMOTE_FILE,
    // Close/Cancel-Session are re-sent on 5xx only; any 1xx-4xx answer ends them (§4.5, §4.6).
    classification:
      (phase === 'close' || phase === 'cancel') && status < 500
        ? 'fatal'
        : classifyStatus(status, serverCode, context),
    phase,
    httpStatus: status,
    hint,
    evidence: failure.evidence,
  });
}

/** Turns a failed exchange (no usable answer) into a classified BitsError. */
export function errorFromTransport(error: TransportError, phase: ErrorPhase, request: string): BitsError {
  const evidence: ErrorEvidence = { request, detail: error.details.code ?? error.message };
  if (error.details.evidence) evidence.body = error.details.evidence;
  const transient = (message: string, code: number, hint?: string) =>
    new BitsError(message, {
      code,
      context: ERROR_CONTEXT.GENERAL_TRANSPORT,
      classification: 'transient',
      phase,
      hint,
      evidence,
      cause: error,
    });
  switch (error.kind) {
    case 'connect':
      return transient(
        `Could not connect to the server (${error.details.code ?? error.message}).`,
        HRESULT.BG_E_CONNECT_FAILURE,
        'Check the network connection and the server address; the upload will be retried.',
      );
    case 'reset':
      return transient(
        'The connection to the server was closed before it answered.',
        HRESULT.BG_E_CONNECTION_CLOSED,
        'The upload will resume from what the server has acknowledged.',
      );
    case 'send-timeout':
      return transient('Sending to the server stalled and timed out.', HRESULT.ERROR_WINHTTP_TIMEOUT);
    case 'response-timeout':
      return transient('The server did not answer in time.', HRESULT.ERROR_WINHTTP_TIMEOUT);
    case 'tls': {
      const explained = explainTls(error, hostOf(request));
      return new BitsError(explained.message, {
        code: HRESULT.ERROR_WINHTTP_SECURE_FAILURE,
        context: ERROR_CONTEXT.GENERAL_TRANSPORT,
        classification: 'fatal',
        phase,
        hint: explained.hint,
        evidence: {
          ...evidence,
          detail: [
            evidence.detail,
            explained.certificate,
            explained.clientCertificate && `client certificate: ${explained.clientCertificate}`,
          ]
            .filter(Boolean)
            .join('; '),
        },
        cause: error,
      });
    }
    case 'malformed':
    case 'too-large':
      return new BitsError(`The server sent an answer that is not valid HTTP: ${error.message}.`, {
        code: HRESULT.BG_E_INVALID_SERVER_RESPONSE,
        context: ERROR_CONTEXT.REMOTE_FILE,
        classification: 'fatal',
        phase,
        hint: 'This URL may not be a BITS server, or something between us and it is corrupting traffic.',
        evidence,
        cause: error,
      });
    case 'proxy':
      return errorFromProxy(error, phase, evidence);
    case 'auth':
      return new BitsError(
        `The server did not prove who it is: ${error.message}. The request was not trusted.`,
        {
          code: HRESULT.E_ACCESSDENIED,
          context: ERROR_CONTEXT.GENERAL_TRANSPORT,
          classification: 'fatal',
          phase,
          hint: "Kerberos mutual authentication failed: something may be impersonating the server, or its service key changed. Ask the server's administrator before trying again.",
          evidence,
          cause: error,
        },
      );
    case 'aborted':
      return new BitsError('The transfer was stopped.', {
        code: HRESULT.E_ABORT,
        context: ERROR_CONTEXT.NONE,
        classification: 'transient',
        phase,
        evidence,
        cause: error,
      });
  }
}

/** The host of "BITS_POST https://host:port/path" (how requests are described), for messages. */
function hostOf(request: string): string {
  const url = /\bhttps?:\/\/[^\s]+/.exec(request)?.[0];
  try {
    return url ? new URL(url).hostname : 'the server';
  } catch {
    return 'the server';
  }
}

/** Any error to a BitsError (unknown failures are treated as transient transport trouble). */
export function toBitsError(error: unknown, phase: ErrorPhase, request: string): BitsError {
  if (error instanceof BitsError) return error;
  if (error instanceof TransportError) return errorFromTransport(error, phase, request);
  return new BitsError(`Unexpected failure: ${error instanceof Error ? error.message : String(error)}`, {
    code: HRESULT.E_FAIL,
    context: ERROR_CONTEXT.UNKNOWN,
    classification: 'transient',
    phase,
    evidence: { request },
    cause: error,
  });
}
