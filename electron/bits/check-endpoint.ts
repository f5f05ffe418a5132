import { formatHresult, HRESULT, UPLOAD_PROTOCOL_GUID } from '../../shared/bits-codes.js';
import { freshSessionState } from '../../shared/session-state.js';
import { cancelUploadSession } from './cancel-session.js';
import { ackErrorCode, errorFromStatus, toBitsError, triedSeveralWays } from './classify.js';
import { parseDestination } from './destination.js';
import { type BitsError, type ErrorEvidence, protocolError } from './errors.js';
import { challengeValues, offeredSchemes, parseChallenges } from './http/auth/challenge.js';
import { chooseScheme, SPOKEN } from './http/auth/negotiator.js';
import type { HttpResponse, HttpTransport } from './http/transport.js';
import { TransportError } from './http/transport.js';
import { type JobAuth, OriginPolicy } from './origin-policy.js';
import {
  BITS_METHOD,
  describeRequest,
  expectAck,
  isAck,
  type PacketType,
  packetHeaders,
  readExcerpt,
  responseEvidence,
} from './packets.js';
import { explainTls } from './tls-explain.js';
import type { Timeouts } from './upload-options.js';

/** 'protocol': a BITS server that broke the protocol; 'other': anything else (5xx, resets). */
export type CheckProblemKind =
  | 'unreachable'
  | 'proxy'
  | 'tls'
  | 'auth'
  | 'not-enabled'
  | 'not-bits'
  | 'forbidden'
  | 'protocol'
  | 'other';

export interface CheckStep {
  packet: string;
  status?: number;
  ok: boolean;
  detail: string;
}

export interface CheckProblem {
  kind: CheckProblemKind;
  message: string;
  hint: string;
  httpStatus?: number;
  /** The BITS error code (HRESULT as 0x...) the classification arrived at. */
  code?: string;
  evidence?: ErrorEvidence;
}

export interface CheckReport {
  /** True when the endpoint accepts BITS uploads with these settings. */
  ok: boolean;
  url: string;
  steps: CheckStep[];
  problem?: CheckProblem;
  sessionId?: string;
  hostId?: string;
  /** How the check reached the server: "direct", or the proxy and where it came from. */
  proxy?: string;
  /** The authentication scheme the server asked for and we answered ("NTLM", "Digest (SHA-256)"). */
  auth?: string;
}

export interface CheckEndpointOptions {
  url: string;
  transport: HttpTransport;
  auth?: JobAuth;
  timeouts?: Partial<Timeouts>;
  signal?: AbortSignal;
}

/** A preflight should answer quickly: these are far shorter than an upload's timeouts. */
export const CHECK_TIMEOUTS: Timeouts = { sendTimeoutMs: 15_000, responseTimeoutMs: 30_000 };

/**
 * Preflight of a BITS upload URL: Ping, Create-Session, then Cancel-Session so no session is
 * left behind. Never throws for what the server does; the report says what went wrong, in
 * plain words, with the raw evidence attached.
 */
