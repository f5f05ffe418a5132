import { ERROR_CONTEXT, HRESULT, parseHresult } from './bits-codes.js';
import { httpReason } from './error-http.js';
import type { JobError } from './jobs.js';

/**
 * A job's error in plain words (issue 7, "Errors in plain language"): a short reason for the row,
 * a sentence with the code for the details pane, what happens next, and what the user can do.
 * Covers the codes the protocol client and the engine produce (electron/bits/classify.ts,
 * errors.ts, reply-errors.ts, the engine's own). Pure: shared by the renderer and the CLI.
 */

/** The parts of a JobError the wording depends on. */
export type ErrorFacts = Pick<JobError, 'code' | 'context' | 'classification' | 'phase'> &
  Partial<Pick<JobError, 'httpStatus' | 'message' | 'hint'>>;

export interface ErrorExplanation {
  /** One line for the row: "The server forgot this upload session". */
  reason: string;
  /** The sentence for the details pane, code included: "The server forgot this upload session (0x8020001F)." */
  summary: string;
  /** What happens next: "It starts again from the beginning." */
  next: string;
  /** What the user can do (the engine's own hint when it has one). */
  hint?: string;
  /** Raw facts, for beneath the words. */
  codeName?: string;
  contextName: string;
}

/** A catalogue entry: the reason, and (optionally) what happens next per retry class. */
export interface Wording {
  reason: string;
  transient?: string;
  fatal?: string;
  todo?: string;
}

const ERROR_CRC = 0x80070017;
const HTTP_BASE = 0x80190000;

export const CODE_NAMES: Readonly<Record<number, string>> = {
  ...Object.fromEntries(Object.entries(HRESULT).map(([name, code]) => [code >>> 0, name])),
  [ERROR_CRC]: 'ERROR_CRC',
};

export const CONTEXT_NAMES: Readonly<Record<number, string>> = {
  [ERROR_CONTEXT.NONE]: 'none',
  [ERROR_CONTEXT.UNKNOWN]: 'unknown',
  [ERROR_CONTEXT.GENERAL_QUEUE_MANAGER]: 'the queue (this app)',
  [ERROR_CONTEXT.QUEUE_MANAGER_NOTIFICATION]: 'a notification',
  [ERROR_CONTEXT.LOCAL_FILE]: 'the local file',
  [ERROR_CONTEXT.REMOTE_FILE]: 'the server (remote file)',
  [ERROR_CONTEXT.GENERAL_TRANSPORT]: 'the network (transport)',
  [ERROR_CONTEXT.REMOTE_APPLICATION]: 'the server application',
};

const RETRIED = 'It will be retried automatically.';
const STOPPED = 'The job has stopped; fix the cause, then retry it.';

