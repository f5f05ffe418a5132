import { ERROR_CONTEXT, HRESULT } from '../../shared/bits-codes.js';

/** Whether the job layer should retry (transient) or stop and tell the user (fatal). */
export type ErrorClass = 'transient' | 'fatal';

/** Which part of the job failed: lets the user see that an upload succeeded even if its reply did not. */
export type ErrorPhase = 'upload' | 'reply' | 'close' | 'cancel' | 'local-file';

/** What the server actually sent (or what we tried), kept so the user or support can see it. */
export interface ErrorEvidence {
  /** e.g. "BITS_POST http://host/up/a.bin (Fragment bytes 0-1023/4096)". */
  request?: string;
  statusLine?: string;
  headers?: Array<[string, string]>;
  /** The first bytes of a body that should not have been there, or of an error page. */
  body?: string;
  /** Low-level detail: socket error code, parser error, etc. */
  detail?: string;
}

export interface BitsErrorInit {
  code: number;
  context?: number;
  classification: ErrorClass;
  phase: ErrorPhase;
  httpStatus?: number;
  /** What the user can do about it, in plain words. */
  hint?: string;
  evidence?: ErrorEvidence;
  cause?: unknown;
}

/**
 * Every failure the protocol layer reports: an HRESULT and context as Windows BITS would
 * report them, a plain-language message, its retry class, and the raw evidence.
 */
export class BitsError extends Error {
  readonly code: number;
  readonly context: number;
  readonly classification: ErrorClass;
  readonly phase: ErrorPhase;
  readonly httpStatus?: number;
  readonly hint?: string;
  readonly evidence: ErrorEvidence;

  constructor(message: string, init: BitsErrorInit) {
    super(message, { cause: init.cause });
    this.name = 'BitsError';
    this.code = init.code >>> 0;
    this.context = init.context ?? ERROR_CONTEXT.REMOTE_FILE;
    this.classification = init.classification;
    this.phase = init.phase;
    this.httpStatus = init.httpStatus;
    this.hint = init.hint;
    this.evidence = init.evidence ?? {};
  }

  get transient(): boolean {
    return this.classification === 'transient';
  }
}

/** The server broke the protocol (missing cursor, garbled answer...): BG_E_INVALID_SERVER_RESPONSE. */
export function protocolError(
  message: string,
  phase: ErrorPhase,
  evidence: ErrorEvidence,
  classification: ErrorClass = 'fatal',
): BitsError {
  return new BitsError(message, {
    code: HRESULT.BG_E_INVALID_SERVER_RESPONSE,
    context: ERROR_CONTEXT.REMOTE_FILE,
    classification,
    phase,
    evidence,
    hint: 'The server answered in a way the BITS protocol does not allow. Check that the URL points at a BITS upload endpoint; if it does, the server or a proxy in between is misbehaving.',
  });
}

export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR')
  );
}