export async function checkEndpoint(options: CheckEndpointOptions): Promise<CheckReport> {
  const url = parseDestination(options.url);
  url.hash = '';
  const auth = options.auth ?? { headers: [] };
  const policy = new OriginPolicy(url, auth);
  const timeouts = { ...CHECK_TIMEOUTS, ...options.timeouts };
  const report: CheckReport = { ok: false, url: url.href, steps: [] };
  const credentialsGiven = auth.credentials !== undefined;
  let lastStatus: number | undefined;
  const authenticated = policy.authenticated(options.transport);
  // Records the status of every answer, including the ones cancelUploadSession reads.
  const transport: HttpTransport = {
    request: async (request) => {
      const response = await authenticated.request(request);
      lastStatus = response.status;
      return response;
    },
    resetConnection: (origin) => authenticated.resetConnection(origin),
    close: () => authenticated.close(),
  };

  const passed = (packet: PacketType, status: number, detail: string) =>
    report.steps.push({ packet, status, ok: true, detail });
  const noteAuth = () => {
    const used = authenticated.schemeUsed(url.origin);
    if (used) {
      report.auth =
        used.mechanism && used.mechanism !== used.scheme ? `${used.scheme} (${used.mechanism})` : used.scheme;
    }
  };
  const fail = (packet: PacketType, problem: CheckProblem): CheckReport => {
    noteAuth();
    report.steps.push({ packet, status: problem.httpStatus, ok: false, detail: problem.message });
    report.problem = problem;
    return report;
  };

  async function send(packet: PacketType) {
    const request = describeRequest(packet, url);
    lastStatus = undefined;
    try {
      const response = await transport.request({
        method: BITS_METHOD,
        url,
        headers: [...packetHeaders(packet), ...policy.headersFor(url)],
        sendTimeoutMs: timeouts.sendTimeoutMs,
        responseTimeoutMs: timeouts.responseTimeoutMs,
        signal: options.signal,
      });
      return { response, request };
    } catch (error) {
      return { problem: transportProblem(error, request, url) };
    }
  }

  const ping = await send('Ping');
  if (ping.problem) return fail('Ping', ping.problem);
  const pingProblem = await answerProblem(ping.response, ping.request, credentialsGiven);
  if (pingProblem) return fail('Ping', pingProblem);
  passed('Ping', ping.response.status, 'the server answered with a BITS Ack');

  const create = await send('Create-Session');
  if (create.problem) return fail('Create-Session', create.problem);
  const { response } = create;
  const sessionId = response.headers.get('BITS-Session-Id')?.trim() || undefined;
  const hostId = response.headers.get('BITS-Host-Id')?.trim() || undefined;
  const createProblem =
    (await answerProblem(response, create.request, credentialsGiven, url)) ??
    sessionProblem(response, create.request, sessionId);
  if (createProblem) {
    fail('Create-Session', createProblem);
    // A broken Ack that still named a session: discard it all the same.
    if (sessionId) await cancelStep(sessionId, hostId);
    return report;
  }
  report.sessionId = sessionId;
  report.hostId = hostId;
  noteAuth();
  const where = hostId ? ` on farm node ${hostId}` : '';
  passed('Create-Session', response.status, `the server opened upload session ${sessionId}${where}`);
  await cancelStep(sessionId!, hostId);
  report.ok = true;
  return report;

  async function cancelStep(id: string, host: string | undefined): Promise<void> {
    lastStatus = undefined;
    const state = { ...freshSessionState(0, 0), sessionId: id, hostId: host };
    try {
      const outcome = await cancelUploadSession({
        url,
        state,
        transport,
        auth,
        timeouts,
        signal: options.signal,
      });
      const ok = outcome !== 'refused';
      const detail =
        outcome === 'refused'
          ? 'the server refused to discard the test session; it will expire on its own'
          : outcome === 'already-gone'
            ? 'the server had already forgotten the test session'
            : 'the test session was discarded';
      report.steps.push({ packet: 'Cancel-Session', status: lastStatus, ok, detail });
    } catch (error) {
      const bitsError = toBitsError(error, 'cancel', describeRequest('Cancel-Session', url));
      report.steps.push({
        packet: 'Cancel-Session',
        status: bitsError.httpStatus ?? lastStatus,
        ok: false,
        detail: `could not discard the test session (${bitsError.message}); it will expire on its own`,
      });
    }
  }
}