function wordingFor(facts: ErrorFacts, code: number): Wording {
  const reply = facts.phase === 'reply';
  const message = facts.message ?? '';
  switch (code) {
    case HRESULT.BG_E_SESSION_NOT_FOUND:
      return /keeps losing/i.test(message)
        ? {
            reason: 'The server keeps forgetting this upload session',
            transient: 'It will try again later, from the beginning.',
            todo: 'The server may be a farm without shared storage, or purging sessions early; tell its administrator.',
          }
        : {
            reason: 'The server forgot this upload session',
            transient: 'It starts again from the beginning.',
          };
    case HRESULT.BG_E_TOO_LARGE:
      return reply
        ? {
            reason: 'The server’s reply is over the size or time limit for replies',
            todo: 'Raise the reply limits in Settings if replies this large are expected, then retry.',
          }
        : {
            reason: 'The file is larger than this server accepts',
            todo: 'Ask the server administrator to raise the upload limit, or send a smaller file.',
          };
    case HRESULT.ERROR_DISK_FULL:
    case HRESULT.ERROR_DISK_FULL_AS_PRINTED:
      return {
        reason: 'The server is out of disk space',
        transient: 'The upload resumes by itself once the server has room again.',
      };
    case HRESULT.BG_E_NO_PROGRESS:
      return facts.context === ERROR_CONTEXT.GENERAL_QUEUE_MANAGER
        ? {
            reason: 'No progress for too long, so the job gave up',
            todo: 'Check that the server is reachable, then retry the job.',
          }
        : {
            reason: 'The server keeps answering without accepting any data',
            transient: 'It will be retried later.',
          };
    case HRESULT.BG_E_CONNECT_FAILURE:
      return /\bproxy\b/i.test(message)
        ? { reason: 'The proxy could not be used', transient: RETRIED }
        : {
            reason: 'Could not connect to the server',
            transient: 'It will be retried when the network is back.',
            todo: 'Check the network connection and the server address.',
          };
    case HRESULT.BG_E_CONNECTION_CLOSED:
      return {
        reason: 'The connection to the server dropped',
        transient: 'It resumes from what the server has acknowledged.',
      };
    case HRESULT.ERROR_WINHTTP_TIMEOUT:
      return { reason: 'The server stopped answering in time', transient: RETRIED };
    case HRESULT.ERROR_WINHTTP_SECURE_FAILURE:
      return {
        reason: 'The secure connection to the server failed',
        todo: 'The server’s certificate is not trusted or names another host; for a private CA, give the job its certificate.',
      };
    case HRESULT.BG_E_INVALID_SERVER_RESPONSE:
      return reply && facts.classification === 'transient'
        ? { reason: 'The reply changed on the server while it was downloading', transient: RETRIED }
        : {
            reason: 'The server answered in a way the BITS protocol does not allow',
            todo: 'Check that the URL is a BITS upload endpoint; if it is, the server or a proxy is misbehaving.',
          };
    case HRESULT.BG_E_LOCAL_FILE_CHANGED:
      return /no longer exists/i.test(message)
        ? {
            reason: 'The file on this computer is gone',
            todo: 'Put the file back where it was, or remove this job.',
          }
        : {
            reason: 'The file on this computer changed after the upload began',
            todo: 'Start a new upload of the file once it stops changing.',
          };
    case HRESULT.BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH:
      return {
        reason: 'The server speaks an upload protocol this app does not',
        todo: 'Check that the URL is a BITS upload endpoint.',
      };
    case HRESULT.BG_E_MISSING_FILE_SIZE:
      return {
        reason: 'The server did not say how large its reply is',
        todo: 'Ask the server administrator to serve replies as static files.',
      };
    case HRESULT.BG_E_INSUFFICIENT_RANGE_SUPPORT:
      return {
        reason: 'The server cannot continue a reply download part-way',
        fatal: 'Retrying downloads the reply from the beginning.',
      };
    case ERROR_CRC:
      return {
        reason: 'The server received different bytes from those in this file',
        todo: 'Cancel the job and upload the file again.',
      };
    case HRESULT.E_ACCESSDENIED:
      return facts.httpStatus === 501
        ? {
            reason: 'BITS uploads are not enabled at this URL',
            todo: 'Ask the administrator to enable BITS uploads on the server, or check the URL.',
          }
        : { reason: 'The server refused access', todo: 'Check your permissions on the server.' };
    case HRESULT.BG_E_NETWORK_DISCONNECTED:
      return {
        reason: 'This computer is not connected to a network',
        transient: 'It continues when the network is back.',
      };
    case HRESULT.BG_E_INSUFFICIENT_HTTP_SUPPORT:
      return {
        reason: 'The server’s HTTP support is not enough for BITS',
        todo: 'BITS needs an HTTP/1.1 server.',
      };
    case HRESULT.BG_E_ERROR_CONTEXT_REMOTE_APPLICATION:
      return { reason: 'The application behind the server failed', todo: 'Tell the server’s administrator.' };
    case HRESULT.BG_E_SERVER_EXECUTE_ENABLED:
      return {
        reason: 'The server folder lets scripts run, so it refuses uploads',
        todo: 'Ask the administrator to turn off execute permission on the upload folder.',
      };
    case HRESULT.BG_E_INVALID_CREDENTIALS:
      return {
        reason: 'The user name or password is not valid',
        todo: 'Give the job the right user name and password.',
      };
    case HRESULT.E_INVALIDARG:
      return {
        reason: 'The server says the request was not valid',
        todo: 'Check the URL and any custom headers.',
      };
    case HRESULT.E_ABORT:
      return { reason: 'The transfer was stopped', transient: RETRIED };
    case HRESULT.E_FAIL:
      return localWording(facts, message);
    default:
      if (code >= HTTP_BASE && code < HTTP_BASE + 600) return httpReason(code - HTTP_BASE, facts);
      if (facts.httpStatus !== undefined) return httpReason(facts.httpStatus, facts);
      // A code outside the catalogue: the engine's own sentence is the best plain words there are.
      return {
        reason: message.trim().replace(/\.$/, '') || 'The server reported an error this app does not know',
      };
  }
}

