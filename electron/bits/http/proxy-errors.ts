import { ERROR_CONTEXT, HRESULT, httpStatusToHresult } from '../../../shared/bits-codes.js';
import { BitsError, type ErrorEvidence, type ErrorPhase } from '../errors.js';
import type { PacError } from './pac-script.js';
import { describeProxy, type ProxyEndpoint } from './proxy-config.js';
import { type ProxyFailure, TransportError } from './transport.js';

const WORDS: Record<ProxyFailure['cause'], (failure: ProxyFailure, detail: string) => [string, string]> = {
  unreachable: (f, detail) => [
    `Could not connect to the proxy ${f.proxy} (${detail}).`,
    'Check the proxy address and port (the proxy setting, --proxy, or HTTPS_PROXY / HTTP_PROXY), and that the proxy is running.',
  ],
  'auth-required': (f) => [
    `The proxy ${f.proxy} requires authentication (HTTP 407).`,
    'Give the proxy user name and password (in the proxy URL, or with --proxy-user name:password).',
  ],
  'auth-refused': (f) => [
    `The proxy ${f.proxy} refused the proxy user name or password (HTTP 407).`,
    'Check the proxy credentials.',
  ],
  'auth-unsupported': (f, detail) => [
    `The proxy ${f.proxy} asks for ${detail} authentication, which this client does not speak (HTTP 407).`,
    'This client answers proxies with Negotiate, NTLM, Digest or Basic; ask the proxy administrator to enable one of them.',
  ],
  'connect-refused': (f, detail) => [
    `The proxy ${f.proxy} refused to open a tunnel to the server (${detail}).`,
    'The proxy may not allow HTTPS to this host or port; ask its administrator, or bypass the proxy for this host.',
  ],
  timeout: (f, detail) => [
    `The proxy ${f.proxy} did not answer in time (${detail}).`,
    'The proxy may be overloaded or unable to reach the server; the upload will be retried.',
  ],
  'bad-gateway': (f, detail) => [
    `The proxy ${f.proxy} could not reach the server (${detail}).`,
    'Check that the server address is right and reachable from the proxy; the upload will be retried.',
  ],
  'pac-unavailable': (_f, detail) => [
    detail,
    'Check the PAC address (the PAC setting or --proxy-pac) and that it can be reached; the upload will be retried.',
  ],
  'pac-broken': (_f, detail) => [
    detail,
    'Fix the PAC file (its FindProxyForURL function), or give a proxy with --proxy instead.',
  ],
};

/** A PAC file that could not be had or run, as a proxy failure naming the file. */
export function pacFailure(error: PacError): TransportError {
  const cause = error.reason === 'broken' ? 'pac-broken' : 'pac-unavailable';
  const failure: ProxyFailure = { proxy: error.location, cause, detail: error.message };
  return new TransportError('proxy', error.message, { proxy: failure, cause: error });
}

/** A failure of the proxy itself, as a TransportError naming the proxy (never its credentials). */
export function proxyError(
  proxy: ProxyEndpoint,
  cause: ProxyFailure['cause'],
  detail: string,
  answer: { status?: number; statusLine?: string; code?: string } = {},
): TransportError {
  const failure: ProxyFailure = { proxy: describeProxy(proxy), cause, detail, status: answer.status };
  if (answer.statusLine) failure.statusLine = answer.statusLine;
  return new TransportError('proxy', WORDS[cause](failure, detail)[0], { code: answer.code, proxy: failure });
}

/** Retrying helps when the proxy is down or slow; not when it wants credentials or forbids the tunnel. */
const TRANSIENT: ReadonlySet<ProxyFailure['cause']> = new Set([
  'unreachable',
  'timeout',
  'bad-gateway',
  'pac-unavailable',
]);

export function errorFromProxy(error: TransportError, phase: ErrorPhase, evidence: ErrorEvidence): BitsError {
  const failure = error.details.proxy!;
  const [message, hint] = WORDS[failure.cause](failure, failure.detail);
  const auth =
    failure.cause === 'auth-required' ||
    failure.cause === 'auth-refused' ||
    failure.cause === 'auth-unsupported';
  return new BitsError(message, {
    // 407 maps to BITS' HTTP-status range like any status; the rest is a failure to connect.
    code: auth ? httpStatusToHresult(407) : HRESULT.BG_E_CONNECT_FAILURE,
    context: ERROR_CONTEXT.GENERAL_TRANSPORT,
    classification: TRANSIENT.has(failure.cause) ? 'transient' : 'fatal',
    phase,
    httpStatus: failure.status,
    hint,
    evidence: failure.statusLine ? { ...evidence, statusLine: failure.statusLine } : evidence,
    cause: error,
  });
}