/** What is wrong with an answer to Ping or Create-Session, or undefined when it is a good Ack. */
async function answerProblem(
  response: HttpResponse,
  request: string,
  credentialsGiven: boolean,
  url?: URL,
): Promise<CheckProblem | undefined> {
  const success = response.status >= 200 && response.status <= 299;
  if (success && isAck(response)) {
    try {
      await expectAck(response, request, 'upload');
      return undefined;
    } catch (error) {
      return fromBitsError('protocol', toBitsError(error, 'upload', request));
    }
  }
  const excerpt = await readExcerpt(response);
  const evidence = responseEvidence(request, response, excerpt || undefined);
  const status = response.status;
  const { statusText, headers } = response;
  const error = success
    ? protocolError(`HTTP ${status} without a BITS Ack`, 'upload', evidence)
    : errorFromStatus({
        status,
        statusText,
        headers,
        authAttempts: response.authAttempts,
        phase: 'upload',
        evidence,
      });
  const speaksBits = response.headers.raw.some(([name]) => name.toLowerCase().startsWith('bits-'));
  const html =
    /html/i.test(response.headers.get('Content-Type') ?? '') || /^\s*<(!doctype|html)/i.test(excerpt);
  const problem = (kind: CheckProblemKind, message: string, hint: string) => ({
    ...fromBitsError(kind, error),
    ...{ message, hint, httpStatus: status },
  });

  if (status === 401 || status === 407) return authProblem(response, credentialsGiven, error);
  if (status === 403) {
    return problem(
      'forbidden',
      `The server refused access (HTTP 403)${ackErrorCode(response.headers) ? ` with BITS error ${formatHresult(error.code)}` : ''}.`,
      'Your account may not have write permission on this folder, or a file with this name exists and may not be overwritten. Ask the server administrator, or try another file name.',
    );
  }
  const notEnabled = 'BITS uploads are not enabled on this IIS virtual directory';
  if ((status === 501 && ackErrorCode(response.headers) === HRESULT.E_ACCESSDENIED) || status === 404) {
    return problem(
      'not-enabled',
      `${notEnabled} (HTTP ${status}), or nothing exists at this URL.`,
      'Check the URL. On IIS, the administrator enables "Allow clients to upload files" in the BITS Uploads settings of the virtual directory.',
    );
  }
  const notBits = 'This is a web server, but not a BITS upload endpoint';
  if (success) {
    return problem(
      'not-bits',
      `${notBits}: it answered HTTP ${status}${html ? ' with a web page' : ''} instead of a BITS Ack.`,
      'Check the URL: it should point at an IIS virtual directory (or other server) with BITS uploads enabled.',
    );
  }
  if (!speaksBits && (status === 405 || status === 501 || status === 400 || (html && status < 500))) {
    return problem(
      'not-bits',
      `${notBits}: it does not accept the BITS_POST method (HTTP ${status}).`,
      'Check the URL. If it is right, a proxy or URL filter (such as UrlScan) may be blocking BITS_POST.',
    );
  }
  if (url?.pathname.endsWith('/') && status === 400) {
    return problem(
      'protocol',
      error.message,
      'The URL must name the file to create on the server (…/folder/name.bin), not a folder.',
    );
  }
  // The upload hints ("will be retried", "smallest fragment size") describe a job; a check retries nothing.
  if (status >= 500) {
    return problem(
      'other',
      `The server had an internal problem (HTTP ${status}).`,
      'Try the check again later; if it keeps failing, ask the server administrator.',
    );
  }
  if (status === 413 || status === 429 || status === 408) {
    return problem(
      'other',
      `The server refused the request for now (HTTP ${status}).`,
      'Try the check again later; if it keeps failing, ask the server administrator.',
    );
  }
  return fromBitsError(speaksBits && status < 500 ? 'protocol' : 'other', error);
}

/** A 2xx Ack to Create-Session must carry a session id and the one protocol we speak. */
function sessionProblem(
  response: HttpResponse,
  request: string,
  sessionId: string | undefined,
): CheckProblem | undefined {
  const evidence = responseEvidence(request, response);
  if (!sessionId) {
    return {
      kind: 'protocol',
      message: 'The server acknowledged Create-Session but sent no session id (BITS-Session-Id).',
      hint: 'The server is not following the BITS upload protocol; uploads to it will fail.',
      httpStatus: response.status,
      evidence,
    };
  }
  const protocol = response.headers.get('BITS-Protocol')?.trim().toLowerCase();
  if (protocol !== undefined && protocol !== UPLOAD_PROTOCOL_GUID) {
    return {
      kind: 'protocol',
      message: `The server picked an upload protocol this client does not speak (${protocol}).`,
      hint: 'Only the BITS 1.5 upload protocol exists; the server or a proxy is misbehaving.',
      httpStatus: response.status,
      code: formatHresult(HRESULT.BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH),
      evidence,
    };
  }
  return undefined;
}