/** E_FAIL: our own failures, told apart by where they happened (context) and the engine's message. */
function localWording(facts: ErrorFacts, message: string): Wording {
  switch (facts.context) {
    case ERROR_CONTEXT.LOCAL_FILE:
      if (facts.phase === 'reply') return { reason: 'The reply could not be saved on this computer' };
      if (/certificate/i.test(message)) return { reason: 'The CA certificate file cannot be read' };
      if (/reply/i.test(message)) return { reason: 'The reply path cannot be used' };
      return { reason: 'The file on this computer cannot be read' };
    case ERROR_CONTEXT.GENERAL_QUEUE_MANAGER:
      if (/saved password|saved header/i.test(message))
        return { reason: 'The saved password or headers for this job cannot be read' };
      if (/damaged/i.test(message)) return { reason: 'The saved details of this job are damaged' };
      if (/database/i.test(message))
        return {
          reason: 'Progress could not be saved in the queue database',
          transient: 'It continues from the server’s position once saving works again.',
        };
      return { reason: 'This app could not use its saved data for the job' };
    case ERROR_CONTEXT.GENERAL_TRANSPORT:
      return { reason: 'The proxy setting cannot be used' };
    default:
      return { reason: 'Something unexpected went wrong' };
  }
}

/** Plain words for a job's error (see ErrorExplanation). */
export function explainError(facts: ErrorFacts): ErrorExplanation {
  const code = parseHresult(facts.code) ?? 0;
  const wording =
    facts.context === ERROR_CONTEXT.REMOTE_APPLICATION && facts.phase !== 'local-file'
      ? {
          reason: 'The server received the file, but the application behind it failed',
          transient: RETRIED,
          todo: 'Tell the server’s administrator if it keeps happening.',
        }
      : wordingFor(facts, code);
  const next =
    facts.classification === 'transient' ? (wording.transient ?? RETRIED) : (wording.fatal ?? STOPPED);
  // An engine hint naming command-line flags ("--ca <file>") is the CLI's; the catalogue says it for both.
  const cliHint = facts.hint !== undefined && /(^|\s)--[a-z]/.test(facts.hint);
  const hint = (cliHint ? (wording.todo ?? facts.hint) : facts.hint) ?? wording.todo;
  const explanation: ErrorExplanation = {
    reason: wording.reason,
    summary: `${wording.reason} (${facts.code}).`,
    next,
    contextName: CONTEXT_NAMES[facts.context] ?? `context ${facts.context}`,
  };
  if (hint) explanation.hint = hint;
  const name =
    CODE_NAMES[code] ?? (code >= HTTP_BASE && code < HTTP_BASE + 600 ? 'BG_E_HTTP_ERROR' : undefined);
  if (name) explanation.codeName = name;
  return explanation;
}