function authProblem(response: HttpResponse, credentialsGiven: boolean, error: BitsError): CheckProblem {
  const proxy = response.status === 407;
  // Every way tried failed: the error names them (Kerberos, then NTLM ...).
  if (!proxy && triedSeveralWays(response.authAttempts)) return fromBitsError('auth', error);
  const challenges = parseChallenges(challengeValues(response.headers.raw, proxy));
  const schemes = offeredSchemes(challenges);
  const asks = schemes.length > 0 ? ` It asks for ${schemes.join(', ')} authentication.` : '';
  const spoken = schemes.length === 0 || chooseScheme(challenges, { kerberos: true }) !== undefined;
  const who = proxy ? 'A proxy between this computer and the server requires' : 'The server requires';
  const message = !spoken
    ? `${proxy ? 'The proxy' : 'The server'} asks for ${schemes.join(', ')} authentication, which this client does not support (HTTP ${response.status}).`
    : credentialsGiven
      ? `${proxy ? 'The proxy' : 'The server'} rejected the user name and password (HTTP ${response.status}).${asks}`
      : `${who} a user name and password (HTTP ${response.status}), and none was given.${asks}`;
  const hint = !spoken
    ? `This client speaks ${SPOKEN.join(', ')}; ask the administrator to enable one of them on the ${proxy ? 'proxy' : 'BITS virtual directory'}.`
    : proxy
      ? 'Give the proxy user name and password (in the proxy URL, or with --proxy-user name:password).'
      : credentialsGiven
        ? 'Check the user name and password (--user name:password; a domain account as DOMAIN\\user or user@domain).'
        : 'Give them with --user name:password (you will be asked for the password if you leave it out).';
  return { ...fromBitsError('auth', error), message, hint };
}

const CONNECT_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused: nothing listens on that port',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** A failed exchange (no answer at all), in the words of the check. */
function transportProblem(error: unknown, request: string, url: URL): CheckProblem {
  const base = fromBitsError('other', toBitsError(error, 'upload', request));
  if (!(error instanceof TransportError)) return base;
  const as = (kind: CheckProblemKind, message: string, hint: string) => ({ ...base, kind, message, hint });
  const httpsHint = url.protocol === 'http:' ? ' If the server only speaks HTTPS, use an https:// URL.' : '';
  const code = error.details.code ?? '';
  switch (error.kind) {
    case 'connect':
      return as(
        'unreachable',
        `Could not connect to ${url.host} (${CONNECT_WORDS[code] ?? (code || error.message)}).`,
        'Check the host name and port, your network connection, and that the server is running.',
      );
    case 'send-timeout':
    case 'response-timeout':
      return as(
        'unreachable',
        `${url.host} did not answer in time.`,
        'The server may be down, overloaded, or behind a firewall that drops the connection.',
      );
    case 'tls': {
      const explained = explainTls(error, url.hostname);
      return { ...base, kind: 'tls', message: explained.message, hint: explained.hint };
    }
    case 'malformed':
    case 'too-large':
      return as(
        'not-bits',
        `The server at ${url.host} answered with something that is not valid HTTP.`,
        `This is probably not a web server, or not the right port.${httpsHint}`,
      );
    case 'reset':
      return as(
        'other',
        `${url.host} closed the connection without answering.`,
        `The server may reject the BITS_POST method or be restarting.${httpsHint}`,
      );
    case 'proxy':
      // The proxy's own words already name it and the cause.
      return { ...base, kind: 'proxy' };
    case 'auth':
      return { ...base, kind: 'auth' };
    case 'aborted':
      return as('other', 'The check was stopped.', '');
  }
}

function fromBitsError(kind: CheckProblemKind, error: BitsError): CheckProblem {
  return {
    kind,
    message: error.message,
    hint: error.hint ?? '',
    httpStatus: error.httpStatus,
    code: formatHresult(error.code),
    evidence: error.evidence,
  };
}
